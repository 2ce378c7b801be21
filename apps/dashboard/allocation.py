"""Distributing N people across the Länder by a key, in whole persons.

Three keys:

(a) the Königstein key of a chosen year (observations of `koenigstein_share`);
(b) population shares (the latest `population` observation up to that year);
(c) an integration key: population × index factor, where the index factor is
    1 + strength × (index − 50) / 50 (so 0.5–1.5 with strength 0.5), and the
    result capped by capacity: a Land never gets more people than the
    smallest of the chosen free-place indicators allows; what a capped Land
    cannot take is shared among the others by the same key.

Integers come from the largest-remainder method (Hare–Niemeyer): every
Land first gets the whole part of its exact quota, the people left over go one
each to the Länder with the largest fractional parts (ties: larger quota,
then official key). Every Land's result differs from its exact quota by less
than one person, and the results add up to N.
"""

from dataclasses import dataclass, field
from fractions import Fraction

from django.utils.translation import gettext as _

from apps.dashboard.index import index_compute, index_drivers
from apps.dashboard.selectors import observation_table
from apps.regions.models import Region

KEY_KOENIGSTEIN = "koenigstein"
KEY_POPULATION = "population"
KEY_INDEX = "index"


class AllocationError(ValueError):
    pass


def largest_remainder(
    total: int, weights: dict, caps: dict | None = None
) -> tuple[dict, dict[object, Fraction]]:
    """Apportion `total` by `weights` (non-negative numbers) in integers.

    Returns (allocation, exact quotas). With `caps`, no key gets more than its
    cap: capped keys are fixed at their cap and the rest is shared again.
    """
    if total < 0:
        raise AllocationError(_("The number of people cannot be negative."))
    w = {k: Fraction(str(v)) for k, v in weights.items()}
    if any(v < 0 for v in w.values()) or not any(v > 0 for v in w.values()):
        raise AllocationError(_("The key needs at least one positive share and none below zero."))
    caps = {k: int(c) for k, c in (caps or {}).items() if k in w}
    fixed: dict = {}
    remaining = Fraction(total)
    while True:
        free = {k: v for k, v in w.items() if k not in fixed}
        weight_sum = sum(free.values())
        if weight_sum == 0 or remaining <= 0:
            quotas = {k: Fraction(0) for k in free}
            break
        quotas = {k: remaining * v / weight_sum for k, v in free.items()}
        over = {k for k, q in quotas.items() if k in caps and q > caps[k]}
        if not over:
            break
        for k in over:
            fixed[k] = Fraction(caps[k])
            remaining -= caps[k]
    exact = {**quotas, **fixed}
    allocation = {k: int(q) for k, q in exact.items()}  # floor: quotas are >= 0
    left = total - sum(allocation.values())
    order = sorted(
        (k for k in quotas if quotas[k] > 0 and (k not in caps or allocation[k] < caps[k])),
        key=lambda k: (-(exact[k] - allocation[k]), -exact[k], str(k)),
    )
    for k in order[:left]:
        allocation[k] += 1
    return allocation, exact


@dataclass
class LandRow:
    region: Region
    shares: dict[str, float] = field(default_factory=dict)
    people: dict[str, int] = field(default_factory=dict)
    exact: dict[str, float] = field(default_factory=dict)
    cap: int | None = None
    capped: bool = False
    index: float | None = None
    drivers: list[tuple[str, float]] = field(default_factory=list)

    def difference(self, a: str, b: str) -> int | None:
        if a in self.people and b in self.people:
            return self.people[b] - self.people[a]
        return None


@dataclass
class Simulation:
    total: int
    year: str
    keys: list[str]
    rows: list[LandRow]
    unallocated: int = 0
    population_period: str | None = None
    notes: list[str] = field(default_factory=list)


def _latest_before(periods, year: str) -> str | None:
    candidates = [p for p in periods if p[:4] <= year]
    return max(candidates) if candidates else None


def allocation_simulate(
    *,
    total: int,
    year: str,
    states: list[Region],
    weights: dict[str, float],
    capacity_codes: list[str],
    strength: float = 0.5,
) -> Simulation:
    ids = [s.pk for s in states]
    table = observation_table(
        codes=["koenigstein_share", "population", *capacity_codes], region_ids=ids
    )
    rows = {s.pk: LandRow(region=s) for s in states}
    keys: dict[str, dict[int, float]] = {}
    sim = Simulation(total=total, year=year, keys=[], rows=list(rows.values()))

    ks = table.get("koenigstein_share", {}).get(year, {})
    if len(ks) == len(ids) and all(v.value is not None for v in ks.values()):
        keys[KEY_KOENIGSTEIN] = {rid: v.value for rid, v in ks.items()}
    else:
        sim.notes.append(_("There is no complete Königstein key for %(year)s.") % {"year": year})

    pop_period = _latest_before(table.get("population", {}), f"{year}-12-31")
    pop = table.get("population", {}).get(pop_period, {}) if pop_period else {}
    if pop and len(pop) == len(ids) and all(v.value for v in pop.values()):
        keys[KEY_POPULATION] = {rid: v.value for rid, v in pop.items()}
        sim.population_period = pop_period
        index = index_compute(regions=states, weights=weights)
        by_region = index.by_region()
        if all(by_region[rid].index is not None for rid in ids):
            keys[KEY_INDEX] = {
                rid: float(pop[rid].value) * (1 + strength * (by_region[rid].index - 50) / 50)
                for rid in ids
            }
            for rid in ids:
                rows[rid].index = by_region[rid].index
                rows[rid].drivers = index_drivers(index, rid)
        else:
            sim.notes.append(_("The index has no value for some Länder: no integration key."))
    else:
        sim.notes.append(_("Population figures are missing: no population or integration key."))

    caps: dict[int, int] = {}
    for code in capacity_codes:
        period = max(table.get(code, {}), default=None)
        if period is None:
            sim.notes.append(
                _("No figures for the capacity “%(code)s”: it does not limit anyone.")
                % {"code": code}
            )
            continue
        for rid, v in table[code][period].items():
            if v.value is not None:
                caps[rid] = min(caps.get(rid, int(v.value)), int(v.value))
    for rid, cap in caps.items():
        rows[rid].cap = cap

    for name, key in keys.items():
        total_weight = sum(float(v) for v in key.values())
        use_caps = caps if name == KEY_INDEX else None
        target = total
        if use_caps and len(use_caps) == len(ids) and sum(use_caps.values()) < total:
            target = sum(use_caps.values())
            sim.unallocated = total - target
        people, exact = largest_remainder(target, key, use_caps)
        for rid in ids:
            rows[rid].shares[name] = float(key[rid]) / total_weight * 100
            rows[rid].people[name] = people[rid]
            rows[rid].exact[name] = float(exact[rid])
            if use_caps and rid in use_caps and people[rid] >= use_caps[rid]:
                rows[rid].capped = True
        sim.keys.append(name)
    return sim
