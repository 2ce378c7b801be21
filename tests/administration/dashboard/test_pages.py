"""What analysts see: the atlas (accessible SVG), series, index, allocation, imports."""

import json
import re

import pytest

from apps.dashboard.models import Observation
from apps.regions.models import Region

pytestmark = pytest.mark.django_db


@pytest.fixture
def analyst(role_client):
    return role_client("pa_analyst")


def test_atlas_shades_the_16_laender_accessibly(analyst, shipped_data):
    response = analyst.get("/en/pa/dashboard/atlas/?indicator=population&period=2018-12-31")
    html = response.content.decode()
    svg = re.search(r"<svg class=\"chart-svg\"[^>]*>.*?</svg>", html, re.S).group(0)
    assert 'role="img"' in svg
    assert 'aria-labelledby="atlas-title atlas-desc"' in svg
    assert '<title id="atlas-title">' in svg and '<desc id="atlas-desc">' in svg
    paths = re.findall(
        r'<path class="region" d="M[^"]+" fill="(#[0-9a-f]{6})"[^>]*><title>([^<]+)</title>', svg
    )
    assert len(paths) == 16
    titles = {t for _f, t in paths}
    assert "Baden-Württemberg: 11,069,533" in titles
    assert "Bremen: 682,986" in titles
    # Shaded by value: the largest Land gets the darkest colour, the smallest the lightest.
    fills = {t.split(":")[0]: f for f, t in paths}
    assert fills["Nordrhein-Westfalen"] == "#440154"
    assert fills["Bremen"] == "#fde725"
    # The data table alternative lists every Land with its value.
    table = html[html.index("<table>") : html.index("</table>")]
    assert table.count('<th scope="row">') == 16
    assert "11,069,533" in table
    assert "style=" not in html
    assert "<script" not in html
    for field in ("indicator", "period", "level"):
        assert f'<label for="id_{field}">' in html and f'id="id_{field}"' in html


def test_atlas_in_arabic_is_rtl_with_translated_indicator(role_client, shipped_data):
    response = role_client("pa_admin").get("/ar/pa/dashboard/atlas/?indicator=population")
    html = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert "عدد السكان" in html


def test_atlas_query_count_does_not_grow_with_data(
    analyst, shipped_data, django_assert_num_queries
):
    url = "/en/pa/dashboard/atlas/?indicator=unemployment_rate"
    analyst.get(url)
    with django_assert_num_queries(8) as first:
        first_html = analyst.get(url).content.decode()
    Region.objects.create(
        code="08111", name="Stuttgart", level=2, parent=Region.objects.get(code="08")
    )
    Observation.objects.create(
        indicator_id=Observation.objects.filter(indicator__code="unemployment_rate")
        .first()
        .indicator_id,
        region=Region.objects.get(code="08111"),
        period="2030",
        value=1,
    )
    Observation.objects.create(
        indicator_id=Observation.objects.filter(indicator__code="unemployment_rate")
        .first()
        .indicator_id,
        region=Region.objects.get(code="08"),
        period="2030",
        value=1,
    )
    assert "2030" not in first_html
    with django_assert_num_queries(len(first.captured_queries)):
        html = analyst.get(url).content.decode()
    assert "2030" in html, "the new period (the Land's new observation) is offered"


@pytest.mark.parametrize(
    ("url", "budget"),
    [
        ("/en/pa/dashboard/?region=08", 9),
        ("/en/pa/dashboard/indicators/population/?regions=08&regions=09&regions=11", 10),
        ("/en/pa/dashboard/index/", 10),
        ("/en/pa/dashboard/allocation/?total=100000&year=2019&strength=0.5", 15),
        ("/en/pa/dashboard/data/population.json", 8),
        ("/en/pa/dashboard/imports/", 8),
        ("/en/pa/dashboard/published/", 10),
    ],
)
def test_query_budgets(analyst, shipped_data, django_assert_max_num_queries, url, budget):
    """Fixed budgets: 16 Länder and about 1,800 observations are loaded; none is queried
    one by one."""
    analyst.get(url)
    with django_assert_max_num_queries(budget):
        assert analyst.get(url).status_code == 200


def test_overview_key_figures_and_trend(analyst, shipped_data):
    html = analyst.get("/en/pa/dashboard/?region=08").content.decode()
    assert "Key figures: Baden-Württemberg" in html
    assert "11,245,898" in html  # population 2024
    assert "up by 15,158 since 12/31/2023" in html  # the reference date, localized


