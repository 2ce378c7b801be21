"""NGO offers through the NGO app's forms and their moderation by the PA: states, reasons,
resubmission, trusted NGOs, e-mails in the member's language, bad input refused."""

import pytest
from django.core import mail
from django.test import TestCase

from apps.accounts.models import Organisation
from apps.accounts.roles import OrganisationKind, Role
from apps.content import selectors
from apps.content.models import Comment, CounsellingOffer, Course, Event, Process, Revision, Status
from tests.factories import DistrictFactory, MunicipalityFactory, OrganisationFactory
from tests.organisations.conftest import client_for, migrant_client, ngo_url, pa_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(member, ngo_organisation):
    user = member(Role.NGO_EDITOR, ngo_organisation)
    user.preferred_language = "en"
    user.save()
    return user


def create_course(client, organisation, **extra):
    data = {"title_de": "Deutsch A1", "places_total": 10, "places_left": 4, **extra}
    return client.post(ngo_url("item-create", organisation.slug, "course"), data)


def test_course_goes_to_moderation_and_is_published_by_the_pa(editor, ngo_organisation, make_user):
    client = client_for(editor)
    response = create_course(client, ngo_organisation, registration_contact="Tel. 123")
    assert response.status_code == 302, response.content.decode()[:2000]
    course = Course.objects.get(title_de="Deutsch A1")
    assert course.status == Status.IN_REVIEW
    assert course.organisation == ngo_organisation and course.created_by == editor
    assert Revision.objects.filter(object_id=course.pk, action="create").exists()
    listing = client.get(ngo_url("items", ngo_organisation.slug)).content.decode()
    assert "Deutsch A1" in listing and "Waiting for moderation" in listing

    admin = client_for(make_user("pa_admin"))
    queue = admin.get(pa_url("moderation")).content.decode()
    assert "Deutsch A1" in queue
    with TestCase.captureOnCommitCallbacks(execute=True):
        admin.post(pa_url("moderation-approve", "course", course.pk))
    course.refresh_from_db()
    assert course.status == Status.PUBLISHED
    assert mail.outbox[-1].to == [editor.email]
    assert "Published: Deutsch A1" in mail.outbox[-1].subject
    # It appears in the migrants' course list (it is a Course like the PA's).
    visitor = migrant_client(ngo_organisation.region)
    assert "Deutsch A1" in visitor.get("/en/courses/").content.decode()
    assert "Deutsch A1" in visitor.get("/en/search/?q=Deutsch").content.decode()
    page = visitor.get(f"/en/organisations/{ngo_organisation.slug}/").content.decode()
    assert "Deutsch A1" in page


def test_rejected_item_keeps_the_reason_and_can_be_resubmitted(editor, ngo_organisation, make_user):
    client = client_for(editor)
    create_course(client, ngo_organisation)
    course = Course.objects.get()
    admin = client_for(make_user("pa_admin"))
    with TestCase.captureOnCommitCallbacks(execute=True):
        admin.post(
            pa_url("moderation-reject", "course", course.pk), {"reason": "Bitte Ort angeben."}
        )
    course.refresh_from_db()
    assert course.status == Status.DRAFT
    assert "Bitte Ort angeben." in mail.outbox[-1].body
    listing = client.get(ngo_url("items", ngo_organisation.slug)).content.decode()
    assert "Rejected" in listing and "Bitte Ort angeben." in listing
    page = client.get(ngo_url("item-edit", ngo_organisation.slug, "course", course.pk))
    assert "Bitte Ort angeben." in page.content.decode()
    client.post(
        ngo_url("item-edit", ngo_organisation.slug, "course", course.pk),
        {"version": course.version, "title_de": "Deutsch A1", "location_de": "Rathaus"},
    )
    course.refresh_from_db()
    assert course.status == Status.IN_REVIEW and course.location_de == "Rathaus"
    rows = selectors.organisation_items(ngo_organisation)
    assert [r["state"] for r in rows] == ["waiting"]


