"""Import of the real MICADO dump (Antwerp pilot): counts, order, links, idempotency, errors."""

import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from apps.content import mentions, selectors
from apps.content.models import (
    Comment,
    DocumentType,
    Event,
    GlossaryTerm,
    Information,
    Process,
    Revision,
    Status,
    Step,
    StepLink,
    Topic,
    UserType,
)
from apps.importers.micado import ImportFailed, micado_import, remap_mentions
from apps.importers.sqldump import DumpError, read_dump
from tests.importers.conftest import DUMP

SOURCE = "micado:BE-11002"


def insert_count(text: str, table: str) -> int:
    return len(re.findall(rf"^INSERT INTO micadoapp\.{table} VALUES ", text, re.M))  # noqa: S608


def imported_count(model) -> int:
    return model.objects.filter(external_source=SOURCE).count()


def skipped_lines(result, table: str) -> list[int]:
    return [p.line for p in result.problems if p.table == table]


# (model, MICADO table, prefix of the external id for tables sharing a model)
TYPES = [
    (Process, "process"),
    (GlossaryTerm, "glossary"),
    (DocumentType, "document_type"),
    (UserType, "user_types"),
    (Comment, "comments"),
    (Information, "information"),
    (Event, "event"),
    (Step, "step"),
    (StepLink, "step_link"),
]


@pytest.mark.parametrize(("model", "table"), TYPES)
def test_counts_match_the_dump(imported, dump_text, model, table):
    in_dump = insert_count(dump_text, table)
    lines = dump_text.split("\n")
    skipped = skipped_lines(imported, table)
    assert imported_count(model) == in_dump - len(skipped)
    # Every row left out is named with its dump line, which is that table's INSERT.
    for line in skipped:
        assert lines[line - 1].startswith(f"INSERT INTO micadoapp.{table} VALUES ")  # noqa: S608


def test_counts_per_type_in_the_summary(imported, dump_text):
    counts = imported.counts
    assert counts["processes"].read == insert_count(dump_text, "process")
    assert counts["processes"].created == insert_count(dump_text, "process")
    assert counts["glossary terms"].created == insert_count(dump_text, "glossary")
    assert counts["document types"].created == insert_count(dump_text, "document_type")
    assert counts["steps"].read == insert_count(dump_text, "step")
    topic_rows = sum(
        insert_count(dump_text, t)
        for t in (
            "topic",
            "event_category",
            "information_category",
            "event_tags",
            "information_tags",
        )
    )
    assert counts["topics"].read == topic_rows == imported_count(Topic)
    # Items without a title in any language are skipped and listed, nothing else.
    assert counts["information"].created + counts["information"].skipped == insert_count(
        dump_text, "information"
    )
    assert imported.problems and all(p.line > 0 and p.message for p in imported.problems)


def test_topic_tree_and_tags(imported):
    topics = {t.external_id: t for t in Topic.objects.filter(external_source=SOURCE)}
    # MICADO topic 13 (Finance) has father 7; tag 236 ("leefloon") sits under its category.
    assert topics["13"].parent == topics["7"]
    assert topics["25"].parent is None
    assert topics["information_tag:236"].parent == topics["information_category:17"]
    information = Information.objects.get(external_source=SOURCE, external_id="101")
    assert topics["information_tag:236"] in information.topics.all()


def living_wage_chain(dump_text: str) -> list[str]:
    """Steps of process 126 in the order its links lead, read from the dump directly."""
    edges = dict(
        re.findall(
            r"^INSERT INTO micadoapp\.step_link VALUES \('[^']+', '([^']+)', '([^']+)', 126\);",
            dump_text,
            re.M,
        )
    )
    start = (set(edges) - set(edges.values())).pop()
    chain = [start]
    while chain[-1] in edges:
        chain.append(edges[chain[-1]])
    return chain


