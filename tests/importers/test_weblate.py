"""Weblate exchange files as translations of imported MICADO items."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from apps.content import mentions, selectors
from apps.content.models import GlossaryTerm, Process, Step
from apps.importers.micado import ImportFailed
from apps.importers.weblate import weblate_import
from tests.importers.conftest import WEBLATE

SOURCE = "micado:BE-11002"


def test_weblate_file_fills_a_translation(imported, region, tmp_path):
    step_id = Process.objects.get(external_id="126", external_source=SOURCE).steps.first()
    (tmp_path / "process.uk.json").write_text(
        json.dumps(
            {
                "126.process": "Заява на прожитковий мінімум",
                "126.description": "<p>Візьміть @[g,56](посвідчення особи).</p>",
                "9999.process": "немає",
            },
            ensure_ascii=False,
            indent=1,
        ),
        encoding="utf-8",
    )
    (tmp_path / "step.uk.json").write_text(
        json.dumps({f"{step_id.external_id}.step": "Крок"}), encoding="utf-8"
    )
    result = weblate_import([tmp_path], region=region)
    process = Process.objects.get(external_id="126", external_source=SOURCE)
    term = GlossaryTerm.objects.get(external_id="56", external_source=SOURCE)
    assert process.title_uk == "Заява на прожитковий мінімум"
    assert Step.objects.get(pk=step_id.pk).title_uk == "Крок"
    assert process.title_en == "Request living wage"  # other languages untouched
    html = mentions.render_mentions(
        process.description_uk,
        selectors.mention_targets([process.description_uk], language="uk"),
        url_for=lambda kind, pk: f"/{kind}/{pk}",
    )
    assert f'href="/g/{term.pk}"' in html
    assert result.updated == 3
    [problem] = result.problems
    assert problem.key == "9999.process" and problem.line == 4
    again = weblate_import([tmp_path], region=region)
    assert not again.changed


def test_weblate_archive_reports_what_it_cannot_map(imported, region):
    result = weblate_import([WEBLATE], region=region)
    assert result.files > 10
    assert result.problems
    assert all(p.key and p.line >= 1 for p in result.problems)
    # The English texts of the archive match the imported ones for most items.
    assert result.unchanged > result.updated


def test_invalid_json_fails_with_line_and_changes_nothing(imported, region, tmp_path):
    (tmp_path / "process.nl.json").write_text('{"126.process": "Nieuw"}', encoding="utf-8")
    (tmp_path / "step.nl.json").write_text('{\n"a.step": "x",\n', encoding="utf-8")
    with pytest.raises(ImportFailed) as info:
        weblate_import([tmp_path], region=region)
    assert info.value.line == 3
    assert Process.objects.get(external_id="126", external_source=SOURCE).title_nl == (
        "Aanvraag leefloon"
    )


def test_command(imported, region, tmp_path):
    (tmp_path / "glossary.es.json").write_text('{"58.title": "salario mínimo"}', encoding="utf-8")
    out = StringIO()
    call_command("import_weblate", str(tmp_path / "glossary.es.json"), stdout=out)
    assert "1 texts updated" in out.getvalue()
    with pytest.raises(CommandError):
        call_command("import_weblate", str(tmp_path / "missing.json"), stdout=StringIO())


def test_weblate_import_sets_translation_states(imported, region, tmp_path):
    """Imported texts whose source text in the files matches ours are translated; where
    the files' source differs, the translation was made from another text."""
    from django.contrib.contenttypes.models import ContentType

    from apps.translations.models import State, TranslationState

    process = Process.objects.get(external_id="126", external_source=SOURCE)
    step = process.steps.first()
    source = process.source_language
    (tmp_path / "process.uk.json").write_text(
        json.dumps({"126.process": "Заява на прожитковий мінімум"}), encoding="utf-8"
    )
    (tmp_path / "step.uk.json").write_text(
        json.dumps({f"{step.external_id}.step": "Крок"}), encoding="utf-8"
    )
    micado_source = {"en": "en", "nl": "nl", "de": "de"}.get(source, source)
    (tmp_path / f"step.{micado_source}.json").write_text(
        json.dumps({f"{step.external_id}.step": "A different source text"}), encoding="utf-8"
    )
    weblate_import([tmp_path], region=region)

    def state(obj):
        return (
            TranslationState.objects.filter(
                content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
            )
            .filter(language="uk")
            .values_list("state", flat=True)
            .first()
        )

    assert state(process) == State.TRANSLATED
    assert state(step) == State.IN_TRANSLATION
