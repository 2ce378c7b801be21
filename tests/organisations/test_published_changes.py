"""A change of a published NGO item waits for moderation while migrants keep seeing the
published version: approved, the new text is shown; rejected, the old text stays and the
NGO sees the reason, its change in the form, and can resubmit."""

import pytest
from django.core import mail
from django.test import TestCase

from apps.accounts.roles import Role
from apps.content import selectors
from apps.content.models import Course, PendingChange, Revision, Status
from apps.content.services import pending as moderation_services
from tests.organisations.conftest import client_for, migrant_client, ngo_url, pa_url
from tests.organisations.test_offers import create_course

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(member, ngo_organisation):
    user = member(Role.NGO_EDITOR, ngo_organisation)
    user.preferred_language = "en"
    user.save()
    return user


@pytest.fixture
def published(editor, ngo_organisation, make_user):
    client = client_for(editor)
    create_course(client, ngo_organisation, description_de="Montags im Rathaus.")
    course = Course.objects.get()
    admin = client_for(make_user("pa_admin"))
    with TestCase.captureOnCommitCallbacks(execute=True):
        admin.post(pa_url("moderation-approve", "course", course.pk))
    course.refresh_from_db()
    assert course.status == Status.PUBLISHED
    return course, client, admin


def _change(client, organisation, course, text, **extra):
    return client.post(
        ngo_url("item-edit", organisation.slug, "course", course.pk),
        {
            "version": course.version,
            "title_de": "Deutsch A1",
            "description_de": text,
            "places_total": 10,
            "places_left": 4,
            **extra,
        },
    )


def _migrant_page(organisation, course) -> str:
    return migrant_client(organisation.region).get(f"/de/courses/{course.pk}/").content.decode()


def test_the_published_version_stays_until_the_change_is_approved(
    editor, ngo_organisation, published
):
    course, client, admin = published
    version, revisions = course.version, Revision.objects.filter(object_id=course.pk).count()
    response = _change(client, ngo_organisation, course, "Dienstags in der Bibliothek.")
    assert response.status_code == 302
    course.refresh_from_db()
    # The item itself is unchanged and published: no new version, no revision.
    assert course.status == Status.PUBLISHED and course.version == version
    assert course.description_de == "Montags im Rathaus."
    assert Revision.objects.filter(object_id=course.pk).count() == revisions
    page = _migrant_page(ngo_organisation, course)
    assert "Montags im Rathaus." in page and "Dienstags in der Bibliothek." not in page
    # The NGO sees its change waiting, and goes on editing its change, not the old text.
    listing = client.get(ngo_url("items", ngo_organisation.slug)).content.decode()
    assert "Published; change waiting for moderation" in listing
    filtered = client.get(ngo_url("items", ngo_organisation.slug) + "?state=change_waiting")
    assert "Deutsch A1" in filtered.content.decode()
    filtered = client.get(ngo_url("items", ngo_organisation.slug) + "?state=published")
    assert "Deutsch A1" not in filtered.content.decode()
    form = client.get(ngo_url("item-edit", ngo_organisation.slug, "course", course.pk))
    assert "Dienstags in der Bibliothek." in form.content.decode()
    # The PA sees the changed text in its queue.
    queue = admin.get(pa_url("moderation")).content.decode()
    assert "Dienstags in der Bibliothek." in queue and "Change of a published item" in queue

    with TestCase.captureOnCommitCallbacks(execute=True):
        admin.post(pa_url("moderation-approve", "course", course.pk))
    course.refresh_from_db()
    assert course.description_de == "Dienstags in der Bibliothek."
    assert course.status == Status.PUBLISHED and course.version == version + 1
    last = Revision.objects.filter(object_id=course.pk).order_by("-number").first()
    assert last.author == editor and last.number == course.version
    assert not PendingChange.objects.exists()
    page = _migrant_page(ngo_organisation, course)
    assert "Dienstags in der Bibliothek." in page and "Montags im Rathaus." not in page
    assert mail.outbox[-1].to == [editor.email] and "Published" in mail.outbox[-1].subject
    assert "Dienstags" not in admin.get(pa_url("moderation")).content.decode()


def test_a_rejected_change_leaves_the_published_version_and_can_be_resubmitted(
    editor, ngo_organisation, published
):
    course, client, admin = published
    _change(client, ngo_organisation, course, "Dienstags in der Bibliothek.")
    with TestCase.captureOnCommitCallbacks(execute=True):
        admin.post(
            pa_url("moderation-reject", "course", course.pk), {"reason": "Welche Bibliothek?"}
        )
    course.refresh_from_db()
    assert course.status == Status.PUBLISHED
    assert course.description_de == "Montags im Rathaus."
    assert "Montags im Rathaus." in _migrant_page(ngo_organisation, course)
    assert "Welche Bibliothek?" in mail.outbox[-1].body
    listing = client.get(ngo_url("items", ngo_organisation.slug)).content.decode()
    assert "Published; change rejected" in listing and "Welche Bibliothek?" in listing
    form = client.get(ngo_url("item-edit", ngo_organisation.slug, "course", course.pk))
    text = form.content.decode()
    assert "Welche Bibliothek?" in text and "Dienstags in der Bibliothek." in text
    assert "Dienstags" not in admin.get(pa_url("moderation")).content.decode()

    _change(client, ngo_organisation, course, "Dienstags in der Stadtbibliothek.")
    change = moderation_services.change_of(course)
    assert change.waiting and change.fields == {
        "description_de": "Dienstags in der Stadtbibliothek."
    }
    assert [r["state"] for r in selectors.organisation_items(ngo_organisation)] == [
        "change_waiting"
    ]
    with TestCase.captureOnCommitCallbacks(execute=True):
        admin.post(pa_url("moderation-approve", "course", course.pk))
    course.refresh_from_db()
    assert course.description_de == "Dienstags in der Stadtbibliothek."


