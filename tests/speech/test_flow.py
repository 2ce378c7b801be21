"""When audio is rendered: on publication, on an edit of a published item only for the
languages whose text changed, never twice for the same text (backend calls counted by a
backend registered through settings), and superseded files are removed."""

import pytest
from django.conf import settings

from apps.content import services as content
from apps.content.models import Status
from apps.speech import services
from apps.speech.models import AudioRendition
from tests.content.factories import InformationFactory, ProcessFactory, StepFactory
from tests.speech.conftest import LANGUAGES, all_languages


@pytest.fixture
def admin(make_user):
    return make_user("pa_admin")


@pytest.fixture
def draft(municipality, pa_organisation):
    return InformationFactory(
        region=municipality,
        organisation=pa_organisation,
        status=Status.DRAFT,
        **all_languages("title", 0),
        **all_languages("summary", 1),
    )


def calls_by_language(calls):
    return sorted(language for language, _text in calls)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_publishing_renders_every_language_and_an_edit_only_the_changed_one(counting, admin, draft):
    content.item_publish(item=draft, user=admin)
    assert calls_by_language(counting) == sorted(LANGUAGES)
    assert AudioRendition.objects.filter(object_id=draft.pk).count() == 2 * len(LANGUAGES)
    before = {
        (r.language, r.format): (r.file.name, r.fingerprint)
        for r in AudioRendition.objects.filter(object_id=draft.pk)
    }
    counting.clear()

    draft.refresh_from_db()
    content.item_update(
        item=draft,
        user=admin,
        expected_version=draft.version,
        data={"summary_uk": "Зареєструйте нову адресу протягом 7 днів."},
    )
    assert calls_by_language(counting) == ["uk"]
    after = {
        (r.language, r.format): (r.file.name, r.fingerprint)
        for r in AudioRendition.objects.filter(object_id=draft.pk)
    }
    changed = {key for key in before if before[key] != after[key]}
    assert changed == {("uk", "opus"), ("uk", "mp3")}
    # The superseded files are gone, the new ones are there.
    media = settings.MEDIA_ROOT
    for key in changed:
        assert not (media / before[key][0]).exists()
        assert (media / after[key][0]).exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_edit_that_changes_no_text_renders_nothing(counting, admin, draft):
    content.item_publish(item=draft, user=admin)
    counting.clear()
    draft.refresh_from_db()
    content.item_update(item=draft, user=admin, expected_version=draft.version, data={})
    assert counting == []


@pytest.mark.django_db
def test_a_second_render_of_unchanged_text_does_no_work(counting):
    item = InformationFactory(title_en="Health insurance", summary_en="Everyone needs one.")
    first = services.item_audio_render(
        model_label="content.information", item_id=item.pk, language="en"
    )
    assert first.rendered == ["item"] and len(counting) == 1
    second = services.item_audio_render(
        model_label="content.information", item_id=item.pk, language="en"
    )
    assert second.rendered == [] and second.unchanged == ["item"]
    assert len(counting) == 1


@pytest.mark.django_db
def test_a_changed_step_re_renders_that_step_only(counting):
    process = ProcessFactory(title_en="Register", summary_en="Everyone registers.")
    one = StepFactory(process=process, title_en="Book an appointment", position=1)
    two = StepFactory(process=process, title_en="Go to the office", position=2)
    services.item_audio_render(model_label="content.process", item_id=process.pk, language="en")
    assert len(counting) == 3
    counting.clear()
    two.description_en = "<p>Bring your passport.</p>"
    two.save()
    result = services.item_audio_render(
        model_label="content.process", item_id=process.pk, language="en"
    )
    assert result.rendered == [f"step-{two.pk}"]
    assert sorted(result.unchanged) == sorted(["item", f"step-{one.pk}"])
    assert len(counting) == 1 and "Step two of two" in counting[0][1]
    # A deleted step loses its audio: the rows with the step, the files when pruned.
    name = AudioRendition.objects.get(step=one, format="opus").file.name
    kept = AudioRendition.objects.get(step=two, format="opus").file.name
    one.delete()
    assert (settings.MEDIA_ROOT / name).exists()
    # Pruned: step one's two files, and step two's two superseded ones (this test runs
    # in one transaction, so the removal queued for after commit never ran).
    assert services.renditions_prune() == 4
    assert not (settings.MEDIA_ROOT / name).exists()
    assert (settings.MEDIA_ROOT / kept).exists()


@pytest.mark.django_db
def test_unpublished_items_and_untranslated_languages_get_no_audio(counting):
    draft = InformationFactory(status=Status.DRAFT, title_en="Draft")
    item = InformationFactory(title_en="Only English")
    services.item_audio_render(model_label="content.information", item_id=draft.pk, language="en")
    services.item_audio_render(model_label="content.information", item_id=item.pk, language="ar")
    assert counting == [] and not AudioRendition.objects.exists()


@pytest.mark.django_db
def test_missing_renders_lists_what_has_no_current_audio(counting):
    item = InformationFactory(title_en="Health", title_de="Gesundheit")
    label = "content.information"
    assert (label, item.pk, "en") in services.missing_renders()
    services.item_audio_render(model_label=label, item_id=item.pk, language="en")
    jobs = services.missing_renders()
    assert (label, item.pk, "en") not in jobs and (label, item.pk, "de") in jobs


@pytest.mark.django_db
def test_the_beat_job_finds_audio_made_with_settings_no_longer_in_force(counting, settings):
    """A new bit rate (or engine, voice, encoder setting) makes the audio old: the beat
    job's list has it again, a render renders it again, and then it is current."""
    item = InformationFactory(title_en="Health", summary_en="Everyone needs insurance.")
    label = "content.information"
    services.item_audio_render(model_label=label, item_id=item.pk, language="en")
    assert (label, item.pk, "en") not in services.missing_renders()
    assert AudioRendition.objects.filter(engine_settings="").count() == 0
    settings.MICADO_SPEECH_MP3_KBPS = 48  # either format's settings
    assert (label, item.pk, "en") in services.missing_renders()
    settings.MICADO_SPEECH_MP3_KBPS = 32
    assert (label, item.pk, "en") not in services.missing_renders()
    settings.MICADO_SPEECH_OPUS_KBPS = 32
    assert (label, item.pk, "en") in services.missing_renders()
    counting.clear()
    result = services.item_audio_render(model_label=label, item_id=item.pk, language="en")
    assert result.rendered == ["item"] and len(counting) == 1
    assert (label, item.pk, "en") not in services.missing_renders()


@pytest.mark.django_db
def test_audio_from_before_engine_settings_were_stored_is_checked_once_without_synthesis(
    counting,
):
    """Rows made before `engine_settings` existed (empty) are listed once; the render
    finds their fingerprint current, synthesises nothing and fills the settings in."""
    item = InformationFactory(title_en="Health", summary_en="Everyone needs insurance.")
    label = "content.information"
    services.item_audio_render(model_label=label, item_id=item.pk, language="en")
    AudioRendition.objects.update(engine_settings="")
    assert (label, item.pk, "en") in services.missing_renders()
    counting.clear()
    result = services.item_audio_render(model_label=label, item_id=item.pk, language="en")
    assert result.unchanged == ["item"] and counting == []
    assert (label, item.pk, "en") not in services.missing_renders()
    opus, mp3 = (AudioRendition.objects.get(format=fmt) for fmt in ("opus", "mp3"))
    assert opus.engine_settings in services.engine_settings_in_force("en", "opus")
    assert mp3.engine_settings in services.engine_settings_in_force("en", "mp3")
    assert opus.engine_settings != mp3.engine_settings
