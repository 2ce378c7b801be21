"""Translation states through services: validation, outdated detection through real
content services, bulk writes."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import override

from apps.content import services as content
from apps.content.models import Revision, Step
from apps.translations import services
from apps.translations.models import State, TranslationState
from apps.translations.selectors import coverage

pytestmark = pytest.mark.django_db


def _state(obj, language):
    row = TranslationState.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk, language=language
    ).first()
    return row.state if row else State.MISSING


def _latest_hash(item):
    revisions = Revision.objects.filter(
        content_type=ContentType.objects.get_for_model(item), object_id=item.pk
    )
    return revisions.values_list("source_hash", flat=True).first()


def test_state_set_records_the_state_the_user_and_the_current_source_hash(process, translator):
    row = services.state_set(item=process, language="en", state="translated", user=translator)
    assert (row.state, row.updated_by) == (State.TRANSLATED, translator)
    assert row.source_hash == _latest_hash(process) != ""
    services.state_set(item=process, language="en", state="machine", user=translator)
    assert TranslationState.objects.get().state == State.MACHINE  # one row per language


@pytest.mark.parametrize(
    ("language", "state", "field", "message"),
    [
        ("xx", "translated", "language", "Unknown language: xx."),
        ("en", "done", "state", "Unknown translation state: done."),
        ("de", "translated", "language", "de is the source language of this item"),
        ("ar", "translated", "state", "There is no text in ar yet"),
    ],
)
def test_state_set_refuses_bad_input_and_changes_nothing(
    process, translator, language, state, field, message
):
    services.state_set(item=process, language="en", state="in_translation")
    with pytest.raises(ValidationError) as info:
        services.state_set(item=process, language=language, state=state, user=translator)
    assert message in info.value.message_dict[field][0]
    assert list(TranslationState.objects.values_list("language", "state")) == [
        ("en", "in_translation")
    ]


def test_state_set_error_is_translated(process, translator):
    with override("de"), pytest.raises(ValidationError) as info:
        services.state_set(item=process, language="xx", state="translated", user=translator)
    assert info.value.message_dict["language"] == ["Unbekannte Sprache: xx."]


def test_state_set_needs_the_right_to_translate(process, make_user):
    with pytest.raises(PermissionDenied):
        services.state_set(
            item=process, language="en", state="translated", user=make_user("migrant")
        )
    assert not TranslationState.objects.exists()


def test_changing_the_source_text_marks_translations_outdated(process, pa_editor):
    for language, state in (("en", "translated"), ("ar", "in_translation"), ("it", "missing")):
        if language == "ar":
            process.title_ar = "تسجيل العنوان"
        services.state_set(item=process, language=language, state=state)
    content.item_update(
        item=process,
        user=pa_editor,
        expected_version=process.version,
        data={"title_de": "Wohnsitz ummelden"},
    )
    assert _state(process, "en") == _state(process, "ar") == State.OUTDATED
    assert _state(process, "it") == State.MISSING  # nothing was made from the old text
    row = TranslationState.objects.get(language="en", object_id=process.pk)
    assert row.updated_by == pa_editor
    assert coverage(process).languages_in(State.OUTDATED) == ["ar", "en"]


def test_editing_only_a_translation_keeps_the_states(process, translator):
    services.state_set(item=process, language="en", state="translated")
    services.state_set(item=process.steps.first(), language="en", state="translated")
    content.item_update(
        item=process,
        user=translator,
        expected_version=process.version,
        data={"title_en": "Register your new address"},
    )
    step = process.steps.first()
    process.refresh_from_db()
    content.step_update(
        step=step, user=translator, expected_version=process.version, data={"title_en": "Book"}
    )
    assert set(TranslationState.objects.values_list("state", flat=True)) == {State.TRANSLATED}


def test_changing_one_step_outdates_that_step_only(process, pa_editor):
    first, second = process.steps.all()
    link = process.links.get()
    for obj in (process, first, second, link):
        services.state_set(item=obj, language="en", state="translated")
    content.step_update(
        step=second,
        user=pa_editor,
        expected_version=process.version,
        data={"title_de": "Zum Amt gehen"},
    )
    # The process's own row covers its own fields (title, summary, description) only.
    assert _state(process, "en") == State.TRANSLATED
    assert _state(second, "en") == State.OUTDATED
    assert _state(first, "en") == _state(link, "en") == State.TRANSLATED


def test_an_outdated_language_marked_translated_again_stays_so_until_the_next_change(
    process, pa_editor
):
    services.state_set(item=process, language="en", state="translated")
    content.item_update(
        item=process, user=pa_editor, expected_version=process.version, data={"title_de": "Neu"}
    )
    services.state_set(item=process, language="en", state="translated")
    process.refresh_from_db()
    content.item_update(
        item=process,
        user=pa_editor,
        expected_version=process.version,
        data={"summary_en": "Short"},
    )
    assert _state(process, "en") == State.TRANSLATED


def test_bulk_set_creates_updates_keeps_and_replaces(process):
    first, second = process.steps.all()

    def entry(obj, language, state, source_hash="h1"):
        return services.StateEntry(type(obj), obj.pk, language, state, source_hash, "de")

    result = services.states_set_bulk(
        entries=[entry(first, "en", "translated"), entry(first, "ar", "machine")]
    )
    assert (result.created, result.updated, result.unchanged) == (2, 0, 0)
    result = services.states_set_bulk(
        entries=[entry(first, "en", "translated"), entry(first, "ar", "translated", "h2")],
    )
    assert (result.created, result.updated, result.unchanged) == (0, 1, 1)
    result = services.states_set_bulk(
        entries=[entry(second, "en", "in_translation")], scope={Step: [first.pk, second.pk]}
    )
    assert (result.created, result.deleted) == (1, 2)
    assert list(TranslationState.objects.values_list("object_id", "language", "state")) == [
        (second.pk, "en", "in_translation")
    ]


def test_bulk_set_validates_everything_first(process):
    step = process.steps.first()
    good = services.StateEntry(Step, step.pk, "en", "translated", "h", "de")
    for bad in (
        services.StateEntry(Step, step.pk, "xx", "translated", "h", "de"),
        services.StateEntry(Step, step.pk, "de", "translated", "h", "de"),
    ):
        with pytest.raises(ValidationError):
            services.states_set_bulk(entries=[good, bad])
    assert not TranslationState.objects.exists()
