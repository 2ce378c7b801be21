"""The revision history says what each revision did in words ("Step changed"), never the
stored code ("step_update"); the editor API gives both."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from apps.content import services
from apps.content.models import Process, Revision, RevisionAction
from tests.administration.content.conftest import url

# Every place that writes a revision with an action code.
WRITERS = [
    str(path.relative_to(settings.BASE_DIR))
    for folder in ("apps/content/services", "apps/importers/micado", "apps/demo")
    for path in sorted(Path(settings.BASE_DIR, folder).glob("*.py"))
]
ACTION = re.compile(r"""action=["']([a-z_]+)["']""")


def test_every_action_written_anywhere_has_a_label():
    written = set()
    assert len(WRITERS) > 10
    for name in WRITERS:
        written |= set(ACTION.findall(Path(settings.BASE_DIR, name).read_text()))
    assert {"create", "update", "step_update", "link_update", "import"} <= written
    assert written <= set(RevisionAction.values), written - set(RevisionAction.values)
    assert all(str(label) for label in RevisionAction.labels)


@pytest.mark.django_db
def test_history_shows_actions_in_words(role_client, process_with_steps, author):
    process = process_with_steps(3)  # created, steps added, a branch added
    step = process.steps.order_by("position", "pk").first()
    services.step_update(
        step=step, user=author, expected_version=process.version, data={"title": "Neu"}
    )
    process.refresh_from_db()
    editor = role_client("pa_editor")
    html = editor.get(url("content-revisions", "process", process.pk)).content.decode()
    for label in ("Created", "Step added", "Step link added", "Step changed"):
        assert f"<td>{label}</td>" in html, label
    for code in ("create", "step_create", "link_create", "step_update"):
        assert f"<td>{code}</td>" not in html, code
    assert set(Revision.objects.filter(object_id=process.pk).values_list("action", flat=True)) == {
        "create",
        "step_create",
        "link_create",
        "step_update",
    }


@pytest.mark.django_db
def test_history_labels_for_restore_and_import(role_client, make_item, author):
    process = make_item(Process, "Schule anmelden")
    editor = role_client("pa_editor")
    editor.post(url("content-edit", "process", process.pk), {"version": 1, "title_de": "Neu"})
    editor.post(url("content-restore", "process", process.pk, 1), {"version": 2})
    # as the importer does: a new version, its revision
    services.revisions_write_many(model=Process, pks=[process.pk], action=RevisionAction.IMPORT)
    html = editor.get(url("content-revisions", "process", process.pk)).content.decode()
    for label in ("Created", "Changed", "Earlier version restored", "Imported"):
        assert f"<td>{label}</td>" in html, label


@pytest.mark.django_db
def test_api_revisions_give_code_and_label(make_item, make_user):
    process = make_item(Process, "Schule anmelden")
    client = APIClient()
    token, _created = Token.objects.get_or_create(user=make_user("pa_editor"))
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = client.get(
        f"/api/v1/editor/processes/{process.pk}/revisions/", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200, response.content
    assert [(r["action"], r["action_label"]) for r in response.json()] == [("create", "Created")]
