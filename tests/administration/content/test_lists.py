"""Lists, filters, bulk actions, the moderation queue and the forms of every type."""

import pytest
from django.utils import timezone

from apps.content import services
from apps.content.models import (
    Comment,
    Course,
    DocumentType,
    Event,
    GlossaryTerm,
    Information,
    Office,
    Process,
    Status,
    Topic,
    UserType,
)
from tests.administration.content.conftest import url

pytestmark = pytest.mark.django_db


def test_filters_and_coverage(role_client, make_item, topic):
    tagged = make_item(Process, "Schule anmelden", title_en="School", title_ar="المدرسة")
    tagged.topics.add(topic)
    make_item(Process, "Arbeit suchen")
    editor = role_client("pa_editor")
    text = editor.get(url("content-list", "process")).content.decode()
    assert "3 of 11" in text and "1 of 11" in text
    text = editor.get(url("content-list", "process") + f"?topic={topic.pk}").content.decode()
    assert "Schule anmelden" in text and "Arbeit suchen" not in text
    text = editor.get(url("content-list", "process") + "?missing=ar").content.decode()
    assert "Arbeit suchen" in text and "Schule anmelden" not in text
    text = editor.get(url("content-list", "process") + "?q=school").content.decode()
    assert "Schule anmelden" in text and "Arbeit suchen" not in text
    text = editor.get(url("content-list", "process") + "?status=published").content.decode()
    assert "Nothing found." in text


def test_bulk_publish_reports_per_item(role_client, make_item, publisher):
    draft = make_item(Process, "Entwurf")
    published = make_item(Process, "Schon veröffentlicht")
    services.item_publish(item=published, user=publisher)
    admin = role_client("pa_admin")
    response = admin.post(
        url("content-list", "process"),
        {"action": "publish", "ids": [draft.pk, published.pk]},
        follow=True,
    )
    text = response.content.decode()
    assert "1 items were published." in text
    assert "“Schon veröffentlicht” was not changed: This item is already published." in text
    draft.refresh_from_db()
    assert draft.status == Status.PUBLISHED


def test_bulk_with_an_item_not_found_reports_it(role_client, make_item):
    draft = make_item(Process, "Entwurf")
    response = role_client("pa_admin").post(
        url("content-list", "process"),
        {"action": "archive", "ids": [draft.pk, draft.pk + 1000]},
        follow=True,
    )
    text = response.content.decode()
    assert "1 items were archived." in text
    assert "1 selected items were not found or are not yours to change." in text
    draft.refresh_from_db()
    assert draft.status == Status.ARCHIVED


def test_bulk_archive_by_editor_is_refused_per_item(role_client, make_item):
    item = make_item(Process, "Entwurf")
    response = role_client("pa_editor").post(
        url("content-list", "process"), {"action": "archive", "ids": [item.pk]}, follow=True
    )
    assert "You are not allowed to do this with this item." in response.content.decode()
    item.refresh_from_db()
    assert item.status == Status.DRAFT


def test_moderation_includes_ngo_items_and_rejects_with_reason(
    role_client, make_item, make_user, ngo_organisation
):
    ngo_author = make_user("ngo_editor")
    offer = make_item(
        Event, "Sprachcafé", user=ngo_author, organisation=ngo_organisation, start=timezone.now()
    )
    services.item_submit(item=offer, user=ngo_author)
    admin = role_client("pa_admin")
    text = admin.get(url("content-moderation")).content.decode()
    assert "Sprachcafé" in text and "(NGO)" in text
    response = admin.post(
        url("content-action", "event", offer.pk, "return"),
        {"reason": "Bitte die Adresse ergänzen.", "next": url("content-moderation")},
    )
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.status == Status.DRAFT
    # PA admins moderate NGO items but do not edit their texts.
    page = admin.get(url("content-edit", "event", offer.pk)).content.decode()
    assert "Bitte die Adresse ergänzen." in page
    assert "You may read this item but not change it" in page
    assert '<fieldset class="pa-plain" disabled>' in page
    response = admin.post(
        url("content-edit", "event", offer.pk), {"version": offer.version, "title_de": "Anders"}
    )
    assert response.status_code == 403
    offer.refresh_from_db()
    assert offer.title_de == "Sprachcafé"


@pytest.mark.parametrize(
    ("kind", "model", "data"),
    [
        ("document-type", DocumentType, {"name_de": "Reisepass", "validity_days": "3650"}),
        ("glossary-term", GlossaryTerm, {"term_de": "Meldebescheinigung"}),
        ("information", Information, {"title_de": "Das Schulsystem", "kind": "page"}),
        ("event", Event, {"title_de": "Infoabend", "start": "2030-05-02T18:00"}),
        ("course", Course, {"title_de": "Deutsch A1", "kind": "language", "places_total": "12"}),
        ("office", Office, {"name_de": "Bürgeramt", "city": "Hamburg", "postcode": "20095"}),
        ("topic", Topic, {"name_de": "Gesundheit", "position": "1"}),
        ("user-type", UserType, {"name_de": "Studierende", "position": "0"}),
    ],
)
def test_create_and_edit_every_type(role_client, kind, model, data):
    editor = role_client("pa_editor")
    assert editor.get(url("content-create", kind)).status_code == 200
    response = editor.post(url("content-create", kind), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    obj = model.objects.get()
    title_field = getattr(model, "TITLE_FIELD", "name")
    page = editor.get(url("content-edit", kind, obj.pk) + "?lang=uk")
    assert page.status_code == 200
    edit = {f"{title_field}_uk": "Переклад", "version": getattr(obj, "version", "")}
    response = editor.post(url("content-edit", kind, obj.pk) + "?lang=uk", edit)
    assert response.status_code == 302, response.content.decode()[:3000]
    obj.refresh_from_db()
    assert getattr(obj, f"{title_field}_uk") == "Переклад"
    assert getattr(obj, f"{title_field}_de") == next(iter(data.values()))


def test_comment_is_not_created_in_pa_app(role_client):
    assert role_client("pa_editor").get(url("content-create", "comment")).status_code == 404
    assert Comment.objects.count() == 0


def test_unknown_kind_is_404(role_client):
    assert role_client("pa_editor").get(url("content-list", "nothing")).status_code == 404


def test_rtl_language_field_direction(role_client, make_item):
    process = make_item(Process, "Anmelden")
    page = role_client("pa_editor").get(url("content-edit", "process", process.pk) + "?lang=ar")
    assert 'name="title_ar"' in page.content.decode()
    assert 'dir="rtl"' in page.content.decode()
    assert "Source text (de): Anmelden" in page.content.decode()
