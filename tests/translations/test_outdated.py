"""Outdated detection per field, per step, and minor edits, with source texts in Arabic,
Chinese, Cyrillic and Latin script; deleted steps and items leave no state behind."""

import pytest
from django.contrib.contenttypes.models import ContentType

from apps.content import services as content
from apps.content.models import Step, StepLink
from apps.translations import services
from apps.translations.models import State, TranslationState

pytestmark = pytest.mark.django_db

# (source language, process texts, step texts, changed summary, changed step description)
SCRIPTS = {
    "arabic": (
        "ar",
        {
            "title": "تسجيل السكن",
            "summary": "خلال أسبوعين",
            "description": "<p>اذهب إلى المكتب.</p>",
        },
        [("حجز موعد", "<p>عبر الإنترنت.</p>"), ("الذهاب إلى المكتب", "<p>خذ جواز السفر.</p>")],
        "خلال ١٤ يومًا",
        "<p>خذ جواز السفر وعقد الإيجار.</p>",
    ),
    "chinese": (
        "zh-hans",
        {"title": "登记住址", "summary": "两周内", "description": "<p>去办公室。</p>"},
        [("预约", "<p>在网上。</p>"), ("去办公室", "<p>带护照。</p>")],
        "十四天内",
        "<p>带护照和租房合同。</p>",
    ),
    "cyrillic": (
        "ru",
        {
            "title": "Регистрация адреса",
            "summary": "В течение двух недель",
            "description": "<p>Идите в офис.</p>",
        },
        [("Записаться", "<p>Онлайн.</p>"), ("Пойти в офис", "<p>Возьмите паспорт.</p>")],
        "В течение 14 дней",
        "<p>Возьмите паспорт и договор аренды.</p>",
    ),
    "latin": (
        "de",
        {
            "title": "Wohnsitz anmelden",
            "summary": "Innerhalb von zwei Wochen",
            "description": "<p>Zum Amt.</p>",
        },
        [("Termin buchen", "<p>Online.</p>"), ("Zum Amt gehen", "<p>Pass mitnehmen.</p>")],
        "Innerhalb von 14 Tagen",
        "<p>Pass und Mietvertrag mitnehmen.</p>",
    ),
}
TARGETS = ("en", "uk", "ar", "de")  # the source language of each case is left out


@pytest.fixture(params=list(SCRIPTS))
def case(request, make_user, pa_organisation, municipality):
    """A process in one script with two steps and a link, translated into three
    languages (every item, step and link marked translated)."""
    source, texts, steps, new_summary, new_step_description = SCRIPTS[request.param]
    editor = make_user("pa_editor")
    data = {
        "source_language": source,
        **{f"{k}_{source.replace('-', '_')}": v for k, v in texts.items()},
    }
    targets = [lang for lang in TARGETS if lang != source][:3]
    for lang in targets:
        data[f"title_{lang}"] = f"{lang} title"
        data[f"summary_{lang}"] = f"{lang} summary"
    process = content.process_create(
        user=editor, organisation=pa_organisation, region=municipality, data=data
    )
    col = source.replace("-", "_")
    for title, description in steps:
        step_data = {f"title_{col}": title, f"description_{col}": description}
        step_data |= {f"title_{lang}": f"{lang} {title}" for lang in targets}
        content.step_create(
            process=process, user=editor, expected_version=process.version, data=step_data
        )
    first, second = process.steps.all()
    content.step_link_create(
        process=process,
        user=editor,
        expected_version=process.version,
        from_step=first,
        to_step=second,
        label={source: "→", **{lang: f"{lang} then" for lang in targets}},
    )
    process.refresh_from_db()
    link = process.links.get()
    for obj in (process, first, second, link):
        for lang in targets:
            services.state_set(item=obj, language=lang, state=State.TRANSLATED)
    return {
        "editor": editor,
        "process": process,
        "steps": (first, second),
        "link": link,
        "source": source,
        "targets": targets,
        "new_summary": new_summary,
        "new_step_description": new_step_description,
    }


def rows(obj):
    return {
        row.language: (row.state, row.outdated_fields)
        for row in TranslationState.objects.filter(
            content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
        )
    }


def all_translated(case, obj):
    return rows(obj) == {lang: (State.TRANSLATED, []) for lang in case["targets"]}


def test_changing_one_field_outdates_exactly_that_field(case):
    process = case["process"]
    col = case["source"].replace("-", "_")
    content.item_update(
        item=process,
        user=case["editor"],
        expected_version=process.version,
        data={f"summary_{col}": case["new_summary"]},
    )
    assert rows(process) == {lang: (State.OUTDATED, ["summary"]) for lang in case["targets"]}
    for obj in (*case["steps"], case["link"]):
        assert all_translated(case, obj)
    # A second field changed later joins the first; the other field stays current.
    process.refresh_from_db()
    content.item_update(
        item=process,
        user=case["editor"],
        expected_version=process.version,
        data={f"title_{col}": process.title + " 2"},
    )
    assert rows(process) == {
        lang: (State.OUTDATED, ["title", "summary"]) for lang in case["targets"]
    }


def test_changing_one_step_outdates_only_that_step(case):
    process, (first, second) = case["process"], case["steps"]
    col = case["source"].replace("-", "_")
    content.step_update(
        step=second,
        user=case["editor"],
        expected_version=process.version,
        data={f"description_{col}": case["new_step_description"]},
    )
    assert rows(second) == {lang: (State.OUTDATED, ["description"]) for lang in case["targets"]}
    for obj in (process, first, case["link"]):
        assert all_translated(case, obj)


def test_a_minor_edit_outdates_nothing_and_moves_the_fingerprints_forward(case):
    process, (first, second) = case["process"], case["steps"]
    col = case["source"].replace("-", "_")
    content.item_update(
        item=process,
        user=case["editor"],
        expected_version=process.version,
        data={f"summary_{col}": case["new_summary"]},
        minor=True,
    )
    process.refresh_from_db()
    content.step_update(
        step=second,
        user=case["editor"],
        expected_version=process.version,
        data={f"description_{col}": case["new_step_description"]},
        minor=True,
    )
    for obj in (process, first, second, case["link"]):
        assert all_translated(case, obj)
    # The fingerprint is the new text's: a later real change of another field outdates
    # only that field, not the minor one.
    process.refresh_from_db()
    content.item_update(
        item=process,
        user=case["editor"],
        expected_version=process.version,
        data={f"title_{col}": process.title + "!"},
    )
    assert rows(process) == {lang: (State.OUTDATED, ["title"]) for lang in case["targets"]}


def test_changing_a_branch_label_outdates_only_that_link(case):
    process = case["process"]
    content.step_link_update(
        link=case["link"],
        user=case["editor"],
        expected_version=process.version,
        label={case["source"]: "↓"},
    )
    assert rows(case["link"]) == {lang: (State.OUTDATED, ["label"]) for lang in case["targets"]}
    for obj in (process, *case["steps"]):
        assert all_translated(case, obj)


def test_deleted_steps_links_and_items_leave_no_state_rows(case):
    process, (first, second) = case["process"], case["steps"]
    content.step_delete(step=second, user=case["editor"], expected_version=process.version)
    step_type = ContentType.objects.get_for_model(Step)
    link_type = ContentType.objects.get_for_model(StepLink)
    assert not TranslationState.objects.filter(content_type=step_type, object_id=second.pk)
    # The link from the first step went with it (cascade).
    assert not TranslationState.objects.filter(content_type=link_type)
    assert all_translated(case, first)
    process.delete()
    assert not TranslationState.objects.exists()
