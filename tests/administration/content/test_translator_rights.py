"""A PA translator translates: never the source-language texts, never the structure
(steps, links, tags), never the publication state; in the PA forms, the editor API and the
services alike. Every denied write leaves the item as it was (same version, texts, status)."""

import pytest
from django.core.exceptions import PermissionDenied
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from apps.content import services
from apps.content.models import Process, Status
from tests.administration.content.conftest import url


def snapshot(process: Process) -> dict:
    process = Process.objects.get(pk=process.pk)
    return {
        "version": process.version,
        "status": process.status,
        "source_language": process.source_language,
        "title_de": process.title_de,
        "steps": list(process.steps.order_by("pk").values_list("pk", "position", "title_de")),
        "links": list(process.links.values_list("pk", "label_de")),
        "topics": list(process.topics.values_list("pk", flat=True)),
    }


@pytest.fixture
def world(process_with_steps, publisher, make_user):
    process = process_with_steps(3)
    process.refresh_from_db()
    published = process_with_steps(3, title="Krankenversicherung")
    services.item_publish(item=published, user=publisher)
    translator = make_user("pa_translator")
    token, _created = Token.objects.get_or_create(user=translator)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return {"process": process, "published": published, "translator": translator, "api": api}


def first_step(process):
    return process.steps.order_by("position", "pk").first()


