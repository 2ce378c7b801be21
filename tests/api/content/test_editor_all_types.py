"""Editor API for every content type: the role table of every item action, and query counts
(public detail, editor list, detail and revisions) that do not grow with the data."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.content.models import DocumentTypeImage, Status
from apps.content.services.revisions import revision_write
from tests.api.content.conftest import FACTORIES
from tests.conftest import ALL_ROLES, clear_own_cache
from tests.content.factories import (
    ProcessFactory,
    StepFactory,
    TopicFactory,
    UserTypeFactory,
)

pytestmark = pytest.mark.django_db

PA_PREFIXES = [prefix for prefix in FACTORIES if prefix != "comments"]
EXTRA = {
    "events": lambda: {
        "start": timezone.now() + dt.timedelta(days=3),
        "end": timezone.now() + dt.timedelta(days=3, hours=2),
    },
    "courses": lambda: {
        "start_date": timezone.localdate() + dt.timedelta(days=7),
        "end_date": timezone.localdate() + dt.timedelta(days=60),
    },
}

D = 404  # an item outside the user's scope is not found for them
NO_EDITOR = {"anonymous": 401, "migrant": 403, "pa_analyst": 403}

# A PA-owned item of the PA users' organisation and region: NGO roles do not see it.
PA_READ = {**NO_EDITOR, "pa_admin": 200, "pa_editor": 200, "pa_translator": 200,
           "ngo_admin": D, "ngo_editor": D}  # fmt: skip
PA_AUTHOR = {**PA_READ, "pa_translator": 403}
PA_ADMIN = {**PA_AUTHOR, "pa_editor": 403}

# An NGO-owned comment in the same region: the NGO authors edit it, the PA admin moderates
# it (publish, archive, send back) without editing its text, the PA translator translates it,
# the NGO admin may archive it.
NGO_READ = {**NO_EDITOR, "pa_admin": 200, "pa_editor": 200, "pa_translator": 200,
            "ngo_admin": 200, "ngo_editor": 200}  # fmt: skip
NGO_AUTHOR = {**NGO_READ, "pa_admin": 403, "pa_editor": 403, "pa_translator": 403}
NGO_TRANSLATE = {**NGO_AUTHOR, "pa_translator": 200}
NGO_MODERATE = {**NO_EDITOR, "pa_admin": 200, "pa_editor": 403, "pa_translator": 403,
                "ngo_admin": 403, "ngo_editor": 403}  # fmt: skip
NGO_ARCHIVE = {**NGO_MODERATE, "ngo_admin": 200}

# action: (method, path after the item url, body builder(item, title field), status the item
# starts in, expected for a PA-owned item, expected for an NGO-owned comment)
ACTIONS = {
    "detail": ("get", "", None, Status.DRAFT, PA_READ, NGO_READ),
    "revisions": ("get", "revisions/", None, Status.DRAFT, PA_READ, NGO_READ),
    "update": ("patch", "", lambda i, f: {"version": i.version, f: {"de": "Neu"}},
               Status.DRAFT, PA_AUTHOR, NGO_AUTHOR),
    "translate": ("patch", "", lambda i, f: {"version": i.version, f: {"ar": "جديد"}},
                  Status.DRAFT, PA_READ, NGO_TRANSLATE),
    "submit": ("post", "submit/", None, Status.DRAFT, PA_AUTHOR, NGO_AUTHOR),
    "publish": ("post", "publish/", None, Status.IN_REVIEW, PA_ADMIN, NGO_MODERATE),
    "archive": ("post", "archive/", None, Status.PUBLISHED, PA_ADMIN, NGO_ARCHIVE),
    "return-to-draft": ("post", "return-to-draft/", None, Status.IN_REVIEW,
                        PA_ADMIN, NGO_MODERATE),
    "restore": ("post", "restore/", lambda i, f: {"version": i.version, "revision": 1},
                Status.DRAFT, PA_AUTHOR, NGO_AUTHOR),
}  # fmt: skip
CASES = [
    (prefix, action, role)
    for prefix in FACTORIES
    for action, case in ACTIONS.items()
    for role in (case[5] if prefix == "comments" else case[4])
]


def test_tables_cover_every_role_action_and_prefix():
    from apps.api.content.views import EDITOR_VIEWSETS

    assert set(FACTORIES) == set(EDITOR_VIEWSETS)
    for action, case in ACTIONS.items():
        assert set(case[4]) == set(ALL_ROLES), action
        assert set(case[5]) == set(ALL_ROLES), action
    assert len(CASES) == len(FACTORIES) * len(ACTIONS) * len(ALL_ROLES)


def _item(prefix, status, *, region, organisation, process=None):
    kwargs = {"region": region, "organisation": organisation, "status": status}
    kwargs |= EXTRA.get(prefix, dict)()
    if prefix == "comments":
        kwargs["process"] = process
    item = FACTORIES[prefix](**kwargs)
    if prefix == "processes":
        StepFactory(process=item)
    revision_write(item=item, user=None, action="import")
    return item


@pytest.mark.parametrize(("prefix", "action", "role"), CASES)
def test_editor_role_table_for_every_type(
    api_client, municipality, pa_organisation, ngo_organisation, prefix, action, role
):
    method, path, body, status, pa_expected, ngo_expected = ACTIONS[action]
    if prefix == "comments":
        process = ProcessFactory(region=municipality, organisation=pa_organisation)
        item = _item(prefix, status, region=municipality, organisation=ngo_organisation,
                     process=process)  # fmt: skip
        expected = ngo_expected[role]
    else:
        item = _item(prefix, status, region=municipality, organisation=pa_organisation)
        expected = pa_expected[role]
    model = type(item)
    before = (item.version, item.status)
    client = api_client(role)
    url = f"/api/v1/editor/{prefix}/{item.pk}/{path}"
    data = body(item, model.TITLE_FIELD) if body else None
    response = getattr(client, method)(url, data, format="json")
    assert response.status_code == expected, response.content
    item = model.objects.get(pk=item.pk)
    if response.status_code >= 400:
        assert "error" in response.json()
        assert (item.version, item.status) == before  # a refusal changes nothing
        return
    after = {
        "update": lambda: getattr(item, f"{model.TITLE_FIELD}_de") == "Neu",
        "translate": lambda: getattr(item, f"{model.TITLE_FIELD}_ar") == "جديد",
        "submit": lambda: item.status == Status.IN_REVIEW,
        "publish": lambda: item.status == Status.PUBLISHED,
        "archive": lambda: item.status == Status.ARCHIVED,
        "return-to-draft": lambda: item.status == Status.DRAFT,
        "restore": lambda: item.version == before[0] + 1,
    }.get(action, lambda: (item.version, item.status) == before)
    assert after(), (action, item.version, item.status)
    if method == "get":
        payload = response.json()
        if action == "revisions":
            assert [row["number"] for row in payload] == [1]
        else:
            assert payload["id"] == item.pk


# --- query counts ------------------------------------------------------------------------


def _count(client, url):
    clear_own_cache()  # every measured request starts from the same (cold) cache
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(ctx.captured_queries), response.json()


def _published(prefix, municipality, organisation, *, process=None, **kwargs):
    kwargs |= EXTRA.get(prefix, dict)()
    if prefix == "comments":
        kwargs["process"] = process or ProcessFactory(region=municipality)
    return FACTORIES[prefix](region=municipality, organisation=organisation, **kwargs)


def _rich_item(prefix, n, municipality, pa_organisation):
    """A published item with n topics, n user types, n mentions of each mentionable kind in
    its rich text (and n example images for a document type)."""
    targets = [
        (kind, _published(name, municipality, pa_organisation))
        for _ in range(n)
        for kind, name in (
            ("g", "glossary"),
            ("p", "processes"),
            ("i", "information"),
            ("e", "events"),
        )
    ]
    text = " ".join(f"@[{kind},{t.pk}](x{t.pk})" for kind, t in targets)
    model = FACTORIES[prefix]._meta.model
    rich = {f"{field}_de": f"<p>{text}</p>" for field in model.RICH_FIELDS}
    item = _published(prefix, municipality, pa_organisation, **rich)
    item.topics.set([TopicFactory() for _ in range(n)])
    item.user_types.set([UserTypeFactory() for _ in range(n)])
    if prefix == "document-types":
        for i in range(n):
            DocumentTypeImage.objects.create(
                document_type=item, image=f"content/document-types/{i}.png", caption_de=f"B{i}"
            )
    return item


# Measured with a cold cache. Public detail: the item, topics, user types, one query per
# mentioned kind (4), the translation state of the language served (1); processes add
# steps, links and comments, document types their images.
PUBLIC_DETAIL = dict.fromkeys(FACTORIES, 8) | {"processes": 11, "document-types": 9}
# Editor: token, role grants, then the list (count, page) or the item, its topics and user
# types (+ images; + steps and links); revisions: the item as for the detail, then the
# revisions with their authors.
EDITOR_LIST = dict.fromkeys(FACTORIES, 6) | {"document-types": 7}
EDITOR_DETAIL = dict.fromkeys(FACTORIES, 5) | {"processes": 7, "document-types": 6}
EDITOR_REVISIONS = dict.fromkeys(FACTORIES, 6) | {"processes": 8, "document-types": 7}


@pytest.mark.parametrize("prefix", sorted(FACTORIES))
def test_public_detail_query_count_for_every_type(client, prefix, municipality, pa_organisation):
    counts = []
    for n in (3, 30):
        item = _rich_item(prefix, n, municipality, pa_organisation)
        count, data = _count(client, f"/api/v1/{prefix}/{item.pk}/?lang=ar")
        assert data["id"] == item.pk and len(data["topics"]) == n
        rich = data[FACTORIES[prefix]._meta.model.RICH_FIELDS[0]]
        assert rich.count("mention mention-") == 4 * n, rich
        if prefix == "document-types":
            assert len(data["images"]) == n
        counts.append(count)
    assert counts == [PUBLIC_DETAIL[prefix]] * 2


@pytest.mark.parametrize("prefix", sorted(FACTORIES))
def test_editor_list_query_count_for_every_type(api_client, prefix, municipality, pa_organisation):
    client = api_client("pa_admin")
    process = ProcessFactory(region=municipality, organisation=pa_organisation)
    topics = [TopicFactory() for _ in range(3)]
    user_types = [UserTypeFactory() for _ in range(3)]

    def make(n):
        for _ in range(n):
            item = _published(prefix, municipality, pa_organisation, process=process)
            item.topics.set(topics)
            item.user_types.set(user_types)

    counts = []
    for n, total in ((3, 3), (27, 30)):
        make(n)
        count, data = _count(client, f"/api/v1/editor/{prefix}/")
        assert data["count"] == total + (1 if prefix == "processes" else 0)
        counts.append(count)
    assert counts == [EDITOR_LIST[prefix]] * 2


@pytest.mark.parametrize("prefix", sorted(FACTORIES))
def test_editor_detail_query_count_for_every_type(
    api_client, prefix, municipality, pa_organisation
):
    client = api_client("pa_admin")
    counts = []
    for n in (3, 30):
        item = _rich_item(prefix, n, municipality, pa_organisation)
        count, data = _count(client, f"/api/v1/editor/{prefix}/{item.pk}/")
        assert data["id"] == item.pk and len(data["topics"]) == n
        counts.append(count)
    assert counts == [EDITOR_DETAIL[prefix]] * 2


@pytest.mark.parametrize("prefix", sorted(FACTORIES))
def test_editor_revisions_query_count_for_every_type(
    api_client, prefix, municipality, pa_organisation
):
    admin = api_client("pa_admin")
    counts = []
    for n in (3, 30):
        item = _published(prefix, municipality, pa_organisation)
        model = type(item)
        for i in range(n):
            item.version = i + 1  # a revision's number is the item's version
            setattr(item, f"{model.TITLE_FIELD}_de", f"Fassung {i}")
            item.save()
            revision_write(item=item, user=admin.user, action="update")
        count, data = _count(admin, f"/api/v1/editor/{prefix}/{item.pk}/revisions/")
        assert [row["number"] for row in data] == list(range(n, 0, -1))
        assert data[0]["author"] and data[0]["changes"]
        counts.append(count)
    assert counts == [EDITOR_REVISIONS[prefix]] * 2