def test_reject_needs_a_reason(editor, ngo_organisation, make_user):
    create_course(client_for(editor), ngo_organisation)
    course = Course.objects.get()
    client_for(make_user("pa_admin")).post(
        pa_url("moderation-reject", "course", course.pk), {"reason": ""}
    )
    course.refresh_from_db()
    assert course.status == Status.IN_REVIEW


def test_trusted_ngo_publishes_directly(editor, ngo_organisation, make_user):
    admin = client_for(make_user("pa_admin"))
    admin.post(pa_url("moderation-organisation-trust", ngo_organisation.pk), {"trusted": "1"})
    ngo_organisation.refresh_from_db()
    assert ngo_organisation.is_trusted
    create_course(client_for(editor), ngo_organisation)
    assert Course.objects.get().status == Status.PUBLISHED


def test_save_as_draft_does_not_submit(editor, ngo_organisation):
    create_course(client_for(editor), ngo_organisation, draft="1")
    assert Course.objects.get().status == Status.DRAFT


def test_land_office_moderates_items_of_its_gemeinden(editor, ngo_organisation, make_user):
    create_course(client_for(editor), ngo_organisation)
    land = OrganisationFactory(kind="pa", region=ngo_organisation.region.parent.parent)
    land_admin = client_for(make_user("pa_admin", organisation=land))
    assert "Deutsch A1" in land_admin.get(pa_url("moderation")).content.decode()
    elsewhere = OrganisationFactory(kind="pa", region=MunicipalityFactory(parent=DistrictFactory()))
    outsider = client_for(make_user("pa_admin", organisation=elsewhere))
    assert "Deutsch A1" not in outsider.get(pa_url("moderation")).content.decode()
    course = Course.objects.get()
    assert outsider.post(pa_url("moderation-approve", "course", course.pk)).status_code == 403
    course.refresh_from_db()
    assert course.status == Status.IN_REVIEW