def test_bad_input_in_a_change_is_refused_and_nothing_kept(ngo_organisation, published):
    course, client, _admin = published
    response = _change(client, ngo_organisation, course, "Neu.", places_left=-1)
    assert response.status_code == 200
    assert not PendingChange.objects.exists()
    course.refresh_from_db()
    assert course.places_left == 4 and course.description_de == "Montags im Rathaus."
    # A stale version is refused too.
    response = _change(client, ngo_organisation, course, "Neu.", version=course.version - 1)
    assert response.status_code == 200 and not PendingChange.objects.exists()


def test_a_change_saved_as_draft_is_not_in_the_queue(ngo_organisation, published):
    course, client, admin = published
    _change(client, ngo_organisation, course, "Entwurf der Änderung.", draft="1")
    assert moderation_services.change_of(course).submitted_at is None
    assert "Entwurf der Änderung." not in admin.get(pa_url("moderation")).content.decode()
    response = admin.post(pa_url("moderation-approve", "course", course.pk))
    assert response.status_code == 302
    course.refresh_from_db()
    assert course.description_de == "Montags im Rathaus."


def test_a_trusted_ngo_changes_its_published_item_directly(ngo_organisation, published):
    course, client, _admin = published
    ngo_organisation.is_trusted = True
    ngo_organisation.save()
    _change(client, ngo_organisation, course, "Sofort geändert.")
    course.refresh_from_db()
    assert course.description_de == "Sofort geändert." and course.status == Status.PUBLISHED
    assert not PendingChange.objects.exists()


def test_through_the_api_the_published_version_stays_too(editor, ngo_organisation, published):
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    course, _client, admin = published
    token, _created = Token.objects.get_or_create(user=editor)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = api.patch(
        f"/api/v1/editor/courses/{course.pk}/",
        {"version": course.version, "description": {"de": "Per API geändert."}},
        format="json",
    )
    assert response.status_code == 200, response.json()
    course.refresh_from_db()
    assert course.description_de == "Montags im Rathaus." and course.status == Status.PUBLISHED
    assert moderation_services.change_waiting(course).fields == {
        "description_de": "Per API geändert."
    }
    bad = api.patch(
        f"/api/v1/editor/courses/{course.pk}/",
        {"version": course.version, "places_left": -2},
        format="json",
    )
    assert bad.status_code == 400
    assert moderation_services.change_of(course).fields == {"description_de": "Per API geändert."}
    with TestCase.captureOnCommitCallbacks(execute=True):
        admin.post(pa_url("moderation-approve", "course", course.pk))
    course.refresh_from_db()
    assert course.description_de == "Per API geändert."


def test_steps_of_a_published_ngo_process_cannot_change_past_moderation(editor, ngo_organisation):
    """Only the item's own fields wait as a pending change, so every step and branch
    write (and the step move of the API) is refused for the NGO's authors, before
    anything is written; a trusted NGO changes them directly."""
    from django.core.exceptions import ValidationError

    from apps.content import services, workflow
    from apps.content.models import Process, Step, StepLink
    from tests.content.factories import ProcessFactory, StepFactory

    process = ProcessFactory(
        organisation=ngo_organisation, region=ngo_organisation.region, status=Status.PUBLISHED
    )
    first = StepFactory(process=process, position=0, title_de="A")
    second = StepFactory(process=process, position=1, title_de="B")
    version = process.version
    writes = [
        lambda: workflow.step_move(user=editor, step=second, direction="up"),
        lambda: services.step_create(
            process=process, user=editor, expected_version=version, data={"title_de": "C"}
        ),
        lambda: services.step_update(
            step=first, user=editor, expected_version=version, data={"title_de": "Neu"}
        ),
        lambda: services.step_delete(step=second, user=editor, expected_version=version),
        lambda: services.step_link_create(
            process=process, user=editor, expected_version=version, from_step=first,
            to_step=second,
        ),
    ]  # fmt: skip
    for write in writes:
        with pytest.raises(ValidationError, match="must be approved"):
            write()
    process.refresh_from_db()
    assert process.version == version
    assert list(Step.objects.filter(process=process).values_list("title_de", flat=True)) == [
        "A",
        "B",
    ]
    assert not StepLink.objects.filter(process=process).exists()
    ngo_organisation.is_trusted = True
    ngo_organisation.save()
    process = Process.objects.get(pk=process.pk)
    workflow.step_move(user=editor, step=Step.objects.get(pk=second.pk), direction="up")
    assert list(
        Step.objects.filter(process=process).order_by("position").values_list("title_de", flat=True)
    ) == ["B", "A"]
