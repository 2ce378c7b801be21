"""The Standortatlas index: a composite capacity and integration score per region.

For each component (an indicator, optionally per 1,000 inhabitants):

1. take the latest period in which at least half of the regions have a value;
2. rescale the values across the regions to 0–100 (min-max): the best region
   gets 100, the worst 0; when lower is better the scale is turned round;
   when all regions are equal every region gets 50;
3. the index of a region is the weighted mean of its component scores;
   a component without a value for a region is left out of that region's
   mean (its weights are renormalised), and said so on the page.

The contribution of a component is weight × score / sum of weights: the
contributions of a region add up to its index.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from apps.dashboard.selectors import Table, indicators_by_code, observation_table
from apps.regions.models import Region

DEFAULT_PROFILE = "default"


@dataclass(frozen=True)
class Component:
    code: str
    per_capita: bool
    higher_is_better: bool
    default_weight: float


COMPONENTS = [
    Component("unemployment_rate", False, False, 2.0),
    Component("vacancies", True, True, 1.0),
    Component("protection_seekers", True, False, 1.0),
    Component("free_accommodation_places", True, True, 2.0),
    Component("free_childcare_places", True, True, 1.0),
    Component("free_school_places", True, True, 1.0),
    Component("free_course_places", True, True, 1.0),
    Component("housing_vacancy_rate", False, True, 1.0),
    Component("recognition_counselling_centres", True, True, 0.5),
    Component("naturalisations", True, True, 0.5),
    Component("platform_ngos", True, True, 0.5),
    Component("platform_course_places", True, True, 0.5),
]
COMPONENTS_BY_CODE = {c.code: c for c in COMPONENTS}
PER_CAPITA_LABEL = _("per 1,000 inhabitants")


def default_weights() -> dict[str, float]:
    return {c.code: c.default_weight for c in COMPONENTS}


@dataclass
class ComponentResult:
    component: Component
    indicator: object
    weight: float
    period: str | None
    raw: dict[int, float] = field(default_factory=dict)
    score: dict[int, float] = field(default_factory=dict)


@dataclass
class RegionResult:
    region: Region
    index: float | None
    contributions: dict[str, float]
    missing: list[str]


@dataclass
class IndexResult:
    components: list[ComponentResult]
    regions: list[RegionResult]

    def by_region(self) -> dict[int, RegionResult]:
        return {r.region.pk: r for r in self.regions}


def _latest_covered_period(table: Table, code: str, n_regions: int) -> str | None:
    for period in sorted(table.get(code, {}), reverse=True):
        present = [v for v in table[code][period].values() if v.value is not None]
        if len(present) * 2 >= n_regions and len(present) >= 2:
            return period
    return None


def _population(table: Table, region_ids) -> dict[int, float]:
    periods = sorted(table.get("population", {}), reverse=True)
    result: dict[int, float] = {}
    for rid in region_ids:
        for period in periods:
            v = table["population"][period].get(rid)
            if v and v.value:
                result[rid] = float(v.value)
                break
    return result


def index_compute(*, regions: list[Region], weights: dict[str, float]) -> IndexResult:
    """The index for `regions` (usually the 16 Länder); two queries in all."""
    codes = [c.code for c in COMPONENTS]
    indicators = indicators_by_code(codes)
    ids = [r.pk for r in regions]
    table = observation_table(codes=[*codes, "population"], region_ids=ids)
    population = _population(table, ids)
    components: list[ComponentResult] = []
    for comp in COMPONENTS:
        weight = float(weights.get(comp.code, 0) or 0)
        if comp.code not in indicators:
            continue
        period = _latest_covered_period(table, comp.code, len(ids))
        result = ComponentResult(comp, indicators[comp.code], weight, period)
        components.append(result)
        if period is None or weight <= 0:
            continue
        for rid, v in table[comp.code][period].items():
            if v.value is None:
                continue
            if comp.per_capita:
                if not population.get(rid):
                    continue
                result.raw[rid] = float(v.value) / population[rid] * 1000
            else:
                result.raw[rid] = float(v.value)
        if not result.raw:
            continue
        low, high = min(result.raw.values()), max(result.raw.values())
        for rid, raw in result.raw.items():
            score = 50.0 if high == low else (raw - low) / (high - low) * 100
            result.score[rid] = score if comp.higher_is_better else 100 - score
    region_results = []
    for region in regions:
        used = [c for c in components if c.weight > 0 and region.pk in c.score]
        missing = [
            c.component.code for c in components if c.weight > 0 and region.pk not in c.score
        ]
        total = sum(c.weight for c in used)
        contributions = (
            {c.component.code: c.weight * c.score[region.pk] / total for c in used} if total else {}
        )
        index = sum(contributions.values()) if contributions else None
        region_results.append(RegionResult(region, index, contributions, missing))
    return IndexResult(components, region_results)


def index_drivers(result: IndexResult, region_id: int, *, top: int = 2) -> list[tuple[str, float]]:
    """The components that lift or lower a region most against the average region."""
    by_region = result.by_region()
    this = by_region[region_id].contributions
    drivers = []
    for comp in result.components:
        code = comp.component.code
        values = [r.contributions[code] for r in result.regions if code in r.contributions]
        if code not in this or not values:
            continue
        drivers.append((code, this[code] - sum(values) / len(values)))
    drivers.sort(key=lambda d: -abs(d[1]))
    return [d for d in drivers[:top] if abs(d[1]) >= 0.05]


def as_decimal(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(str(round(value, 2)))
