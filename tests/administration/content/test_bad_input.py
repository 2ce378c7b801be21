"""Bad input gets a clear error on the page and changes nothing."""

import pytest

from apps.content.models import Event, Process, StepLink
from tests.administration.content.conftest import url

pytestmark = pytest.mark.django_db


def test_link_to_step_of_another_process(role_client, process_with_steps):
    process, other = process_with_steps(3), process_with_steps(3, title="Anderes Verfahren")
    version = process.version
    editor = role_client("pa_editor")
    response = editor.post(
        url("content-steps", process.pk),
        {
            "form": "link",
            "version": version,
            "from_step": process.steps.first().pk,
            "to_step": other.steps.first().pk,
        },
    )
    assert response.status_code == 200
    assert "A step can only be linked to a step of the same process." in response.content.decode()
    process.refresh_from_db()
    assert process.version == version
    assert StepLink.objects.filter(process=process).count() == 1


def test_forbidden_cycle(role_client, process_with_steps):
    process = process_with_steps(3)  # has 1 -> 3
    first, _second, third = process.steps.order_by("position", "pk")
    version = process.version
    response = role_client("pa_editor").post(
        url("content-steps", process.pk),
        {"form": "link", "version": version, "from_step": third.pk, "to_step": first.pk},
    )
    assert response.status_code == 200
    assert "would lead back to an earlier step" in response.content.decode()
    process.refresh_from_db()
    assert process.version == version
    assert process.links.count() == 1


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("title_de", "Anmelden<script>alert(1)</script>"),
        ("description_de", '<p>Hallo <a href="#" onerror="alert(1)">x</a></p>'),
    ],
)
def test_scripts_are_refused(role_client, make_item, field, value):
    process = make_item(Process, "Anmelden")
    response = role_client("pa_editor").post(
        url("content-edit", "process", process.pk),
        {"version": process.version, "title_de": "Anmelden", field: value},
    )
    assert response.status_code == 200
    assert "contains scripts, event attributes" in response.content.decode()
    assert "<script>alert" not in response.content.decode()
    process.refresh_from_db()
    assert process.version == 1
    assert "alert" not in process.title_de + process.description_de


def test_harmless_markup_is_sanitised(role_client, make_item):
    process = make_item(Process, "Anmelden")
    response = role_client("pa_editor").post(
        url("content-edit", "process", process.pk),
        {
            "version": process.version,
            "title_de": "Anmelden",
            "description_de": '<p class="x">Gehen Sie <span>zum</span> <strong>Amt</strong></p>',
        },
    )
    assert response.status_code == 302
    process.refresh_from_db()
    assert process.description_de == "<p>Gehen Sie zum <strong>Amt</strong></p>"


def test_missing_title_in_source_language(role_client):
    response = role_client("pa_editor").post(
        url("content-create", "process"), {"title_de": "", "title_en": "Register"}
    )
    assert response.status_code == 200
    assert "in the source language (de)" in response.content.decode()
    assert not Process.objects.exists()


def test_event_that_ends_before_it_starts(role_client):
    response = role_client("pa_editor").post(
        url("content-create", "event"),
        {"title_de": "Infoabend", "start": "2030-05-02T18:00", "end": "2030-05-02T17:00"},
    )
    assert response.status_code == 200
    assert "The event cannot end before it starts." in response.content.decode()
    assert not Event.objects.exists()


def test_reject_needs_a_reason(role_client, make_item, author):
    from apps.content import services

    process = make_item(Process, "Anmelden")
    services.item_submit(item=process, user=author)
    response = role_client("pa_admin").post(
        url("content-action", "process", process.pk, "return"), {"reason": ""}, follow=True
    )
    assert "Say why the item goes back to its authors." in response.content.decode()
    process.refresh_from_db()
    assert process.status == "in_review"


def test_errors_are_translated(role_client):
    from django.utils import translation

    with translation.override("de"):
        from django.urls import reverse

        target = reverse("administration:content-create", args=["event"])
    response = role_client("pa_editor").post(
        target, {"title_de": "Infoabend", "start": "kein Datum"}
    )
    assert response.status_code == 200
    assert 'lang="de"' in response.content.decode()
    assert 'class="errorlist' in response.content.decode()
    assert "Enter a valid date/time." not in response.content.decode()


def test_an_edit_without_the_version_it_is_based_on_is_refused(role_client, make_item):
    """Optimistic locking cannot be skipped by leaving out the version."""
    from apps.content.models import Process

    process = make_item(Process, "Wohnsitz anmelden")
    response = role_client("pa_editor").post(
        url("content-edit", "process", process.pk), {"title_de": "Überschrieben"}
    )
    assert response.status_code == 200
    assert "does not say which version it was based on" in response.content.decode()
    process.refresh_from_db()
    assert process.title_de == "Wohnsitz anmelden"
    assert process.version == 1


def test_impossible_numbers_are_not_found_not_a_server_error(role_client, make_item):
    process = make_item(Process, "Wohnsitz anmelden")
    editor = role_client("pa_editor")
    huge = "9" * 22
    diff = editor.get(url("content-diff", "process", process.pk) + f"?from={huge}&to=1")
    assert diff.status_code == 404
    admin = role_client("pa_admin")
    response = admin.post(
        url("content-list", "process"), {"action": "archive", "ids": [huge]}, follow=True
    )
    assert response.status_code == 200
    assert "is not one of the available choices" in response.content.decode()
    process.refresh_from_db()
    assert process.status != "archived"
