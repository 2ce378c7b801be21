"""Charts in every number format: markup numbers stay machine-readable, people's numbers
are localized.

German and Arabic write decimals with a comma. An SVG attribute `width="300,0"` is no
length (the bar disappears) and `x="90,0"` is a list of two positions (the year "2019"
shows as "2"). So every numeric attribute of every chart must parse as a float in every
language, while the labels and tables follow the language's number format.
"""

import re
import xml.etree.ElementTree as ET

import pytest

from apps.dashboard.models import Observation

pytestmark = pytest.mark.django_db

SVG_NS = "{http://www.w3.org/2000/svg}"
NUMERIC = {
    "x",
    "y",
    "x1",
    "x2",
    "y1",
    "y2",
    "dx",
    "dy",
    "cx",
    "cy",
    "r",
    "width",
    "height",
    "font-size",
    "stroke-width",
}
LANGUAGES = ["de", "ar", "zh-hans", "en"]
# How each language writes 11.5 and 11069533 (Django's locale formats).
DECIMAL = {"de": "11,5", "ar": "11,5", "zh-hans": "11.5", "en": "11.5"}
DATE = {
    "de": "31.12.2018",
    "ar": "31\u200f/12\u200f/2018",
    "zh-hans": "2018年12月31日",
    "en": "12/31/2018",
}
BIG = {"de": "11.069.533", "ar": "11.069.533", "zh-hans": "11069533", "en": "11,069,533"}


def charts_in(html: str) -> list[ET.Element]:
    """Every chart SVG of a page, parsed as XML (the test fails if one is not well-formed)."""
    svgs = re.findall(r'<svg class="chart-svg".*?</svg>', html, re.S)
    return [ET.fromstring(svg) for svg in svgs]  # noqa: S314 (our own server-rendered markup)


def assert_machine_numbers(svg: ET.Element) -> None:
    box = svg.get("viewBox").split(" ")
    assert len(box) == 4, svg.get("viewBox")
    [float(v) for v in box]
    for element in svg.iter():
        for name, value in element.attrib.items():
            if name in NUMERIC:
                assert re.fullmatch(r"-?\d+(\.\d+)?", value), (element.tag, name, value)
                float(value)
        if element.tag == f"{SVG_NS}polyline":
            for pair in element.get("points").split(" "):
                x, y = pair.split(",")
                float(x), float(y)
        if element.tag == f"{SVG_NS}path":
            d = element.get("d")
            assert re.fullmatch(r"(M|L|Z|-?\d+(\.\d+)?,-?\d+(\.\d+)?)+", d), d[:80]


@pytest.fixture
def analyst(role_client):
    return role_client("pa_analyst")


def test_indicator_page_charts_parse_in_every_language(analyst, shipped_data):
    bremen = Observation.objects.filter(
        indicator__code="unemployment_rate", region__code="04"
    ).order_by("-period")[0]
    bremen.value = "11.5"
    bremen.save()
    for lang in LANGUAGES:
        url = f"/{lang}/pa/dashboard/indicators/unemployment_rate/?regions=04&regions=09"
        html = analyst.get(url).content.decode()
        series, ranking = charts_in(html)
        for svg in (series, ranking):
            assert_machine_numbers(svg)
        # The ranking: one positive bar per Land with a value, its label localized.
        bars = ranking.findall(f".//{SVG_NS}rect")
        assert len(bars) == 16, lang
        assert all(float(b.get("width")) > 0 for b in bars), lang
        labels = [t.text for t in ranking.iter(f"{SVG_NS}text")]
        assert DECIMAL[lang] in labels, (lang, labels[:6])
        # The time series: years on the x axis, grid lines at distinct heights.
        ticks = [t for t in series.iter(f"{SVG_NS}text") if t.get("text-anchor") == "middle"]
        assert ticks and all(re.fullmatch(r"\d{4}", t.text) for t in ticks), lang
        xs = [float(t.get("x")) for t in ticks]
        assert xs == sorted(xs) and len(set(xs)) == len(xs), lang
        grid = {float(line.get("y1")) for line in series.iter(f"{SVG_NS}line")}
        assert len(grid) == 5, lang
        assert series.findall(f".//{SVG_NS}polyline"), lang
        # The data tables show the figures in the language's format.
        assert f'<td class="num">{DECIMAL[lang]}</td>' in html, lang