@pytest.mark.parametrize(
    ("kind", "data", "message"),
    [
        ("course", {"title_de": "Kurs", "places_left": -1}, "greater than or equal to 0"),
        (
            "course",
            {"title_de": "Kurs", "places_total": 2, "places_left": 5},
            "more places left than places",
        ),
        (
            "event",
            {"title_de": "Fest", "start": "2030-05-02T18:00", "end": "2030-05-02T17:00"},
            "cannot end before it starts",
        ),
        ("course", {"title_de": ""}, "Enter the title in the source language"),
        ("counselling-offer", {"title_de": "Beratung", "languages": "de, !!"}, "short codes"),
        (
            "information",
            {"title_de": "Info", "body_de": "<script>alert(1)</script>"},
            "script",
        ),
    ],
)
def test_bad_input_is_refused_and_nothing_saved(editor, ngo_organisation, kind, data, message):
    response = client_for(editor).post(ngo_url("item-create", ngo_organisation.slug, kind), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    for model in (Course, Event, CounsellingOffer):
        assert not model.objects.exists()


def test_counselling_offer_and_dashboard_figure(editor, ngo_organisation, make_user):
    response = client_for(editor).post(
        ngo_url("item-create", ngo_organisation.slug, "counselling-offer"),
        {
            "title_de": "Anerkennungsberatung",
            "kind": "recognition",
            "languages": "de, ar, fa",
            "hours_de": "Di 10–14",
            "booking_de": "Anruf genügt",
        },
    )
    assert response.status_code == 302
    offer = CounsellingOffer.objects.get()
    assert offer.languages == ["de", "ar", "fa"] and offer.status == Status.IN_REVIEW
    before = selectors.content_figures_by_region().get(offer.region_id, {})
    assert before.get("counselling_offers", 0) == 0
    client_for(make_user("pa_admin")).post(
        pa_url("moderation-approve", "counselling-offer", offer.pk)
    )
    after = selectors.content_figures_by_region()[offer.region_id]
    assert after["counselling_offers"] == 1
    from apps.dashboard.selectors import platform_counts_by_region

    counts = platform_counts_by_region()
    land = ngo_organisation.region.code[:2]
    assert counts[land]["platform_counselling"] == 1


def test_tip_only_on_processes_shown_in_the_region(editor, ngo_organisation, pa_process, make_user):
    client = client_for(editor)
    elsewhere_org = OrganisationFactory(
        kind="pa", region=MunicipalityFactory(parent=DistrictFactory())
    )
    from apps.content import services

    author = make_user("pa_editor", organisation=elsewhere_org)
    foreign = services.item_create(
        model=Process,
        user=author,
        organisation=elsewhere_org,
        region=elsewhere_org.region,
        data={"title_de": "Anderswo"},
    )
    response = client.post(
        ngo_url("item-create", ngo_organisation.slug, "comment"),
        {"process": foreign.pk, "text_de": "Ein Tipp"},
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    # Even past the form (the service checks again):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="only on processes shown in your region"):
        services.comment_create(
            user=editor, process=foreign, organisation=ngo_organisation, data={"text_de": "x"}
        )
    assert not Comment.objects.exists()
    response = client.post(
        ngo_url("item-create", ngo_organisation.slug, "comment"),
        {"process": pa_process.pk, "text_de": "Termin früh buchen!"},
    )
    assert response.status_code == 302
    tip = Comment.objects.get()
    assert tip.status == Status.IN_REVIEW and tip.process == pa_process
    client_for(make_user("pa_admin")).post(pa_url("moderation-approve", "comment", tip.pk))
    visitor = migrant_client(ngo_organisation.region)
    page = visitor.get(f"/en/processes/{pa_process.pk}/").content.decode()
    assert "Termin früh buchen!" in page and ngo_organisation.name in page


def test_stale_version_is_refused(editor, ngo_organisation):
    client = client_for(editor)
    create_course(client, ngo_organisation)
    course = Course.objects.get()
    url = ngo_url("item-edit", ngo_organisation.slug, "course", course.pk)
    client.post(url, {"version": course.version, "title_de": "Neu"})
    response = client.post(url, {"version": course.version, "title_de": "Alt"})
    assert "Your changes here were not saved" in response.content.decode()
    course.refresh_from_db()
    assert course.title_de == "Neu"


def test_arabic_translation_by_the_ngo(editor, ngo_organisation):
    client = client_for(editor)
    create_course(client, ngo_organisation)
    course = Course.objects.get()
    url = ngo_url("item-edit", ngo_organisation.slug, "course", course.pk) + "?lang=ar"
    page = client.get(url).content.decode()
    assert 'dir="rtl"' in page
    client.post(url, {"version": course.version, "title_ar": "الألمانية أ1"})
    course.refresh_from_db()
    assert course.title_ar == "الألمانية أ1" and course.title_de == "Deutsch A1"


def test_search_and_state_filter_of_the_list(editor, ngo_organisation):
    client = client_for(editor)
    create_course(client, ngo_organisation)
    create_course(client, ngo_organisation, title_de="Nähkurs", draft="1")
    page = client.get(ngo_url("items", ngo_organisation.slug) + "?q=Näh").content.decode()
    assert "Nähkurs" in page and "Deutsch A1" not in page
    page = client.get(ngo_url("items", ngo_organisation.slug) + "?state=waiting").content.decode()
    assert "Deutsch A1" in page and "Nähkurs" not in page


def test_pending_organisation_has_no_rights(municipality, member):
    pending = Organisation.objects.create(
        name="Neu",
        slug="neu",
        kind=OrganisationKind.NGO,
        region=municipality,
        approval="pending",
        is_active=False,
    )
    user = member(Role.NGO_ADMIN, pending)
    response = create_course(client_for(user), pending)
    assert response.status_code == 403
    assert not Course.objects.exists()