def test_request_living_wage_steps_in_order_with_links(imported, dump_text):
    process = Process.objects.get(title_en="Request living wage")
    assert process.external_id == "126"
    assert process.status == Status.PUBLISHED
    assert process.title_nl == "Aanvraag leefloon"
    steps = list(process.steps.order_by("position"))
    assert [s.external_id for s in steps] == living_wage_chain(dump_text)
    assert all(s.title_en for s in steps)
    links = {(link.from_step.external_id, link.to_step.external_id) for link in process.links.all()}
    chain = living_wage_chain(dump_text)
    assert links == set(zip(chain, chain[1:], strict=False))
    assert Revision.objects.filter(object_id=process.pk, action="import").exists()


def test_step_documents_and_cost(imported, dump_text):
    step_id = "79b8a332-0ae3-4295-9589-05680093c0db"
    needed = re.findall(
        rf"^INSERT INTO micadoapp\.step_document VALUES \((\d+), false, '{step_id}'",  # noqa: S608
        dump_text,
        re.M,
    )
    assert sorted(
        d.external_id for d in Step.objects.get(external_id=step_id).required_documents.all()
    ) == sorted(needed)
    step = Step.objects.get(external_id=step_id)
    # 13.25 + 0 + 16 + 12.54 for the documents it needs
    assert step.cost_en == "€ 41.79"


def test_mention_renders_as_link_to_the_term(region, dump_text):
    text = dump_text.replace(
        "'Request living wage', '<p>To receive financial support",
        "'Request living wage', '<p>Bring your @[g,56](identity card). To receive financial "
        "support",
    )
    result = micado_import(read_dump(text), region=region)
    process = Process.objects.get(external_source=SOURCE, external_id="126")
    term = GlossaryTerm.objects.get(external_source=SOURCE, external_id="56")
    assert f"@[g,{term.pk}](identity card)" in process.description_en
    targets = selectors.mention_targets([process.description_en], language="en")
    html = mentions.render_mentions(
        process.description_en, targets, url_for=lambda k, pk: f"/{k}/{pk}"
    )
    assert f'<a class="mention mention-glossary" href="/g/{term.pk}"' in html
    assert ">identity card</a>" in html
    assert result.counts["processes"].created == 21


def test_mentions_of_items_not_in_the_dump_become_plain_text():
    text, missing = remap_mentions("see @[g,999](rent) and @[p,1](this)", {"g": {}, "p": {"1": 7}})
    assert text == "see rent and @[p,7](this)"
    assert missing == [("g", "999")]


def test_second_import_changes_nothing(imported, dump, region):
    before = {model: imported_count(model) for model, _table in TYPES}
    revisions = Revision.objects.count()
    again = micado_import(dump, region=region)
    assert not again.changed
    assert {model: imported_count(model) for model, _table in TYPES} == before
    assert Revision.objects.count() == revisions
    for name, count in again.counts.items():
        assert count.created == count.updated == 0, name
        assert count.unchanged == imported.counts[name].created + imported.counts[name].unchanged


def test_import_updates_what_changed(imported, dump_text, region):
    changed = dump_text.replace("'Aanvraag leefloon'", "'Leefloon aanvragen'")
    result = micado_import(read_dump(changed), region=region)
    assert result.counts["processes"].updated == 1
    process = Process.objects.get(external_source=SOURCE, external_id="126")
    assert process.title_nl == "Leefloon aanvragen"
    assert process.version == 2


