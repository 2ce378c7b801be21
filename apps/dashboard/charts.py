"""Charts rendered on the server as accessible SVG: atlas (choropleth), ranking, time series.

Functions here build plain data (paths, coordinates, colours, labels) that the
templates in apps/dashboard/templates/dashboard/charts/ turn into SVG with a
title, a description, a legend and a data table. No JavaScript.
"""

import json
import math
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from pathlib import Path

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from apps.dashboard.models import Indicator, QualityFlag, Unit
from apps.dashboard.selectors import observation_table
from apps.regions.models import Region

GEO_DIR = Path(__file__).resolve().parent / "data" / "geo"
GEO_FILES = {1: "germany-states-low.geo.json", 2: "kreise.geo.json"}
# Viridis, five steps from light (low) to dark (high): ordered in lightness, so it
# reads in grey scale and for the common colour-vision deficiencies.
PALETTE = ["#fde725", "#5ec962", "#21918c", "#3b528b", "#440154"]
NO_DATA = "#d0d0d0"
# Okabe–Ito colours for the lines of a time series (distinguishable by colour-blind readers).
SERIES_COLOURS = ["#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#000000"]
SERIES_DASHES = ["", "6 3", "2 3", "8 3 2 3", "1 2", "10 4", "4 4"]
ATLAS_WIDTH = 600
# Units that count whole people or places: never shown with a fraction.
WHOLE_UNITS = {Unit.COUNT, Unit.PLACES}

# Numbers are localized only where people read them (labels, tables, legends), through
# format_value. Numbers in markup (SVG coordinates, viewBox, data-* attributes) are
# written here with a dot and no grouping, whatever the active language, and the chart
# templates render inside {% localize off %}: "300,0" is not an SVG length.


def format_value(value: Decimal | float | None, unit: str | None = None) -> str:
    """A figure for people to read, in the active language's number format.

    Figures of a whole-number unit (people, places) are rounded to whole numbers."""
    if value is None:
        return _("no data")
    value = Decimal(str(value))
    if unit in WHOLE_UNITS:
        value = value.quantize(Decimal(1), rounding=ROUND_HALF_UP)
    decimals = (
        0 if value == value.to_integral_value() else min(2, -value.normalize().as_tuple().exponent)
    )
    return number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)


def svg_number(value: Decimal | float | int) -> str:
    """A number for markup: a dot as decimal separator, no grouping, one decimal at most."""
    text = f"{float(value):.1f}"
    return text[:-2] if text.endswith(".0") else text


def quality_label(flag: str) -> str:
    """What a GENESIS quality flag means, in words ("final", "provisional", ...)."""
    if not flag:
        return ""
    try:
        return str(QualityFlag(flag).label)
    except ValueError:
        return flag


def format_period(period: str | None) -> str:
    """A period for people: a reference date in the language's short date format
    (31.12.2018, 12/31/2018, 2018/12/31); years, quarters and months as stored."""
    if not period:
        return "–"
    if len(period) == 10:
        try:
            return date_format(date.fromisoformat(period), "SHORT_DATE_FORMAT")
        except ValueError:
            return period
    return period


@lru_cache(maxsize=4)
def _geometry(level: int) -> tuple[tuple[str, str], ...] | None:
    """(feature key, SVG path) per feature; the projection is computed once per process."""
    path = GEO_DIR / GEO_FILES.get(level, "")
    if not path.is_file():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    features = []
    for feature in data["features"]:
        props = feature.get("properties") or {}
        key = str(props.get("AGS") or props.get("id") or feature.get("id") or "")
        geom = feature["geometry"]
        polygons = geom["coordinates"] if geom["type"] == "MultiPolygon" else [geom["coordinates"]]
        features.append((key, polygons))
    lons = [pt[0] for _k, polys in features for poly in polys for ring in poly for pt in ring]
    lats = [pt[1] for _k, polys in features for poly in polys for ring in poly for pt in ring]
    lat_mid = (min(lats) + max(lats)) / 2
    kx = math.cos(math.radians(lat_mid))
    scale = ATLAS_WIDTH / ((max(lons) - min(lons)) * kx)
    min_lon, max_lat = min(lons), max(lats)
    result = []
    for key, polys in features:
        parts = []
        for poly in polys:
            for ring in poly:
                pts = [
                    f"{(lon - min_lon) * kx * scale:.1f},{(max_lat - lat) * scale:.1f}"
                    for lon, lat in ring
                ]
                parts.append("M" + "L".join(pts) + "Z")
        result.append((key, "".join(parts)))
    height = (max_lat - min(lats)) * scale
    return (("__height__", f"{height:.0f}"), *result)


