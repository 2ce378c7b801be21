"""Role table: every PA authoring view, every role, allowed and denied.

"sign-in" means a redirect to the sign-in page; a number is the status code.
NGO staff use their own app: the PA app answers them 403 everywhere.
"""

import pytest

from apps.content import services
from apps.content.models import Process, Status
from tests.administration.content.conftest import url
from tests.conftest import ALL_ROLES, NGO_ROLE_NAMES

SIGN_IN = "sign-in"
OUTSIDERS = {"anonymous": SIGN_IN, "migrant": 403, **dict.fromkeys(NGO_ROLE_NAMES, 403)}


def table(ok: int, *allowed: str) -> dict:
    pa = {"pa_admin": 403, "pa_editor": 403, "pa_translator": 403, "pa_analyst": 403}
    pa.update(dict.fromkeys(allowed, ok))
    return {**OUTSIDERS, **pa}


READERS = ("pa_admin", "pa_editor", "pa_translator")
AUTHORS = ("pa_admin", "pa_editor")

# (name, method, url builder(world) -> str, POST data builder, table)
VIEWS = [
    ("index", "get", lambda w: url("content-index"), None, table(200, *READERS)),
    ("list", "get", lambda w: url("content-list", "process"), None, table(200, *READERS)),
    ("list-event", "get", lambda w: url("content-list", "event"), None, table(200, *READERS)),
    ("list-topic", "get", lambda w: url("content-list", "topic"), None, table(200, *READERS)),
    (
        "bulk",
        "post",
        lambda w: url("content-list", "process"),
        lambda w: {"action": "archive", "ids": [w["process"].pk]},
        table(302, *READERS),
    ),
    ("create", "get", lambda w: url("content-create", "process"), None, table(200, *AUTHORS)),
    (
        "create-post",
        "post",
        lambda w: url("content-create", "glossary-term"),
        lambda w: {"term_de": "Meldebescheinigung"},
        table(302, *AUTHORS),
    ),
    ("create-topic", "get", lambda w: url("content-create", "topic"), None, table(200, *AUTHORS)),
    (
        "edit",
        "get",
        lambda w: url("content-edit", "process", w["process"].pk),
        None,
        table(200, *READERS),
    ),
    (
        "edit-post",
        "post",
        lambda w: url("content-edit", "process", w["process"].pk) + "?lang=de",
        lambda w: {"version": w["process"].version, "title_de": "Neuer Titel"},
        table(302, *AUTHORS),
    ),
    (
        "edit-post-translation",
        "post",
        lambda w: url("content-edit", "process", w["process"].pk) + "?lang=ar",
        lambda w: {"version": w["process"].version, "title_ar": "عنوان"},
        table(302, *READERS),
    ),
    (
        "edit-topic",
        "get",
        lambda w: url("content-edit", "topic", w["topic"].pk),
        None,
        table(200, *READERS),
    ),
    (
        "edit-topic-post",
        "post",
        lambda w: url("content-edit", "topic", w["topic"].pk),
        lambda w: {"name_de": "Wohnen und Miete", "position": 0},
        table(302, *AUTHORS),
    ),
    (
        "submit",
        "post",
        lambda w: url("content-action", "process", w["process"].pk, "submit"),
        dict,
        table(302, *AUTHORS),
    ),
    (
        "publish",
        "post",
        lambda w: url("content-action", "process", w["process"].pk, "publish"),
        dict,
        table(302, "pa_admin"),
    ),
    (
        "archive",
        "post",
        lambda w: url("content-action", "process", w["process"].pk, "archive"),
        dict,
        table(302, "pa_admin"),
    ),
    (
        "return",
        "post",
        lambda w: url("content-action", "process", w["reviewed"].pk, "return"),
        lambda w: {"reason": "Bitte Kosten ergänzen."},
        table(302, "pa_admin"),
    ),
    (
        "revisions",
        "get",
        lambda w: url("content-revisions", "process", w["process"].pk),
        None,
        table(200, *READERS),
    ),
    (
        "diff",
        "get",
        lambda w: url("content-diff", "process", w["process"].pk) + "?from=1&to=2",
        None,
        table(200, *READERS),
    ),
    (
        "restore",
        "post",
        lambda w: url("content-restore", "process", w["process"].pk, 1),
        lambda w: {"version": w["process"].version},
        table(302, *AUTHORS),
    ),
    ("steps", "get", lambda w: url("content-steps", w["process"].pk), None, table(200, *READERS)),
    (
        "step-add",
        "post",
        lambda w: url("content-steps", w["process"].pk),
        lambda w: {"form": "add", "add-version": w["process"].version, "add-title_de": "Neu"},
        table(302, *AUTHORS),
    ),
    (
        "step-edit",
        "get",
        lambda w: url("content-step-edit", w["process"].pk, w["step"].pk),
        None,
        table(200, *READERS),
    ),
    (
        "step-move",
        "post",
        lambda w: url("content-step-move", w["process"].pk, w["step"].pk),
        lambda w: {"version": w["process"].version, "direction": "down"},
        table(302, *AUTHORS),
    ),
    (
        "step-delete",
        "post",
        lambda w: url("content-step-delete", w["process"].pk, w["step"].pk),
        lambda w: {"version": w["process"].version},
        table(302, *AUTHORS),
    ),
    (
        "link-delete",
        "post",
        lambda w: url("content-link-delete", w["process"].pk, w["link"].pk),
        lambda w: {"version": w["process"].version},
        table(302, *AUTHORS),
    ),
    (
        "preview",
        "get",
        lambda w: url("content-preview", w["process"].pk),
        None,
        table(200, *READERS),
    ),
    ("moderation", "get", lambda w: url("content-moderation"), None, table(200, "pa_admin")),
]

