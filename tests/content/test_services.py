"""Writes through services: the whole flow, bad input that changes nothing, permissions."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import override

from apps.content import selectors, services
from apps.content.models import Event, Process, Revision, Status, Step, StepLink
from apps.core.cache import content_generation_bump
from tests.content.factories import EventFactory, ProcessFactory
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def process(pa_editor, pa_organisation, municipality):
    return services.process_create(
        user=pa_editor,
        organisation=pa_organisation,
        region=municipality,
        data={"title_de": "Wohnsitz anmelden", "description_de": "<p>Innerhalb 14 Tagen.</p>"},
    )


def _steps(process, user, n):
    steps = []
    for i in range(n):
        process.refresh_from_db()
        steps.append(
            services.step_create(
                process=process,
                user=user,
                expected_version=process.version,
                data={"title_de": f"Schritt {i + 1}"},
            )
        )
    process.refresh_from_db()
    return steps


def test_process_flow_from_draft_to_published_in_two_languages(
    process, pa_editor, pa_admin, translator, pa_organisation, municipality
):
    office = services.item_create(
        model=services.CONTENT_MODELS["office"],
        user=pa_editor,
        organisation=pa_organisation,
        region=municipality,
        data={"name_de": "Bürgeramt Mitte", "address": "Rathausplatz 1"},
    )
    docs = [
        services.item_create(
            model=services.CONTENT_MODELS["document_type"],
            user=pa_editor,
            organisation=pa_organisation,
            region=municipality,
            data={"name_de": name},
        )
        for name in ("Reisepass", "Meldebescheinigung")
    ]
    steps = _steps(process, pa_editor, 5)
    services.step_update(
        step=steps[0],
        user=pa_editor,
        expected_version=process.version,
        data={"office": office.pk},
        required_documents=[docs[0]],
        produced_documents=[],
    )
    process.refresh_from_db()
    for a, b, label in [(0, 1, None), (1, 2, {"de": "wenn Sie schon ein Jobangebot haben"}),
                        (1, 3, None), (2, 4, None), (3, 4, None)]:  # fmt: skip
        services.step_link_create(
            process=process,
            user=pa_editor,
            expected_version=process.version,
            from_step=steps[a],
            to_step=steps[b],
            label=label,
        )
        process.refresh_from_db()
    services.step_update(
        step=steps[4],
        user=pa_editor,
        expected_version=process.version,
        data={},
        produced_documents=[docs[1]],
    )
    services.item_submit(item=process, user=pa_editor)
    assert process.status == Status.IN_REVIEW
    with pytest.raises(PermissionDenied):
        services.item_publish(item=process, user=pa_editor)
    services.item_publish(item=process, user=pa_admin)
    process.refresh_from_db()
    assert process.status == Status.PUBLISHED
    assert process.published_by == pa_admin

    detail = selectors.process_detail(pk=process.pk)
    assert len(detail.steps.all()) == 5
    assert [link.label_de for link in detail.links.all() if link.label_de] == [
        "wenn Sie schon ein Jobangebot haben"
    ]
    assert selectors.served_language(detail, "ar") == ("de", True)

    services.process_update(
        process=process,
        user=translator,
        expected_version=process.version,
        data={"title_ar": "تسجيل السكن"},
    )
    detail = selectors.process_detail(pk=process.pk)
    assert selectors.served_language(detail, "ar") == ("ar", False)
    with override("ar"):
        assert str(detail) == "تسجيل السكن"


def test_every_save_writes_a_revision_and_restore_makes_a_new_one(process, pa_editor):
    services.process_update(
        process=process, user=pa_editor, expected_version=1, data={"title_de": "Neu"}
    )
    revisions = list(selectors.revision_list(process))
    assert [r.number for r in revisions] == [2, 1]
    assert revisions[0].author == pa_editor
    diff = services.revision_diff(revisions[1], revisions[0])
    assert {"field": "title_de", "old": "Wohnsitz anmelden", "new": "Neu"} in diff

    restored = services.revision_restore(revision=revisions[1], user=pa_editor, expected_version=2)
    assert restored.version == 3
    assert Process.objects.get(pk=process.pk).title_de == "Wohnsitz anmelden"
    assert Revision.objects.filter(object_id=process.pk, action="restore", number=3).exists()


def test_restore_brings_back_deleted_steps_and_links(process, pa_editor):
    a, b = _steps(process, pa_editor, 2)
    services.step_link_create(
        process=process, user=pa_editor, expected_version=process.version, from_step=a, to_step=b
    )
    process.refresh_from_db()
    revision = selectors.revision_list(process).first()
    services.step_delete(step=b, user=pa_editor, expected_version=process.version)
    process.refresh_from_db()
    assert process.steps.count() == 1 and process.links.count() == 0
    services.revision_restore(revision=revision, user=pa_editor, expected_version=process.version)
    assert process.steps.count() == 2 and process.links.count() == 1


def test_stale_version_is_refused_with_what_changed(process, pa_editor, make_user):
    other = make_user("pa_editor")
    services.process_update(
        process=Process.objects.get(pk=process.pk),
        user=other,
        expected_version=1,
        data={"title_de": "Von Kollegin geändert"},
    )
    with pytest.raises(services.StaleVersionError) as caught:
        services.process_update(
            process=process, user=pa_editor, expected_version=1, data={"title_de": "Meins"}
        )
    assert "title_de" in caught.value.message
    assert caught.value.current_version == 2
    assert Process.objects.get(pk=process.pk).title_de == "Von Kollegin geändert"
    assert selectors.revision_list(process).count() == 2


def _stored(process):
    fresh = Process.objects.get(pk=process.pk)
    return (fresh.version, fresh.title_de, fresh.summary_de, fresh.description_de, fresh.title_ar)


@pytest.mark.parametrize(
    "data",
    [
        {"description_de": "<p>Hallo</p><script>alert(1)</script>"},
        {"description_de": '<p><img src="x" onerror="alert(1)"></p>'},
        {"description_ar": '<p onclick="alert(1)">مرحبا</p>'},
        {"summary_de": '<a href="javascript:alert(1)">x</a>'},
        {"title_de": ""},
    ],
)
def test_bad_texts_are_refused_and_change_nothing(process, pa_editor, data):
    before = _stored(process)
    with pytest.raises(ValidationError) as caught:
        services.process_update(process=process, user=pa_editor, expected_version=1, data=data)
    assert list(caught.value.message_dict) == list(data)
    assert _stored(process) == before
    assert selectors.revision_list(process).count() == 1


def test_missing_source_title_error_is_translated(pa_editor, pa_organisation, municipality):
    with override("de"), pytest.raises(ValidationError) as caught:
        services.process_create(
            user=pa_editor,
            organisation=pa_organisation,
            region=municipality,
            data={"title_en": "x"},
        )
    assert "Ausgangssprache" in str(caught.value) or "source language" in str(caught.value)
    assert not Process.objects.exists()


def test_rich_text_keeps_the_safe_subset(process, pa_editor):
    html = (
        '<h2>Titel</h2><ul><li><em>a</em></li></ul><table><tr><td colspan="2">x</td></tr></table>'
        '<p><span class="x">b</span> <a href="https://example.org">Link</a></p>'
    )
    services.process_update(
        process=process, user=pa_editor, expected_version=1, data={"description_de": html}
    )
    saved = Process.objects.get(pk=process.pk).description_de
    assert "<h2>Titel</h2>" in saved and "<em>a</em>" in saved and 'colspan="2"' in saved
    assert "<span" not in saved and 'rel="noopener noreferrer"' in saved


def test_step_link_to_another_process_is_refused(process, pa_editor):
    (a,) = _steps(process, pa_editor, 1)
    foreign = ProcessFactory(region=process.region, organisation=process.organisation)
    b = Step.objects.create(process=foreign, title_de="fremd")
    with pytest.raises(ValidationError, match="same process"):
        services.step_link_create(
            process=process,
            user=pa_editor,
            expected_version=process.version,
            from_step=a,
            to_step=b,
        )
    assert not StepLink.objects.exists()


def test_cycle_is_refused_unless_the_process_allows_it(process, pa_editor):
    a, b, c = _steps(process, pa_editor, 3)
    for x, y in [(a, b), (b, c)]:
        services.step_link_create(
            process=process,
            user=pa_editor,
            expected_version=process.version,
            from_step=x,
            to_step=y,
        )
        process.refresh_from_db()
    with pytest.raises(ValidationError, match="earlier step"):
        services.step_link_create(
            process=process,
            user=pa_editor,
            expected_version=process.version,
            from_step=c,
            to_step=a,
        )
    assert StepLink.objects.count() == 2
    services.process_update(
        process=process, user=pa_editor, expected_version=process.version,
        data={"allow_cycles": True},
    )  # fmt: skip
    services.step_link_create(
        process=process, user=pa_editor, expected_version=process.version, from_step=c, to_step=a
    )
    assert StepLink.objects.count() == 3


def test_event_ending_before_it_starts_is_refused(pa_editor, pa_organisation, municipality):
    start = timezone.now() + dt.timedelta(days=2)
    with pytest.raises(ValidationError) as caught:
        services.item_create(
            model=Event,
            user=pa_editor,
            organisation=pa_organisation,
            region=municipality,
            data={"title_de": "Infoabend", "start": start, "end": start - dt.timedelta(hours=1)},
        )
    assert "end" in caught.value.message_dict
    assert not Event.objects.exists()


def test_ngo_cannot_edit_pa_content_or_another_ngos(process, ngo_editor, ngo_organisation):
    with pytest.raises(PermissionDenied):
        services.process_update(
            process=process, user=ngo_editor, expected_version=1, data={"title_de": "x"}
        )
    other_ngo = OrganisationFactory(kind="ngo", region=ngo_organisation.region)
    with pytest.raises(PermissionDenied):
        services.comment_create(
            user=ngo_editor, process=process, organisation=other_ngo, data={"text_de": "Tipp"}
        )
    comment = services.comment_create(
        user=ngo_editor, process=process, organisation=ngo_organisation, data={"text_de": "Tipp"}
    )
    assert comment.region == ngo_organisation.region
    assert Process.objects.get(pk=process.pk).title_de == "Wohnsitz anmelden"


def test_translator_changes_translations_only(process, translator):
    with pytest.raises(PermissionDenied):
        services.process_update(
            process=process, user=translator, expected_version=1, data={"title_de": "anders"}
        )
    with pytest.raises(PermissionDenied):
        services.process_update(
            process=process, user=translator, expected_version=1, data={}, topics=[]
        )
    services.process_update(
        process=process, user=translator, expected_version=1, data={"title_en": "Register"}
    )
    assert Process.objects.get(pk=process.pk).title_en == "Register"


def test_scheduled_publication_and_withdrawal(process, pa_admin):
    later = timezone.now() + dt.timedelta(days=1)
    services.item_publish(item=process, user=pa_admin, publish_at=later)
    assert not selectors.item_list_published(Process).exists()
    services.item_publish(
        item=process,
        user=pa_admin,
        publish_at=timezone.now() - dt.timedelta(minutes=1),
        withdraw_at=later,
    )
    assert selectors.item_list_published(Process).exists()
    assert services.content_withdraw_due(now=later + dt.timedelta(seconds=1)) == 1
    process.refresh_from_db()
    assert process.status == Status.ARCHIVED


def test_events_withdraw_themselves_after_they_end(municipality):
    past = EventFactory(
        region=municipality,
        start=timezone.now() - dt.timedelta(days=2),
        end=timezone.now() - dt.timedelta(days=1),
    )
    coming = EventFactory(region=municipality)
    assert list(selectors.item_list_published(Event)) == [coming]
    from apps.content.tasks import content_apply_schedule

    assert content_apply_schedule.delay().get() == 1
    past.refresh_from_db()
    assert past.status == Status.ARCHIVED


def test_publishing_queues_the_speech_hook_after_commit(
    process, pa_admin, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        services.item_publish(item=process, user=pa_admin)
    # the speech hook, besides the cache's generation bump (tests/migrants/test_cache.py)
    assert len([c for c in callbacks if c is not content_generation_bump]) == 1


def test_region_sees_own_and_ancestor_content(municipality):
    from apps.regions.models import Region

    federal = ProcessFactory(region=Region.objects.get(code="DE"))
    local = ProcessFactory(region=municipality)
    elsewhere = ProcessFactory()
    shown = set(selectors.item_list_published(Process, region=municipality))
    assert {federal, local} <= shown and elsewhere not in shown
