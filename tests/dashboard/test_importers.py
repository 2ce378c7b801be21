"""Importers: the real Destatis tables with exact values, idempotence, atomic failure."""

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import translation

from apps.dashboard.importers.common import ImportFailed
from apps.dashboard.importers.genesis import genesis_parse, mapping_parse
from apps.dashboard.models import ImportBatch, ImportStatus, Observation
from apps.dashboard.services import import_file
from tests.dashboard.conftest import DATA

pytestmark = pytest.mark.django_db


def value(code, region, period):
    return Observation.objects.get(indicator__code=code, region__code=region, period=period).value


def test_population_table_exact_values(shipped_data):
    assert value("population", "08", "2018-12-31") == Decimal("11069533")
    assert value("population", "09", "2024-12-31") == Decimal("13248928")
    assert value("population", "16", "2010-12-31") == Decimal("2235025")
    assert Observation.objects.filter(indicator__code="population").count() == 16 * 15


def test_labour_market_table_exact_values(shipped_data):
    assert value("unemployment_rate", "08", "2010") == Decimal("4.9")
    assert value("unemployment_rate_dependent", "08", "2010") == Decimal("5.4")
    assert value("unemployed", "11", "2010") == Decimal("231221")
    assert value("vacancies", "09", "2025") == Decimal("111603")
    obs = Observation.objects.get(
        indicator__code="unemployment_rate", region__code="11", period="2013"
    )
    assert (obs.value, obs.quality) == (Decimal("11.7"), "e")
    assert obs.batch.file_name == "13211-0007_de.csv"
    assert len(obs.batch.sha256) == 64


def test_protection_seekers_table_sums_cells_with_markers(shipped_data):
    # Baden-Württemberg, 31.12.2014, Afghanistan: 1450+615+15+25+110 (men) + 455+485+90+20+45.
    assert value("protection_seekers_afghanistan", "08", "2014-12-31") == Decimal("3310")
    # Female protection seekers from Eritrea in Berlin 2014 are 30+15+10 ("-" counts as 0).
    women_bw = (
        (455 + 485 + 90 + 20 + 45)
        + (195 + 130 + 15 + 20 + 20)
        + (1285 + 1155 + 130 + 55 + 150)
        + (315 + 455 + 45 + 95 + 45)
        + (1200 + 990 + 105 + 35 + 180)
    )
    assert value("protection_seekers_female", "08", "2014-12-31") == Decimal(women_bw)
    assert (
        Observation.objects.filter(
            indicator__code="protection_seekers", period="2016-12-31"
        ).count()
        == 16
    )


def test_reimport_changes_nothing(shipped_data):
    before = list(Observation.objects.order_by("pk").values_list("pk", "value", "quality", "batch"))
    batches = ImportBatch.objects.count()
    outcome = import_file(
        kind="genesis",
        content=(DATA / "12411-0010_de.csv").read_bytes(),
        file_name="12411-0010_de.csv",
    )
    assert outcome.duplicate
    forced = import_file(
        kind="genesis",
        content=(DATA / "12411-0010_de.csv").read_bytes(),
        file_name="12411-0010_de.csv",
        force=True,
    )
    assert forced.ok and forced.unchanged == 240
    assert (forced.batch.observations_created, forced.batch.observations_updated) == (0, 0)
    after = list(Observation.objects.order_by("pk").values_list("pk", "value", "quality", "batch"))
    assert after == before
    assert ImportBatch.objects.count() == batches + 1


def broken_population_table() -> bytes:
    lines = (DATA / "12411-0010_de.csv").read_text(encoding="utf-8-sig").splitlines()
    assert lines[14].startswith("31.12.2018;")
    lines[14] = lines[14].replace("11069533", "11O69533")  # a letter O
    return ("\ufeff" + "\n".join(lines) + "\n").encode()


def test_broken_row_imports_nothing_and_names_the_line():
    outcome = import_file(kind="genesis", content=broken_population_table(), file_name="x.csv")
    assert outcome.batch.status == ImportStatus.FAILED
    assert Observation.objects.count() == 0
    [[line, message]] = outcome.batch.errors
    assert line == 15
    assert "11O69533" in message


