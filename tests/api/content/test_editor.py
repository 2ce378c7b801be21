"""Editor API (token auth): role table per endpoint, bad input changes nothing, the full flow."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.content.models import Event, Process, Status, StepLink
from tests.conftest import ALL_ROLES
from tests.content.factories import (
    CourseFactory,
    EventFactory,
    ProcessFactory,
    StepFactory,
    StepLinkFactory,
)

pytestmark = pytest.mark.django_db

D = 404  # an item outside the user's scope is not found for them

EDITOR_READ = {
    "anonymous": 401,
    "migrant": 403,
    "pa_admin": 200,
    "pa_analyst": 403,
    "pa_editor": 200,
    "pa_translator": 200,
    "ngo_admin": 200,
    "ngo_editor": 200,
}
AUTHOR = {
    "anonymous": 401,
    "migrant": 403,
    "pa_admin": 200,
    "pa_analyst": 403,
    "pa_editor": 200,
    "pa_translator": 403,
    "ngo_admin": D,
    "ngo_editor": D,
}
ADMIN = {**AUTHOR, "pa_editor": 403}
READ_PA_ITEM = {**AUTHOR, "pa_translator": 200}


def _created(table):
    return {role: 201 if code == 200 else code for role, code in table.items()}


# (method, url template, body builder, expected per role); {pk}, {step}, {link} are filled in.
CASES = {
    "list": ("get", "/api/v1/editor/processes/", None, EDITOR_READ),
    "detail": ("get", "/api/v1/editor/processes/{pk}/", None, READ_PA_ITEM),
    "revisions": ("get", "/api/v1/editor/processes/{pk}/revisions/", None, READ_PA_ITEM),
    "update": ("patch", "/api/v1/editor/processes/{pk}/",
               lambda p: {"version": p.version, "title": {"de": "Neu"}}, AUTHOR),
    "translate": ("patch", "/api/v1/editor/processes/{pk}/",
                  lambda p: {"version": p.version, "title": {"ar": "جديد"}}, READ_PA_ITEM),
    "submit": ("post", "/api/v1/editor/processes/{pk}/submit/", None, AUTHOR),
    "publish": ("post", "/api/v1/editor/processes/{pk}/publish/", None, ADMIN),
    "archive": ("post", "/api/v1/editor/processes/{pk}/archive/", None, ADMIN),
    "restore": ("post", "/api/v1/editor/processes/{pk}/restore/",
                lambda p: {"version": p.version, "revision": 1}, AUTHOR),
    "step-create": ("post", "/api/v1/editor/processes/{pk}/steps/",
                    lambda p: {"version": p.version, "title": {"de": "S"}}, _created(AUTHOR)),
    "step-update": ("patch", "/api/v1/editor/processes/{pk}/steps/{step}/",
                    lambda p: {"version": p.version, "title": {"ar": "خطوة"}}, READ_PA_ITEM),
    "step-delete": ("delete", "/api/v1/editor/processes/{pk}/steps/{step}/?version={version}",
                    None, AUTHOR),
    "step-move": ("post", "/api/v1/editor/processes/{pk}/steps/{step}/move/",
                  lambda p: {"version": p.version, "direction": "down"}, AUTHOR),
    "link-create": ("post", "/api/v1/editor/processes/{pk}/links/",
                    lambda p: {"version": p.version, "from_step": p.steps.all()[0].pk,
                               "to_step": p.steps.all()[2].pk}, _created(AUTHOR)),
    "link-delete": ("delete", "/api/v1/editor/processes/{pk}/links/{link}/?version={version}",
                    None, AUTHOR),
    "link-label": ("patch", "/api/v1/editor/processes/{pk}/links/{link}/",
                   lambda p: {"version": p.version, "label": {"ar": "إذا"}}, READ_PA_ITEM),
    "create": ("post", "/api/v1/editor/processes/",
               lambda p: {"organisation": p.organisation_id, "title": {"de": "Neu"}},
               _created({**AUTHOR, "ngo_admin": 403, "ngo_editor": 403})),
}  # fmt: skip
ROLE_CASES = [(name, role) for name, case in CASES.items() for role in case[3]]


def test_tables_cover_every_role():
    for name, case in CASES.items():
        assert set(case[3]) == set(ALL_ROLES), name


@pytest.fixture
def pa_process(municipality, pa_organisation):
    process = ProcessFactory(region=municipality, organisation=pa_organisation, status=Status.DRAFT)
    a, b = StepFactory(process=process), StepFactory(process=process)
    StepFactory(process=process)
    StepLinkFactory(process=process, from_step=a, to_step=b)
    from apps.content.services.revisions import revision_write

    revision_write(item=process, user=None, action="import")
    return process


@pytest.mark.parametrize(("name", "role"), ROLE_CASES)
def test_editor_role_table(api_client, pa_process, name, role):
    method, template, body, expected = CASES[name]
    url = template.format(
        pk=pa_process.pk,
        step=pa_process.steps.first().pk,
        link=pa_process.links.first().pk,
        version=pa_process.version,
    )
    client = api_client(role)
    response = getattr(client, method)(url, body(pa_process) if body else None, format="json")
    assert response.status_code == expected[role], response.content
    if response.status_code >= 400:
        assert "error" in response.json()


@pytest.mark.parametrize("role", ALL_ROLES)
def test_ngo_comment_role_table(api_client, role, pa_process, ngo_organisation):
    expected = {"ngo_admin": 201, "ngo_editor": 201, "anonymous": 401, "migrant": 403,
                "pa_analyst": 403}.get(role, 403)  # fmt: skip
    response = api_client(role).post(
        "/api/v1/editor/comments/",
        {"organisation": ngo_organisation.pk, "process": pa_process.pk, "text": {"de": "Tipp"}},
        format="json",
    )
    assert response.status_code == expected, response.content


@pytest.mark.parametrize("prefix", ["document-types", "glossary", "information", "events",
                                    "courses", "offices", "comments"])  # fmt: skip
@pytest.mark.parametrize("role", ALL_ROLES)
def test_editor_lists_for_every_type(api_client, role, prefix):
    assert api_client(role).get(f"/api/v1/editor/{prefix}/").status_code == EDITOR_READ[role]


def test_ngo_sees_and_edits_only_its_own_items(api_client, ngo_organisation, municipality):
    from tests.factories import OrganisationFactory

    own = CourseFactory(region=municipality, organisation=ngo_organisation, status=Status.DRAFT)
    other_ngo = OrganisationFactory(kind="ngo", region=municipality)
    foreign = CourseFactory(region=municipality, organisation=other_ngo, status=Status.DRAFT)
    client = api_client("ngo_editor")
    ids = [row["id"] for row in client.get("/api/v1/editor/courses/").json()["results"]]
    assert ids == [own.pk]
    patch = {"version": 1, "title": {"de": "Gekapert"}}
    assert (
        client.patch(f"/api/v1/editor/courses/{foreign.pk}/", patch, format="json").status_code
        == 404
    )
    assert (
        client.patch(f"/api/v1/editor/courses/{own.pk}/", patch, format="json").status_code == 200
    )
    foreign.refresh_from_db()
    assert foreign.title_de != "Gekapert"


def test_stale_version_is_a_conflict_and_changes_nothing(api_client, pa_process):
    editor = api_client("pa_editor")
    url = f"/api/v1/editor/processes/{pa_process.pk}/"
    first = editor.patch(url, {"version": 1, "title": {"de": "Erste"}}, format="json")
    assert first.status_code == 200 and first.json()["version"] == 2
    stale = editor.patch(url, {"version": 1, "title": {"de": "Zweite"}}, format="json")
    assert stale.status_code == 409
    error = stale.json()["error"]
    assert error["code"] == "stale_version" and error["current_version"] == 2
    assert {"field": "title_de", "old": pa_process.title_de, "new": "Erste"} in error["changes"]
    assert Process.objects.get(pk=pa_process.pk).title_de == "Erste"
    missing = editor.patch(url, {"title": {"de": "ohne"}}, format="json")
    assert missing.status_code == 400


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"description": {"de": "<script>alert(1)</script>"}}, "description_de"),
        ({"summary": {"ar": '<img src=x onerror="alert(1)">'}}, "summary_ar"),
        ({"title": {"de": ""}}, "title_de"),
        ({"title": {"xx": "?"}}, "title"),
    ],
)
def test_bad_text_input_is_refused(api_client, pa_process, body, field):
    before = Process.objects.get(pk=pa_process.pk)
    response = api_client("pa_editor").patch(
        f"/api/v1/editor/processes/{pa_process.pk}/", {"version": 1, **body}, format="json"
    )
    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]
    after = Process.objects.get(pk=pa_process.pk)
    assert (after.version, after.title_de, after.description_de) == (
        before.version, before.title_de, before.description_de,
    )  # fmt: skip


def test_step_link_to_another_process_and_cycle_are_refused(api_client, pa_process):
    other = ProcessFactory(region=pa_process.region, organisation=pa_process.organisation)
    foreign = StepFactory(process=other)
    a, b, _c = pa_process.steps.all()
    client = api_client("pa_editor")
    url = f"/api/v1/editor/processes/{pa_process.pk}/links/"
    r1 = client.post(url, {"version": 1, "from_step": a.pk, "to_step": foreign.pk}, format="json")
    r2 = client.post(url, {"version": 1, "from_step": b.pk, "to_step": a.pk}, format="json")
    assert r1.status_code == r2.status_code == 400
    assert "to_step" in r1.json()["error"]["fields"] and "to_step" in r2.json()["error"]["fields"]
    assert StepLink.objects.filter(process=pa_process).count() == 1
    assert Process.objects.get(pk=pa_process.pk).version == 1


def test_event_ending_before_start_is_refused(api_client, pa_organisation):
    start = timezone.now() + dt.timedelta(days=1)
    response = api_client("pa_editor").post(
        "/api/v1/editor/events/",
        {"organisation": pa_organisation.pk, "title": {"de": "Fest"}, "start": start.isoformat(),
         "end": (start - dt.timedelta(hours=2)).isoformat()},
        format="json",
    )  # fmt: skip
    assert response.status_code == 400
    assert "end" in response.json()["error"]["fields"]
    assert not Event.objects.exists()


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_editor_query_budgets(api_client, municipality, pa_organisation, django_assert_num_queries):
    client = api_client("pa_editor")
    for _ in range(3):
        EventFactory(region=municipality, organisation=pa_organisation)
    small = ProcessFactory(region=municipality, organisation=pa_organisation)
    big = ProcessFactory(region=municipality, organisation=pa_organisation)
    for _ in range(3):
        StepFactory(process=small)
    for _ in range(30):
        StepFactory(process=big)
    list_budget = _count(client, "/api/v1/editor/events/")
    detail_budget = _count(client, f"/api/v1/editor/processes/{small.pk}/")
    for _ in range(27):
        EventFactory(region=municipality, organisation=pa_organisation)
    with django_assert_num_queries(list_budget):
        assert client.get("/api/v1/editor/events/").json()["count"] == 30
    with django_assert_num_queries(detail_budget):
        assert len(client.get(f"/api/v1/editor/processes/{big.pk}/").json()["steps"]) == 30


def test_full_flow_five_steps_branch_documents_office_in_german_and_arabic(
    api_client, make_user, pa_organisation
):
    editor = api_client("pa_editor")
    admin, translator, public = (
        api_client("pa_admin"),
        api_client("pa_translator"),
        api_client("anonymous"),
    )
    org = pa_organisation.pk

    def post(client, url, body, code=201):
        response = client.post(url, body, format="json")
        assert response.status_code == code, response.content
        return response.json()

    office = post(editor, "/api/v1/editor/offices/", {"organisation": org,
                  "name": {"de": "Bürgeramt"}, "address": "Markt 1"})  # fmt: skip
    docs = [
        post(editor, "/api/v1/editor/document-types/", {"organisation": org, "name": {"de": n}})
        for n in ("Reisepass", "Meldebescheinigung")
    ]
    new = {"organisation": org, "title": {"de": "Wohnsitz anmelden"}, "description": {"de": "-"}}
    process = post(editor, "/api/v1/editor/processes/", new)
    url = f"/api/v1/editor/processes/{process['id']}/"
    version = process["version"]
    for i in range(5):
        body = {"version": version, "title": {"de": f"Schritt {i + 1}"}}
        if i == 0:
            body |= {"office": office["id"], "required_documents": [docs[0]["id"]]}
        if i == 4:
            body |= {"produced_documents": [docs[1]["id"]]}
        result = post(editor, url + "steps/", body)
        version = result["version"]
    steps = [s["id"] for s in result["steps"]]
    for a, b, label in [(0, 1, None), (1, 2, {"de": "wenn Sie ein Jobangebot haben"}),
                        (1, 3, None), (2, 4, None), (3, 4, None)]:  # fmt: skip
        body = {"version": version, "from_step": steps[a], "to_step": steps[b]}
        if label:
            body["label"] = label
        version = post(editor, url + "links/", body)["version"]
    for doc in (*docs, office):
        kind = "offices" if doc is office else "document-types"
        post(admin, f"/api/v1/editor/{kind}/{doc['id']}/publish/", {}, 200)
    assert post(editor, url + "submit/", {}, 200)["status"] == "in_review"
    assert editor.post(url + "publish/", {}, format="json").status_code == 403
    assert post(admin, url + "publish/", {}, 200)["status"] == "published"

    public_url = f"/api/v1/processes/{process['id']}/"
    de = public.get(public_url, {"lang": "de"}).json()
    assert (de["language"], de["fallback"], de["title"]) == ("de", False, "Wohnsitz anmelden")
    assert len(de["steps"]) == 5 and de["steps"][0]["office"]["name"] == "Bürgeramt"
    assert [link["label"] for link in de["links"] if link["label"]] == [
        "wenn Sie ein Jobangebot haben"
    ]
    assert de["steps"][0]["required_documents"] == [docs[0]["id"]]
    assert public.get(public_url, {"lang": "ar"}).json()["fallback"] is True

    current = translator.get(url).json()
    arabic = {"version": current["version"], "title": {"ar": "تسجيل السكن"}}
    version = translator.patch(url, arabic, format="json").json()["version"]
    for i, step_id in enumerate(steps):
        response = translator.patch(
            f"{url}steps/{step_id}/", {"version": version, "title": {"ar": f"الخطوة {i + 1}"}},
            format="json",
        )  # fmt: skip
        assert response.status_code == 200, response.content
        version = response.json()["version"]
    link_id = next(link["id"] for link in current["links"] if link["label"]["de"])
    assert link_id
    ar = public.get(public_url, HTTP_ACCEPT_LANGUAGE="ar").json()
    assert (ar["language"], ar["fallback"], ar["title"]) == ("ar", False, "تسجيل السكن")
    assert [s["title"] for s in ar["steps"]][0] == "الخطوة 1"
    # The label was not translated yet: the German one is shown, never an empty branch.
    assert "wenn Sie ein Jobangebot haben" in [link["label"] for link in ar["links"]]


@pytest.mark.parametrize(
    ("target", "role"),
    [
        ("other_organisation", "pa_editor"),
        ("federation", "pa_editor"),
        ("other_municipality", "pa_editor"),
        ("other_organisation", "pa_admin"),
        ("other_ngo", "ngo_editor"),
    ],
)
def test_nobody_writes_for_another_organisation_or_region(
    api_client, pa_organisation, ngo_organisation, municipality, target, role
):
    """An author creates content only for an organisation they author for, owned by that
    organisation's region (or one below it): not federal content, not another town's."""
    from apps.accounts.roles import OrganisationKind
    from apps.regions.models import Region
    from tests.factories import MunicipalityFactory, OrganisationFactory

    elsewhere = MunicipalityFactory()
    own = ngo_organisation if role.startswith("ngo") else pa_organisation
    body = {"organisation": own.pk, "title": {"de": "Fremd"}}
    if target == "other_organisation":
        body["organisation"] = OrganisationFactory(
            kind=OrganisationKind.PUBLIC_AUTHORITY, region=elsewhere
        ).pk
    elif target == "other_ngo":
        body["organisation"] = OrganisationFactory(
            kind=OrganisationKind.NGO, region=municipality
        ).pk
    elif target == "federation":
        body["region"] = Region.objects.get(code="DE").code
    else:
        body["region"] = elsewhere.code
    response = api_client(role).post("/api/v1/editor/processes/", body, format="json")
    assert response.status_code == 403, response.content
    assert response.json()["error"]["message"]
    assert not Process.objects.exists()


def test_a_land_office_writes_for_a_municipality_below_it(api_client, make_user, municipality):
    """Content of a Land office may be owned by a municipality of that Land."""
    from apps.accounts.roles import OrganisationKind
    from tests.factories import MembershipFactory, OrganisationFactory

    land = municipality.parent.parent
    office = OrganisationFactory(kind=OrganisationKind.PUBLIC_AUTHORITY, region=land)
    client = api_client("migrant")
    MembershipFactory(user=client.user, organisation=office, role="pa_editor")
    body = {"organisation": office.pk, "region": municipality.code, "title": {"de": "Vor Ort"}}
    response = client.post("/api/v1/editor/processes/", body, format="json")
    assert response.status_code == 201, response.content
    assert Process.objects.get().region == municipality


@pytest.mark.parametrize(
    ("role", "language", "expected"),
    [("pa_translator", "ar", 200), ("pa_translator", "de", 403), ("pa_editor", "de", 200)],
)
def test_branch_labels_are_changed_through_the_api(
    api_client, pa_process, role, language, expected
):
    steps = list(pa_process.steps.order_by("position"))
    link = StepLinkFactory(process=pa_process, from_step=steps[0], to_step=steps[-1])
    version = pa_process.version
    response = api_client(role).patch(
        f"/api/v1/editor/processes/{pa_process.pk}/links/{link.pk}/",
        {"version": version, "label": {language: "Neu"}},
        format="json",
    )
    assert response.status_code == expected, response.content
    link.refresh_from_db()
    assert (getattr(link, f"label_{language}") == "Neu") == (expected == 200)
    pa_process.refresh_from_db()
    assert pa_process.version == (version + 1 if expected == 200 else version)


def test_a_body_that_is_not_json_gets_a_translated_error(api_client, pa_process):
    response = api_client("pa_editor").generic(
        "PATCH",
        f"/api/v1/editor/processes/{pa_process.pk}/",
        "{not json",
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="de",
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "parse_error"
    assert "JSON" in error["message"] and "parse error" not in error["message"]
