"""The MICADO import stores MICADO's translation state per item and language."""

from collections import defaultdict

import pytest
from django.contrib.contenttypes.models import ContentType

from apps.content import services as content
from apps.content.models import (
    Comment,
    DocumentType,
    Event,
    GlossaryTerm,
    Information,
    Process,
    Step,
    StepLink,
)
from apps.importers.micado import micado_import, pilot_region_ensure
from apps.importers.sqldump import read_dump
from apps.translations.models import State, TranslationState
from tests.importers.conftest import DUMP

pytestmark = pytest.mark.django_db
SOURCE = "micado:BE-11002"

# model -> (MICADO table, its text columns in *_translation(_prod), the title column first)
TABLES = {
    Process: ("process", ["process", "description"]),
    GlossaryTerm: ("glossary", ["title", "description"]),
    Information: ("information", ["information", "description"]),
    Event: ("event", ["event", "description"]),
    DocumentType: ("document_type", ["document", "description"]),
    Comment: ("comments", ["comment"]),
    Step: ("step", ["step", "description"]),
    StepLink: ("step_link", ["description"]),
}
# MICADO translationState: 3 translated; 2 translating, 1 translatable, 0 editing.
EXPECTED_STATE = {3: "translated", 2: "in_translation", 1: "in_translation", 0: "in_translation"}


@pytest.fixture(scope="module")
def dump():
    return read_dump(DUMP)


@pytest.fixture
def imported(dump):
    return micado_import(dump, region=pilot_region_ensure())


def _stored() -> set[tuple[str, str, str, str]]:
    ext = {}
    for model in TABLES:
        ct = ContentType.objects.get_for_model(model).pk
        for pk, ext_id in model.objects.filter(external_source=SOURCE).values_list(
            "pk", "external_id"
        ):
            ext[(ct, pk)] = (model.__name__, ext_id)
    return {
        (*ext[(ct, pk)], language, state)
        for ct, pk, language, state in TranslationState.objects.values_list(
            "content_type", "object_id", "language", "state"
        )
    }


def _expected(dump) -> set[tuple[str, str, str, str]]:
    """From the dump's translation tables: every language with text other than the item's
    source language; the published copy for a published item (then "translated")."""
    process_published = {str(r["id"]): bool(r.get("published")) for r in dump.rows("process")}
    process_of = {str(r["id"]): str(r["id_process"]) for r in dump.rows("step")}
    process_of |= {str(r["id"]): str(r["id_process"]) for r in dump.rows("step_link")}
    process_language = dict(
        Process.objects.filter(external_source=SOURCE).values_list("external_id", "source_language")
    )
    expected = set()
    for model, (table, columns) in TABLES.items():
        imported = set(
            model.objects.filter(external_source=SOURCE).values_list("external_id", flat=True)
        )
        if model in (Step, StepLink):
            language = {i: process_language[process_of[i]] for i in imported}
            published = {i: process_published[process_of[i]] for i in imported}
        else:
            language = dict(
                model.objects.filter(external_source=SOURCE).values_list(
                    "external_id", "source_language"
                )
            )
            published = {str(r["id"]): bool(r.get("published")) for r in dump.rows(table)}
        rows = defaultdict(lambda: defaultdict(list))
        for copy in ("edit", "prod"):
            suffix = "_translation" if copy == "edit" else "_translation_prod"
            for row in dump.rows(table + suffix):
                rows[str(row["id"])][copy].append(row)
        for item_id in imported:
            prod = rows[item_id]["prod"]
            use_prod = published[item_id] and any((r.get(columns[0]) or "").strip() for r in prod)
            for row in prod if use_prod else rows[item_id]["edit"]:
                has_text = any((row.get(c) or "").strip() for c in columns)
                if not has_text or row["lang"] == language[item_id]:
                    continue
                state = "translated" if use_prod else EXPECTED_STATE[row["translationState"]]
                expected.add((model.__name__, item_id, row["lang"], state))
    return expected


def test_import_stores_micados_state_per_item_and_language(imported, dump):
    stored = _stored()
    assert stored == _expected(dump)
    assert len(stored) > 40  # not an empty match: 45 in this dump
    assert {state for *_rest, state in stored} == {"translated", "in_translation"}
    # "Request living wage" (published, English source): its Dutch text is published.
    assert ("Process", "126", "nl", "translated") in stored
    assert not any(lang == "en" and kind == "Process" for kind, _id, lang, _s in stored)


def test_imported_states_carry_the_source_hash_so_edits_outdate_them(imported, make_user):
    process = Process.objects.get(external_source=SOURCE, external_id="126")
    row = TranslationState.objects.get(
        content_type=ContentType.objects.get_for_model(Process), object_id=process.pk, language="nl"
    )
    assert row.source_hash == content.source_text_hash(
        content.item_snapshot(process), process.source_language
    )
    editor = make_user("pa_editor", organisation=process.organisation)
    content.item_update(
        item=process,
        user=editor,
        expected_version=process.version,
        data={"title_en": "Apply for a living wage"},
    )
    row.refresh_from_db()
    assert row.state == State.OUTDATED


def test_second_import_changes_no_state(imported, dump):
    before = list(TranslationState.objects.values_list("pk", "state", "source_hash", "updated_at"))
    micado_import(dump, region=pilot_region_ensure())
    after = list(TranslationState.objects.values_list("pk", "state", "source_hash", "updated_at"))
    assert after == before


def test_dry_run_stores_no_state(dump):
    micado_import(dump, region=pilot_region_ensure(), dry_run=True)
    assert not TranslationState.objects.exists()