def test_import_error_message_names_line_column_and_value():
    text = broken_population_table().decode("utf-8-sig")
    with translation.override("en"):
        _rows, _read, errors = genesis_parse(text, _population_mapping())
        english = str(ImportFailed(errors))
    assert english == "line 15: column 2: “11O69533” is not a number."


def _population_mapping():
    return mapping_parse(
        {"rows": ["period"], "columns": ["", "region"], "indicators": [{"code": "population"}]}
    )


def test_differently_shaped_table_through_mapping_only():
    """Länder in rows, years in the header, Kreise by official key, no flag columns."""
    text = (
        "Tabelle: 99999-0001\nEin Test;;\n;Jahr;\n;2021;2022\n"
        "08;1,5;2,5\n08111 Stuttgart, Landeshauptstadt;.;7\nDeutschland;10;-\n"
        "__________\n© Test\n"
    )
    from tests.factories import DistrictFactory, region_state

    DistrictFactory(code="08111", name="Stuttgart", parent=region_state("08"))
    mapping = mapping_parse(
        {
            "rows": ["region"],
            "columns": ["", "period"],
            "flag_columns": False,
            "source": "Test",
            "indicators": [{"code": "unemployment_rate"}],
        }
    )
    rows, read, errors = genesis_parse(text, mapping)
    assert (read, errors) == (3, [])
    got = {(r.region, r.period): (r.value, r.quality) for r in rows}
    assert got[("08", "2022")] == (Decimal("2.5"), "")
    assert got[("08111 Stuttgart, Landeshauptstadt", "2021")] == (None, ".")
    assert got[("Deutschland", "2022")] == (Decimal(0), "-")
    from apps.dashboard.importers.common import observations_write

    result = observations_write(rows=rows, batch=None)
    assert result.created == 6
    assert value("unemployment_rate", "08111", "2022") == Decimal(7)
    assert value("unemployment_rate", "DE", "2021") == Decimal(10)


def test_long_csv_import_and_errors_name_lines():
    good = "region;indicator;period;value;flag\n08;free_accommodation_places;2024-05;1250;p\n"
    ok = import_file(kind="long_csv", content=good.encode(), file_name="a.csv")
    assert ok.ok
    assert value("free_accommodation_places", "08", "2024-05") == 1250
    bad = (
        "region,indicator,period,value\n"
        "DE-BY,free_accommodation_places,2024-05,10\n"
        "DE-XX,free_accommodation_places,2024-05,10\n"
        "09,no_such_indicator,2024-05,1\n"
        "09,free_accommodation_places,May 2024,1\n"
    )
    failed = import_file(kind="long_csv", content=bad.encode(), file_name="b.csv")
    assert failed.batch.status == ImportStatus.FAILED
    assert [line for line, _m in failed.batch.errors] == [3, 4, 5]
    assert not Observation.objects.filter(region__code="09").exists()


def test_koenigstein_keys_sum_to_100(shipped_data):
    from django.db.models import Sum

    sums = dict(
        Observation.objects.filter(indicator__code="koenigstein_share")
        .values_list("period")
        .annotate(s=Sum("value"))
    )
    assert sorted(sums) == [str(y) for y in range(2014, 2021)]
    for year, total in sums.items():
        assert abs(total - 100) < Decimal("0.001"), year
    assert value("koenigstein_share", "08", "2019") == Decimal("13.04061")
    assert value("koenigstein_share", "08", "2014") == Decimal("12.974960")


def test_import_command_prints_progress_and_is_idempotent(capsys):
    path = str(DATA / "13211-0007_de.csv")
    call_command("import_genesis", path)
    out = capsys.readouterr()
    assert "1024" in out.out
    assert "100%" in out.err
    call_command("import_genesis", path)
    assert "already imported" in capsys.readouterr().out
    assert Observation.objects.count() == 1024


def test_import_observations_command_reports_failure(tmp_path):
    from django.core.management.base import CommandError

    path = tmp_path / "bad.csv"
    path.write_text("region;indicator;period;value\n08;population;2020;abc\n")
    with pytest.raises(CommandError, match="line 2"):
        call_command("import_observations", str(path))
