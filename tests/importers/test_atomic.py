"""A MICADO or Weblate import that fails creates nothing: every table of every app has as
many rows afterwards as before (the pilot region "Antwerpen" included)."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from apps.content.models import Process
from apps.importers.micado import PILOT_REGION, ImportFailed, micado_import
from apps.regions.models import Region
from tests.importers.conftest import DUMP
from tests.row_counts import changed_tables, row_counts

pytestmark = pytest.mark.django_db


@pytest.fixture
def cut_dump(tmp_path, dump_text):
    path = tmp_path / "cut.sql"
    path.write_text(dump_text[: len(dump_text) // 2], encoding="utf-8")
    return path


def test_cut_dump_through_the_command_leaves_no_pilot_region(cut_dump):
    assert not Region.objects.filter(code=PILOT_REGION[0]).exists()
    before = row_counts()
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_micado", str(cut_dump), stdout=StringIO(), stderr=StringIO())
    assert changed_tables(before, row_counts()) == {}
    assert not Region.objects.filter(code=PILOT_REGION[0]).exists()


def test_cut_dump_into_the_pilot_region_by_code_creates_nothing(cut_dump):
    before = row_counts()
    with pytest.raises(ImportFailed):
        micado_import(cut_dump, region=PILOT_REGION[0])
    assert changed_tables(before, row_counts()) == {}


def test_dry_run_leaves_no_pilot_region_either():
    before = row_counts()
    out = StringIO()
    call_command("import_micado", str(DUMP), "--dry-run", stdout=out, stderr=StringIO())
    assert "Dry run: nothing was saved." in out.getvalue()
    assert changed_tables(before, row_counts()) == {}


def test_unknown_region_creates_nothing(tmp_path):
    before = row_counts()
    with pytest.raises(CommandError, match="no region with the code 99-NOPE"):
        call_command(
            "import_micado", str(DUMP), "--region", "99-NOPE", stdout=StringIO(), stderr=StringIO()
        )
    assert changed_tables(before, row_counts()) == {}


def test_failing_import_after_a_good_one_changes_nothing(imported, dump_text, tmp_path):
    """A second, cut dump over imported content: no row more, none less, no text changed."""
    changed = dump_text.replace("'Aanvraag leefloon'", "'Leefloon aanvragen'")
    path = tmp_path / "changed-cut.sql"
    path.write_text(changed[: int(len(changed) * 0.9)], encoding="utf-8")
    before = row_counts()
    with pytest.raises(CommandError):
        call_command("import_micado", str(path), stdout=StringIO(), stderr=StringIO())
    assert changed_tables(before, row_counts()) == {}
    assert Process.objects.get(external_id="126").title_nl == "Aanvraag leefloon"


def test_weblate_files_with_one_bad_file_change_nothing(imported, tmp_path):
    (tmp_path / "process.uk.json").write_text(
        json.dumps({"126.process": "Заява на прожитковий мінімум"}, ensure_ascii=False),
        encoding="utf-8",
    )
    (tmp_path / "step.uk.json").write_text('{"1.step": "Крок",\n  oops}', encoding="utf-8")
    before = row_counts()
    with pytest.raises(CommandError, match="line 2"):
        call_command("import_weblate", str(tmp_path), stdout=StringIO(), stderr=StringIO())
    assert changed_tables(before, row_counts()) == {}
    assert Process.objects.get(external_id="126").title_uk == ""