def test_truncated_dump_fails_and_imports_nothing(region, dump_text):
    cut = dump_text[: len(dump_text) // 2]
    with pytest.raises(ImportFailed) as info:
        micado_import(cut, region=region)
    assert "line" in str(info.value)
    assert info.value.line
    assert imported_count(Process) == imported_count(Topic) == 0


def test_dump_cut_at_a_line_end_fails_too(region, dump_text):
    lines = dump_text.split("\n")
    with pytest.raises(ImportFailed, match="incomplete"):
        micado_import("\n".join(lines[:6000]) + "\n", region=region)
    assert imported_count(Process) == 0


def test_corrupted_line_is_reported_with_its_number(region, dump_text):
    lines = dump_text.split("\n")
    number = next(
        n for n, line in enumerate(lines, 1) if line.startswith("INSERT INTO micadoapp.glossary ")
    )
    lines[number - 1] = "INSERT INTO micadoapp.glossary VALUES (56, tru§e, NULL);"
    with pytest.raises(ImportFailed) as info:
        micado_import("\n".join(lines), region=region)
    assert info.value.line == number
    assert f"line {number}" in str(info.value)
    assert imported_count(GlossaryTerm) == 0


def test_failure_after_earlier_import_leaves_it_as_it_was(imported, region, dump_text):
    titles = sorted(Process.objects.values_list("title_en", flat=True))
    broken = dump_text.replace("'Aanvraag leefloon'", "'Leefloon").replace(
        "-- PostgreSQL database dump complete", ""
    )
    with pytest.raises(ImportFailed):
        micado_import(broken, region=region)
    assert sorted(Process.objects.values_list("title_en", flat=True)) == titles
    assert Process.objects.get(external_source=SOURCE, external_id="126").title_nl == (
        "Aanvraag leefloon"
    )


def test_command_prints_table_problems_and_says_when_nothing_changed(region):
    out, err = StringIO(), StringIO()
    call_command("import_micado", str(DUMP), stdout=out, stderr=err)
    text = out.getvalue()
    assert "processes" in text and "unchanged" in text
    assert re.search(r"line \d+ \(information\)", text)
    assert "100%" in err.getvalue()
    out = StringIO()
    call_command("import_micado", str(DUMP), stdout=out, stderr=StringIO())
    assert "Nothing changed" in out.getvalue()


def test_dry_run_saves_nothing(region):
    out = StringIO()
    call_command("import_micado", str(DUMP), "--dry-run", stdout=out, stderr=StringIO())
    assert "Dry run" in out.getvalue()
    assert imported_count(Process) == 0


def test_command_error_is_translated(region, tmp_path):
    from django.utils import translation

    bad = tmp_path / "bad.sql"
    bad.write_text("INSERT INTO micadoapp.process VALUES (1, 'x);\n", encoding="utf-8")
    with translation.override("de"), pytest.raises(CommandError) as info:
        call_command("import_micado", str(bad), stdout=StringIO(), stderr=StringIO())
    assert "Zeile 1" in str(info.value)  # German after the final catalog update


class TestReader:
    def test_strings_escapes_numbers_and_multi_row_values(self):
        sql = (
            "CREATE TABLE s.t (\n    id integer NOT NULL,\n    \"Name\" text DEFAULT 'a,b'::text,\n"
            "    n numeric,\n    ok boolean\n);\n"
            "INSERT INTO s.t VALUES (1, 'it''s', 1.5, true),\n"
            "  (2, E'line\\nnext \\'q\\'', -3, false);\n"
            "INSERT INTO s.t (id, ok) VALUES (3, NULL);\n"
        )
        dump = read_dump(sql, schema="s")
        rows = dump.rows("t")
        assert rows[0].values == {"id": 1, "Name": "it's", "n": pytest.approx(1.5), "ok": True}
        assert rows[1]["Name"] == "line\nnext 'q'"
        assert rows[1]["n"] == -3
        assert rows[2].values == {"id": 3, "ok": None}
        assert [r.line for r in rows] == [7, 7, 9]

    def test_wrong_number_of_values(self):
        sql = "CREATE TABLE t (a int, b int);\nINSERT INTO t VALUES (1);\n"
        with pytest.raises(DumpError) as info:
            read_dump(sql, schema="")
        assert info.value.line == 2

    def test_unterminated_string(self):
        sql = "CREATE TABLE t (a text);\n\nINSERT INTO t VALUES ('abc\n"
        with pytest.raises(DumpError) as info:
            read_dump(sql, schema="")
        assert info.value.line == 3