@dataclass
class LegendItem:
    colour: str
    label: str


@dataclass
class Shape:
    region: Region
    d: str
    fill: str
    value: Decimal | None
    label: str
    quality: str = ""

    @property
    def quality_label(self) -> str:
        return quality_label(self.quality)


@dataclass
class Atlas:
    indicator: Indicator
    period: str | None
    level: int
    periods: list[str]
    shapes: list[Shape] = field(default_factory=list)
    rows: list[Shape] = field(default_factory=list)
    legend: list[LegendItem] = field(default_factory=list)
    width: int = ATLAS_WIDTH
    height: int = 0
    has_geometry: bool = True

    @property
    def period_label(self) -> str:
        return format_period(self.period)


def classes(values: list[Decimal]) -> list[tuple[Decimal, Decimal]]:
    """Five equal-interval classes from the lowest to the highest value."""
    low, high = min(values), max(values)
    if low == high:
        return [(low, high)]
    step = (high - low) / len(PALETTE)
    return [(low + step * i, low + step * (i + 1)) for i in range(len(PALETTE))]


def colour_for(value: Decimal | None, bounds: list[tuple[Decimal, Decimal]]) -> str:
    if value is None or not bounds:
        return NO_DATA
    if len(bounds) == 1:
        return PALETTE[len(PALETTE) // 2]
    for i, (_low, high) in enumerate(bounds):
        if value <= high:
            return PALETTE[i]
    return PALETTE[-1]


def atlas_build(
    *, indicator: Indicator, regions: list[Region], period: str | None, level: int
) -> Atlas:
    """A choropleth of `regions` (one query): shaded by the indicator in `period` (or latest)."""
    table = observation_table(codes=[indicator.code], level=level)
    by_period = table.get(indicator.code, {})
    periods = sorted(by_period)
    if period not in by_period:
        period = periods[-1] if periods else None
    values = by_period.get(period, {}) if period else {}
    atlas = Atlas(indicator=indicator, period=period, level=level, periods=periods)
    present = [v.value for v in values.values() if v.value is not None]
    bounds = classes(present) if present else []
    unit = indicator.unit
    if len(bounds) == 1:
        atlas.legend = [LegendItem(PALETTE[len(PALETTE) // 2], format_value(bounds[0][0], unit))]
    else:
        atlas.legend = [
            LegendItem(
                PALETTE[i],
                _("%(low)s to %(high)s")
                % {"low": format_value(lo, unit), "high": format_value(hi, unit)},
            )
            for i, (lo, hi) in enumerate(bounds)
        ]
    atlas.legend.append(LegendItem(NO_DATA, _("no data")))
    geometry = _geometry(level)
    paths = {}
    if geometry:
        atlas.height = int(geometry[0][1])
        paths = dict(geometry[1:])
    atlas.has_geometry = bool(paths)
    for region in regions:
        v = values.get(region.pk)
        value = v.value if v else None
        shape = Shape(
            region=region,
            d=paths.get(region.iso_code) or paths.get(region.code) or "",
            fill=colour_for(value, bounds),
            value=value,
            label=format_value(value, unit),
            quality=v.quality if v else "",
        )
        atlas.rows.append(shape)
        if shape.d:
            atlas.shapes.append(shape)
    atlas.rows.sort(key=lambda s: (s.value is None, -(s.value or 0), s.region.name))
    return atlas


@dataclass
class Bar:
    region: Region
    value: Decimal | None
    label: str
    y: float
    width: float
    quality: str = ""

    @property
    def width_attr(self) -> str:
        return svg_number(self.width)

    @property
    def quality_label(self) -> str:
        return quality_label(self.quality)


@dataclass
class Ranking:
    indicator: Indicator
    period: str | None
    periods: list[str]
    bars: list[Bar]
    height: int
    label_width: int = 190
    bar_space: int = 300

    @property
    def period_label(self) -> str:
        return format_period(self.period)


def ranking_build(
    *, indicator: Indicator, regions: list[Region], period: str | None, level: int
) -> Ranking:
    atlas = atlas_build(indicator=indicator, regions=regions, period=period, level=level)
    present = [s.value for s in atlas.rows if s.value is not None]
    top = max([abs(v) for v in present] or [Decimal(1)]) or Decimal(1)
    bars = [
        Bar(s.region, s.value, s.label, 8 + i * 26, float(abs(s.value or 0) / top) * 300, s.quality)
        for i, s in enumerate(atlas.rows)
    ]
    return Ranking(indicator, atlas.period, atlas.periods, bars, 16 + 26 * len(bars))


@dataclass
class Line:
    region: Region
    colour: str
    dash: str
    points: list[tuple[float, float, str, str]]  # x, y, period, label

    @property
    def polyline(self) -> str:
        return " ".join(f"{svg_number(x)},{svg_number(y)}" for x, y, _p, _l in self.points)


@dataclass
class Series:
    indicator: Indicator
    periods: list[str]
    lines: list[Line]
    rows: list[tuple[str, list[str]]]  # period, label per region
    regions: list[Region]
    y_ticks: list[tuple[float, str]]
    x_ticks: list[tuple[float, str]]
    width: int = 640
    height: int = 320


def series_build(*, indicator: Indicator, regions: list[Region]) -> Series:
    """A line chart of the indicator over time for a few regions (one query)."""
    table = observation_table(codes=[indicator.code], region_ids=[r.pk for r in regions])
    unit = indicator.unit
    by_period = table.get(indicator.code, {})
    periods = sorted(by_period)
    values = [v.value for p in periods for v in by_period[p].values() if v.value is not None]
    low = min([Decimal(0), *values]) if values else Decimal(0)
    high = max(values) if values else Decimal(1)
    if high == low:
        high = low + 1
    left, right, top, bottom = 90, 20, 20, 50
    width, height = 640, 320
    plot_w, plot_h = width - left - right, height - top - bottom

    def x_of(i: int) -> float:
        return left + (plot_w * i / (len(periods) - 1) if len(periods) > 1 else plot_w / 2)

    def y_of(v: Decimal) -> float:
        return top + plot_h * float((high - v) / (high - low))

    lines = []
    for n, region in enumerate(regions):
        points = []
        for i, p in enumerate(periods):
            v = by_period[p].get(region.pk)
            if v and v.value is not None:
                points.append(
                    (x_of(i), y_of(v.value), format_period(p), format_value(v.value, unit))
                )
        lines.append(Line(region, SERIES_COLOURS[n % 7], SERIES_DASHES[n % 7], points))
    rows = [
        (
            format_period(p),
            [
                format_value(by_period[p][r.pk].value, unit)
                if r.pk in by_period[p]
                else _("no data")
                for r in regions
            ],
        )
        for p in periods
    ]
    y_ticks = [
        (y_of(low + (high - low) * k / 4), format_value(low + (high - low) * k / 4, unit))
        for k in range(5)
    ]
    step = max(1, math.ceil(len(periods) / 6))
    x_ticks = [(x_of(i), format_period(p)) for i, p in enumerate(periods) if i % step == 0]
    return Series(indicator, periods, lines, rows, regions, y_ticks, x_ticks, width, height)