# (name, POST url builder, data builder) of the PA forms.
PA_WRITES = [
    (
        "source title",
        lambda p: url("content-edit", "process", p.pk) + "?lang=de",
        lambda p: {"version": p.version, "title_de": "Anders"},
    ),
    (
        "source step text",
        lambda p: url("content-step-edit", p.pk, first_step(p).pk) + "?lang=de",
        lambda p: {"version": p.version, "title_de": "Anders"},
    ),
    ("submit", lambda p: url("content-action", "process", p.pk, "submit"), lambda p: {}),
    ("publish", lambda p: url("content-action", "process", p.pk, "publish"), lambda p: {}),
    ("archive", lambda p: url("content-action", "process", p.pk, "archive"), lambda p: {}),
    (
        "restore",
        lambda p: url("content-restore", "process", p.pk, 1),
        lambda p: {"version": p.version},
    ),
    (
        "add step",
        lambda p: url("content-steps", p.pk),
        lambda p: {"form": "add", "add-version": p.version, "add-title_de": "Neu"},
    ),
    (
        "move step",
        lambda p: url("content-step-move", p.pk, first_step(p).pk),
        lambda p: {"version": p.version, "direction": "down"},
    ),
    (
        "delete step",
        lambda p: url("content-step-delete", p.pk, first_step(p).pk),
        lambda p: {"version": p.version},
    ),
    (
        "delete link",
        lambda p: url("content-link-delete", p.pk, p.links.get().pk),
        lambda p: {"version": p.version},
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize("which", ["process", "published"])
@pytest.mark.parametrize(("name", "target", "data"), PA_WRITES, ids=[w[0] for w in PA_WRITES])
def test_pa_forms_deny_the_translator(role_client, world, which, name, target, data):
    process = world[which]
    client = role_client("pa_translator")
    before = snapshot(process)
    response = client.post(target(process), data(process))
    assert response.status_code == 403, (name, response.status_code)
    assert snapshot(process) == before


@pytest.mark.django_db
@pytest.mark.parametrize("action", ["publish", "archive"])
def test_bulk_actions_change_nothing_for_the_translator(role_client, world, action):
    client = role_client("pa_translator")
    before = [snapshot(world["process"]), snapshot(world["published"])]
    response = client.post(
        url("content-list", "process"),
        {"action": action, "ids": [world["process"].pk, world["published"].pk]},
    )
    assert response.status_code == 302
    assert [snapshot(world["process"]), snapshot(world["published"])] == before


@pytest.mark.django_db
def test_a_translation_form_never_carries_source_texts_or_state(role_client, world):
    """A translator's Arabic save of a published item: Arabic changes, the German source and
    the publication state stay, whatever else is posted."""
    process = world["published"]
    client = role_client("pa_translator")
    response = client.post(
        url("content-edit", "process", process.pk) + "?lang=ar",
        {
            "version": process.version,
            "title_ar": "تأمين صحي",
            "title_de": "Gehackt",
            "status": "draft",
            "source_language": "ar",
        },
    )
    assert response.status_code == 302
    process.refresh_from_db()
    assert process.title_ar == "تأمين صحي"
    assert process.title_de == "Krankenversicherung"
    assert process.status == Status.PUBLISHED
    assert process.source_language == "de"


def api_url(process, tail: str = "") -> str:
    return f"/api/v1/editor/processes/{process.pk}/{tail}"


# (name, method, url tail builder, body builder) of the editor API.
API_WRITES = [
    ("source title", "patch", lambda p: "", lambda p: {"version": p.version, "title": {"de": "X"}}),
    (
        "source language",
        "patch",
        lambda p: "",
        lambda p: {"version": p.version, "source_language": "ar"},
    ),
    ("topics", "patch", lambda p: "", lambda p: {"version": p.version, "topics": []}),
    (
        "link field",
        "patch",
        lambda p: "",
        lambda p: {"version": p.version, "link": "https://x.example/"},
    ),
    ("submit", "post", lambda p: "submit/", lambda p: {}),
    ("publish", "post", lambda p: "publish/", lambda p: {}),
    ("archive", "post", lambda p: "archive/", lambda p: {}),
    ("return", "post", lambda p: "return-to-draft/", lambda p: {}),
    ("restore", "post", lambda p: "restore/", lambda p: {"version": p.version, "revision": 1}),
    (
        "add step",
        "post",
        lambda p: "steps/",
        lambda p: {"version": p.version, "title": {"de": "N"}},
    ),
    (
        "source step text",
        "patch",
        lambda p: f"steps/{first_step(p).pk}/",
        lambda p: {"version": p.version, "title": {"de": "Anders"}},
    ),
    (
        "step position",
        "patch",
        lambda p: f"steps/{first_step(p).pk}/",
        lambda p: {"version": p.version, "position": 7},
    ),
    (
        "step continues",
        "patch",
        lambda p: f"steps/{first_step(p).pk}/",
        lambda p: {"version": p.version, "continues": False},
    ),
    (
        "delete step",
        "delete",
        lambda p: f"steps/{first_step(p).pk}/?version={p.version}",
        lambda p: None,
    ),
    (
        "add link",
        "post",
        lambda p: "links/",
        lambda p: {
            "version": p.version,
            "from_step": first_step(p).pk,
            "to_step": p.steps.order_by("-position").first().pk,
        },
    ),
    (
        "source link label",
        "patch",
        lambda p: f"links/{p.links.get().pk}/",
        lambda p: {"version": p.version, "label": {"de": "Anders"}},
    ),
    (
        "delete link",
        "delete",
        lambda p: f"links/{p.links.get().pk}/?version={p.version}",
        lambda p: None,
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize("which", ["process", "published"])
@pytest.mark.parametrize(
    ("name", "method", "tail", "body"), API_WRITES, ids=[w[0] for w in API_WRITES]
)
def test_editor_api_denies_the_translator(world, which, name, method, tail, body):
    process = world[which]
    if name in ("submit", "return") and which == "published":
        pytest.skip("only drafts are submitted, only items in review are sent back")
    before = snapshot(process)
    payload = body(process)
    response = getattr(world["api"], method)(
        api_url(process, tail(process)), payload, format="json"
    )
    assert response.status_code == 403, (name, response.status_code, response.content[:300])
    assert snapshot(process) == before


@pytest.mark.django_db
def test_editor_api_lets_the_translator_translate(world):
    process = world["published"]
    response = world["api"].patch(
        api_url(process), {"version": process.version, "title": {"ar": "تأمين"}}, format="json"
    )
    assert response.status_code == 200
    process.refresh_from_db()
    assert process.title_ar == "تأمين" and process.status == Status.PUBLISHED


@pytest.mark.django_db
def test_services_deny_the_translator_structure_and_state(world):
    translator, process = world["translator"], world["process"]
    step = first_step(process)
    before = snapshot(process)
    denied = [
        lambda: services.step_update(
            step=step, user=translator, expected_version=process.version, data={"position": 5}
        ),
        lambda: services.step_update(
            step=step, user=translator, expected_version=process.version, data={"continues": False}
        ),
        lambda: services.item_update(
            item=process,
            user=translator,
            expected_version=process.version,
            data={"source_language": "ar"},
        ),
        lambda: services.item_submit(item=process, user=translator),
        lambda: services.item_publish(item=process, user=translator),
        lambda: services.item_archive(item=process, user=translator),
    ]
    for call in denied:
        with pytest.raises(PermissionDenied):
            call()
    assert snapshot(process) == before
