"""The whole authoring flow through the PA screens, as a caseworker and a PA admin use it."""

import re

import pytest

from apps.content.models import DocumentType, Office, Process, Status, StepLink
from tests.administration.content.conftest import url

pytestmark = pytest.mark.django_db


def form_version(response) -> int:
    match = re.search(rb'name="(?:add-)?version" value="(\d+)"', response.content)
    assert match, "the form carries the version it is based on"
    return int(match.group(1))


def test_caseworker_writes_process_admin_publishes(role_client):
    editor = role_client("pa_editor")
    # Two document types and an office, through their own forms.
    for kind, field, name in [
        ("document-type", "name_de", "Reisepass"),
        ("document-type", "name_de", "Mietvertrag"),
        ("office", "name_de", "Bürgeramt Mitte"),
    ]:
        response = editor.post(url("content-create", kind), {field: name})
        assert response.status_code == 302, response.content.decode()[:2000]
    passport, lease = DocumentType.objects.order_by("pk")
    office = Office.objects.get()

    response = editor.post(
        url("content-create", "process"),
        {"title_de": "Wohnsitz anmelden", "summary_de": "Innerhalb von zwei Wochen."},
    )
    process = Process.objects.get()
    assert response.status_code == 302
    assert response.url == url("content-steps", process.pk)

    for number in range(1, 6):
        page = editor.get(url("content-steps", process.pk))
        data = {
            "form": "add",
            "add-version": form_version(page),
            "add-title_de": f"Schritt {number}",
        }
        if number == 2:
            data.update(
                {
                    "add-office": office.pk,
                    "add-required_documents": [passport.pk, lease.pk],
                }
            )
        response = editor.post(url("content-steps", process.pk), data)
        assert response.status_code == 302, response.content.decode()[:3000]
    steps = list(process.steps.order_by("position"))
    assert [s.title_de for s in steps] == [f"Schritt {n}" for n in range(1, 6)]
    assert steps[1].office == office
    assert set(steps[1].required_documents.all()) == {passport, lease}

    page = editor.get(url("content-steps", process.pk))
    response = editor.post(
        url("content-steps", process.pk),
        {
            "form": "link",
            "version": form_version(page),
            "from_step": steps[1].pk,
            "to_step": steps[3].pk,
            "label": "Wenn Sie schon einen Mietvertrag haben",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    link = StepLink.objects.get()
    assert link.label_de == "Wenn Sie schon einen Mietvertrag haben"

    preview = editor.get(url("content-preview", process.pk))
    text = preview.content.decode()
    # The preview words the flow as migrants read it: the branch, and otherwise step 3.
    assert "Wenn Sie schon einen Mietvertrag haben: go to step 4" in text
    assert "Otherwise: go to step 3" in text
    assert "<svg" in text and "figcaption" in text
    assert text.count("Schritt ") >= 5

    response = editor.post(url("content-action", "process", process.pk, "submit"))
    assert response.status_code == 302
    process.refresh_from_db()
    assert process.status == Status.IN_REVIEW
    # An editor cannot publish; a PA admin of the region can.
    assert editor.post(url("content-action", "process", process.pk, "publish")).status_code == 403
    admin = role_client("pa_admin")
    queue = admin.get(url("content-moderation"))
    assert "Wohnsitz anmelden" in queue.content.decode()
    response = admin.post(
        url("content-action", "process", process.pk, "publish"),
        {"next": url("content-moderation")},
    )
    assert response.status_code == 302
    assert response.url == url("content-moderation")
    process.refresh_from_db()
    assert process.status == Status.PUBLISHED
    assert "Nothing is waiting for review." in admin.get(url("content-moderation")).content.decode()


def test_two_sessions_get_conflict_message(role_client, make_item):
    process = make_item(Process, "Krankenversicherung")
    first, second = role_client("pa_editor"), role_client("pa_admin")
    page_first = first.get(url("content-edit", "process", process.pk))
    page_second = second.get(url("content-edit", "process", process.pk))
    version = form_version(page_first)
    assert form_version(page_second) == version

    response = first.post(
        url("content-edit", "process", process.pk),
        {"version": version, "title_de": "Krankenversicherung abschließen"},
    )
    assert response.status_code == 302
    response = second.post(
        url("content-edit", "process", process.pk),
        {"version": version, "title_de": "Krankenkasse wählen", "summary_de": "Neu"},
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "Someone else" in text and "Your changes were not saved" in text
    assert "title_de" in text and "Krankenversicherung abschließen" in text
    # The second caseworker's text is still in the form, and nothing was overwritten.
    assert "Krankenkasse wählen" in text
    process.refresh_from_db()
    assert process.title_de == "Krankenversicherung abschließen"
    assert process.summary_de == ""


def test_step_editor_conflict_is_refused(role_client, process_with_steps):
    process = process_with_steps(3)
    editor = role_client("pa_editor")
    stale = process.version - 1
    response = editor.post(
        url("content-steps", process.pk),
        {"form": "add", "add-version": stale, "add-title_de": "Zu spät"},
    )
    assert response.status_code == 200
    assert "Someone else" in response.content.decode()
    assert process.steps.count() == 3


def test_restore_older_revision(role_client, make_item):
    process = make_item(Process, "Schule anmelden")
    editor = role_client("pa_editor")
    editor.post(
        url("content-edit", "process", process.pk),
        {"version": 1, "title_de": "Kind in der Schule anmelden"},
    )
    history = editor.get(url("content-revisions", "process", process.pk))
    assert history.status_code == 200
    assert "Restore version 1" in history.content.decode()
    diff = editor.get(url("content-diff", "process", process.pk) + "?from=1&to=2")
    assert "Kind in der Schule anmelden" in diff.content.decode()
    assert "Schule anmelden" in diff.content.decode()
    response = editor.post(url("content-restore", "process", process.pk, 1), {"version": 2})
    assert response.status_code == 302
    process.refresh_from_db()
    assert process.title_de == "Schule anmelden"
    assert process.version == 3
    # Restoring with a stale version is refused with the conflict message (the editor's
    # own earlier save made it stale, and the message says so).
    response = editor.post(
        url("content-restore", "process", process.pk, 2), {"version": 2}, follow=True
    )
    assert "You saved this item in another window or tab" in response.content.decode()
    process.refresh_from_db()
    assert process.title_de == "Schule anmelden"


def test_steps_move_up_and_down(role_client, process_with_steps):
    process = process_with_steps(3)
    editor = role_client("pa_editor")
    first, second, third = process.steps.order_by("position", "pk")
    response = editor.post(
        url("content-step-move", process.pk, third.pk),
        {"version": process.version, "direction": "up"},
    )
    assert response.status_code == 302
    assert list(process.steps.order_by("position", "pk")) == [first, third, second]


def test_translator_edits_only_other_languages(role_client, make_item):
    process = make_item(Process, "Arbeit suchen")
    translator = role_client("pa_translator")
    page = translator.get(url("content-edit", "process", process.pk))
    assert page.status_code == 200
    assert 'name="title_de"' not in page.content.decode()
    response = translator.post(
        url("content-edit", "process", process.pk) + "?lang=ar",
        {"version": process.version, "title_ar": "البحث عن عمل"},
    )
    assert response.status_code == 302
    process.refresh_from_db()
    assert process.title_ar == "البحث عن عمل"
    assert process.title_de == "Arbeit suchen"
    response = translator.post(
        url("content-edit", "process", process.pk) + "?lang=de",
        {"version": process.version, "title_de": "Überschrieben"},
    )
    assert response.status_code == 403


def test_translator_translates_a_branch_label_on_the_step_page(role_client, process_with_steps):
    process = process_with_steps(3)
    first = process.steps.order_by("position").first()
    link = StepLink.objects.get(from_step=first)
    translator = role_client("pa_translator")
    page = translator.get(url("content-step-edit", process.pk, first.pk) + "?lang=ar")
    html = page.content.decode()
    assert f'name="link_label_{link.pk}"' in html
    assert 'dir="rtl"' in html
    response = translator.post(
        url("content-step-edit", process.pk, first.pk) + "?lang=ar",
        {
            "version": form_version(page),
            "title_ar": "الخطوة 1",
            f"link_label_{link.pk}": "إذا كان لديك سكن بالفعل",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    link.refresh_from_db()
    assert link.label_ar == "إذا كان لديك سكن بالفعل"
    assert link.label_de == "Wenn Sie schon eine Wohnung haben"


def test_editors_see_references_to_unpublished_or_deleted_items(role_client, make_item):
    from apps.content.mentions import mention_encode

    process = make_item(Process, "Wohnsitz anmelden")
    gone = make_item(Process, "Alter Ablauf")
    text = f"<p>Siehe {mention_encode('p', gone.pk, 'den alten Ablauf')}.</p>"
    Process.objects.filter(pk=process.pk).update(description_de=text)
    gone_pk = gone.pk
    gone.delete()
    html = role_client("pa_editor").get(url("content-edit", "process", process.pk)).content.decode()
    assert "point to something that was deleted or is not published" in html
    assert f"“den alten Ablauf” (@[p,{gone_pk}]) in description, language de" in html


def test_change_labels_name_fields_in_words():
    from apps.administration.content.display import change_label
    from apps.content.models import GlossaryTerm

    assert change_label(Process, "title_ar") == "title (ar)"
    assert change_label(GlossaryTerm, "explanation_zh_hans") == "explanation (zh-hans)"
    assert change_label(Process, "steps.12.cost_de") == "step 12 · cost (de)"
    assert change_label(Process, "links.3.label_en") == "step link 3 · label (en)"
    assert change_label(Process, "topics") == "topics"