def test_series_and_downloads_carry_source_and_licence(analyst, shipped_data):
    html = analyst.get("/en/pa/dashboard/indicators/unemployment_rate/?regions=08").content.decode()
    assert "Baden-Württemberg, 2010: 4.9" in html
    data = json.loads(
        analyst.get("/en/pa/dashboard/data/unemployment_rate.json?regions=08").content
    )
    assert data["indicator"]["licence"].startswith("Datenlizenz Deutschland")
    first = data["observations"][0]
    assert (first["region_code"], first["period"], first["value"]) == ("08", "2010", "4.9")
    assert first["file"] == "13211-0007_de.csv" and len(first["sha256"]) == 64
    csv_text = analyst.get(
        "/en/pa/dashboard/data/population.csv?level=1&period=2018-12-31"
    ).content.decode("utf-8-sig")
    lines = csv_text.strip().splitlines()
    assert lines[0].startswith("region_code,region,indicator,period,value")
    assert len(lines) == 17
    assert "08,Baden-Württemberg,population,2018-12-31,11069533" in csv_text


def test_allocation_page_and_export(analyst, shipped_data):
    html = analyst.get(
        "/en/pa/dashboard/allocation/?total=100000&year=2019&strength=0.5"
    ).content.decode()
    assert "21,076" in html  # Nordrhein-Westfalen under the 2019 key
    csv_text = analyst.get(
        "/en/pa/dashboard/allocation.csv?total=100000&year=2019&strength=0.5"
    ).content.decode("utf-8-sig")
    rows = [line.split(",") for line in csv_text.strip().splitlines()]
    header = rows[0]
    col = header.index("koenigstein_people")
    assert sum(int(r[col]) for r in rows[1:]) == 100_000
    assert analyst.get("/en/pa/dashboard/allocation.csv?total=-1&year=2019").status_code == 400


def test_broken_upload_shows_the_line_and_imports_nothing(
    analyst, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile(
        "bad.csv",
        b"region;indicator;period;value\n08;naturalisations;2023;1\n08;naturalisations;2024;abc\n",
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = analyst.post("/en/pa/dashboard/imports/", {"kind": "long_csv", "file": upload})
    page = analyst.get(response.url).content.decode()
    assert "Line 3: “abc” is not a number." in page
    assert not Observation.objects.exists()


def test_index_page_explains_normalisation(analyst, shipped_data):
    html = analyst.get("/en/pa/dashboard/index/").content.decode()
    assert "min-max normalisation" in html
    assert "Unemployment rate (all civilian labour force)" in html
    assert html.count('<th scope="row">') == 16


@pytest.mark.parametrize("status", ["running", "done"])
def test_import_page_updates_in_place_without_a_timed_refresh(analyst, status):
    """WCAG 2.2.1: no meta refresh; a script replaces the figures while the import runs."""
    from apps.dashboard.models import ImportBatch, ImportKind, ImportStatus

    batch = ImportBatch.objects.create(
        kind=ImportKind.LONG_CSV,
        sha256="0" * 64,
        status=ImportStatus.RUNNING if status == "running" else ImportStatus.DONE,
    )
    html = analyst.get(f"/en/pa/dashboard/imports/{batch.pk}/").content.decode()
    assert 'http-equiv="refresh"' not in html
    assert 'id="import-state"' in html
    polls = f'data-import-poll="/en/pa/dashboard/imports/{batch.pk}/"' in html
    assert polls == (status == "running")
    assert ("js/import-progress.js" in html) == (status == "running")


SCROLL_REGION = re.compile(r'<div class="table-scroll"([^>]*)>')


@pytest.mark.parametrize(
    "url",
    [
        "/en/pa/dashboard/atlas/?indicator=population&period=2018-12-31",
        "/en/pa/dashboard/indicators/unemployment_rate/?regions=08",
        "/en/statistics/",
    ],
)
def test_chart_tables_scroll_in_a_labelled_keyboard_region(analyst, published_charts, url):
    """A wide data table scrolls inside its own region, which a keyboard user can focus
    and a screen reader announces by the table's caption (the public statistics page
    shows the three published charts, each with its table)."""
    html = analyst.get(url).content.decode()
    regions = SCROLL_REGION.findall(html)
    assert regions, "no data table on the page"
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), "ids repeat on the page"
    if "statistics" in url:
        assert len(regions) == len(published_charts), regions
    for attributes in regions:
        assert 'tabindex="0"' in attributes and 'role="region"' in attributes, attributes
        label = re.search(r'aria-labelledby="([^"]+)"', attributes)
        assert label, attributes
        caption = re.search(rf'<caption id="{label.group(1)}">([^<]+)', html)
        assert caption and caption.group(1).strip(), label.group(1)