CASES = [
    pytest.param(name, method, build, data, role, expected[role], id=f"{name}-{role}")
    for name, method, build, data, expected in VIEWS
    for role in ALL_ROLES
]


def test_table_covers_every_role():
    for name, _method, _build, _data, expected in VIEWS:
        assert set(expected) == set(ALL_ROLES), name


@pytest.fixture
def world(process_with_steps, make_item, author, topic):
    process = process_with_steps(3)
    process.refresh_from_db()
    reviewed = make_item(Process, "In Prüfung")
    services.item_submit(item=reviewed, user=author)
    return {
        "process": process,
        "step": process.steps.order_by("position", "pk").first(),
        "link": process.links.get(),
        "reviewed": reviewed,
        "topic": topic,
    }


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "method", "build", "data", "role", "outcome"), CASES)
def test_role_table(role_client, world, name, method, build, data, role, outcome):
    client = role_client(role)
    target = build(world)
    if method == "get":
        response = client.get(target)
    else:
        response = client.post(target, data(world) if data else {})
    if outcome == SIGN_IN:
        assert response.status_code == 302
        assert "/accounts/login/?next=" in response.url
    else:
        assert response.status_code == outcome, response.content.decode()[:1500]
        if outcome == 302:
            assert "/accounts/login/" not in response.url
    if name == "bulk":  # the list answers every reader; only a PA admin's archive happens
        world["process"].refresh_from_db()
        assert (world["process"].status == Status.ARCHIVED) == (role == "pa_admin")


@pytest.mark.django_db
def test_pa_of_another_region_cannot_see_items(world, make_user, role_client):
    from apps.accounts.roles import OrganisationKind
    from tests.factories import OrganisationFactory

    other = OrganisationFactory(kind=OrganisationKind.PUBLIC_AUTHORITY)
    client = role_client("pa_admin", organisation=other)
    assert client.get(url("content-edit", "process", world["process"].pk)).status_code == 404
    response = client.post(url("content-action", "process", world["process"].pk, "publish"))
    assert response.status_code == 404