def test_atlas_parses_and_shows_whole_people_with_quality_in_words(analyst, shipped_data):
    for lang in LANGUAGES:
        html = analyst.get(
            f"/{lang}/pa/dashboard/atlas/?indicator=population&period=2018-12-31"
        ).content.decode()
        (svg,) = charts_in(html)
        assert_machine_numbers(svg)
        paths = svg.findall(f"{SVG_NS}path")
        assert len(paths) == 16
        assert all(re.fullmatch(r"#[0-9a-f]{6}", p.get("fill")) for p in paths)
        # Legend: classes of people are whole people, in the language's format.
        start = html.index('<ul class="legend-list">')
        legend = html[start : html.index("</ul>", start)]
        items = re.findall(r"</svg> ([^<]+)</li>", legend)
        assert len(items) == 6, items
        decimal_separator = DECIMAL[lang][2]
        for item in items[:-1]:
            numbers = re.findall(r"\d[\d.,]*", item)
            assert len(numbers) == 2, (lang, item)
            assert all(decimal_separator not in n for n in numbers), (lang, item)
        table = html[html.index("<table>") : html.index("</table>")]
        assert f'<td class="num">{BIG[lang]}</td>' in table, lang
        # The reference date in the caption, in the language's date format.
        caption = re.search(r'<figcaption id="atlas-caption"[^>]*>([^<]+)<', html)[1]
        assert DATE[lang] in caption, (lang, caption)
    # The quality column says what the flag means.
    html = analyst.get(
        "/en/pa/dashboard/atlas/?indicator=population&period=2018-12-31"
    ).content.decode()
    table = html[html.index("<table>") : html.index("</table>")]
    assert "<td>final</td>" in table
    assert "<td>e</td>" not in table


def test_format_value_rounds_people_and_localizes(settings):
    from django.utils import translation

    from apps.dashboard.charts import format_value, quality_label

    with translation.override("de"):
        assert format_value(4170795.6, "count") == "4.170.796"
        assert format_value(4170795.6, "percent") == "4.170.795,6"
    # Arabic, Dari and Urdu group the digits too (micado/formats).
    with translation.override("ar"):
        assert format_value(11069533, "count") == "11.069.533"
    with translation.override("prs"):
        assert format_value(11069533.25, "percent") == "11,069,533.25"
    with translation.override("ur"):
        assert format_value(11069533, "count") == "11,069,533"
    with translation.override("en"):
        assert format_value(12.25, "places") == "12"
        assert quality_label("p") == "provisional"
        assert quality_label("s") == "estimated"
        assert quality_label("") == ""


def test_published_charts_parse_in_every_language(client, published_charts):
    for lang in LANGUAGES:
        response = client.get(f"/{lang}/statistics/")
        assert response.status_code == 200
        svgs = charts_in(response.content.decode())
        assert len(svgs) == 3, lang
        for svg in svgs:
            assert_machine_numbers(svg)
        atlas, ranking, series = svgs
        assert all(p.get("fill").startswith("#") for p in atlas.findall(f"{SVG_NS}path"))
        assert all(float(b.get("width")) > 0 for b in ranking.iter(f"{SVG_NS}rect"))
        ticks = [t.text for t in series.iter(f"{SVG_NS}text") if t.get("text-anchor") == "middle"]
        assert ticks and all(re.fullmatch(r"\d{4}", t) for t in ticks), (lang, ticks)


def test_machine_readable_values_of_the_overview_are_not_localized(analyst, shipped_data):
    for lang in ("de", "ar"):
        html = analyst.get(f"/{lang}/pa/dashboard/?region=08").content.decode()
        values = re.findall(r'<data value="([^"]*)">', html)
        assert values, lang
        for value in values:
            assert re.fullmatch(r"-?\d+(\.\d+)?", value), (lang, value)
