"""Reads of the migration dashboard. Each function runs a fixed number of queries."""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Max, Q, Sum

from apps.dashboard.models import ImportBatch, Indicator, Observation, PublishedChart
from apps.regions.models import Region, RegionLevel


@dataclass(frozen=True)
class Value:
    value: Decimal | None
    quality: str


# table[code][period][region_id] = Value
Table = dict[str, dict[str, dict[int, Value]]]


def indicator_list():
    return Indicator.objects.order_by("topic", "ordering", "code")


def indicator_list_with_data():
    """Indicators that have at least one observation, with their number and latest period."""
    return (
        Indicator.objects.annotate(n_obs=Count("observations"), latest=Max("observations__period"))
        .filter(n_obs__gt=0)
        .order_by("topic", "ordering", "code")
    )


def indicator_get(*, code: str) -> Indicator:
    return Indicator.objects.get(code=code)


def indicators_by_code(codes) -> dict[str, Indicator]:
    return {i.code: i for i in Indicator.objects.filter(code__in=list(codes))}


def region_list_for_level(*, level: int):
    return Region.objects.filter(level=level).order_by("code")


def region_levels_with_data(*, indicator: Indicator) -> list[int]:
    return sorted(
        Observation.objects.filter(indicator=indicator)
        .values_list("region__level", flat=True)
        .distinct()
    )


def observation_table(*, codes, level: int | None = None, region_ids=None, periods=None) -> Table:
    """All observations of the indicators, in one query, as table[code][period][region_id]."""
    qs = Observation.objects.filter(indicator__code__in=list(codes))
    if level is not None:
        qs = qs.filter(region__level=level)
    if region_ids is not None:
        qs = qs.filter(region_id__in=list(region_ids))
    if periods is not None:
        qs = qs.filter(period__in=list(periods))
    table: Table = defaultdict(lambda: defaultdict(dict))
    for code, region_id, period, value, quality in qs.values_list(
        "indicator__code", "region_id", "period", "value", "quality"
    ):
        table[code][period][region_id] = Value(value, quality)
    return table


def periods_of(table: Table, code: str) -> list[str]:
    return sorted(table.get(code, {}))


def observation_rows(
    *, indicator: Indicator, level: int | None = None, region_ids=None, period: str | None = None
):
    """Observations with region and batch, for downloads and data tables."""
    qs = Observation.objects.filter(indicator=indicator).select_related("region", "batch")
    if level is not None:
        qs = qs.filter(region__level=level)
    if region_ids is not None:
        qs = qs.filter(region_id__in=list(region_ids))
    if period:
        qs = qs.filter(period=period)
    return qs.order_by("region__code", "period")


def import_batch_list():
    return ImportBatch.objects.select_related("created_by").order_by("-created_at", "-pk")


def import_batch_get(*, pk: int) -> ImportBatch:
    return ImportBatch.objects.select_related("created_by").get(pk=pk)


def published_chart_list(*, only_published: bool = True):
    qs = PublishedChart.objects.select_related("indicator", "region")
    if only_published:
        qs = qs.filter(is_published=True)
    return qs.order_by("ordering", "pk")


def states() -> list[Region]:
    return list(Region.objects.filter(level=RegionLevel.STATE).order_by("code"))


@dataclass
class KeyFigure:
    indicator: Indicator
    period: str
    value: Decimal | None
    quality: str
    previous_period: str | None
    previous: Decimal | None

    @property
    def change(self) -> Decimal | None:
        if self.value is None or self.previous is None:
            return None
        return self.value - self.previous

    @property
    def trend(self) -> str:
        change = self.change
        if change is None or change == 0:
            return "flat"
        return "up" if change > 0 else "down"


def region_key_figures(*, region: Region) -> list[KeyFigure]:
    """Latest and previous value of every indicator with data for the region (two queries)."""
    per_indicator: dict[int, list] = defaultdict(list)
    for obs in (
        Observation.objects.filter(region=region)
        .order_by("-period")
        .only("indicator_id", "period", "value", "quality")
    ):
        if len(per_indicator[obs.indicator_id]) < 2:
            per_indicator[obs.indicator_id].append(obs)
    indicators = Indicator.objects.filter(pk__in=list(per_indicator)).order_by(
        "topic", "ordering", "code"
    )
    figures = []
    for indicator in indicators:
        latest, *rest = per_indicator[indicator.pk]
        prev = rest[0] if rest else None
        figures.append(
            KeyFigure(
                indicator,
                latest.period,
                latest.value,
                latest.quality,
                prev.period if prev else None,
                prev.value if prev else None,
            )
        )
    return figures


def regions_with_data(*, level: int | None = None):
    qs = Region.objects.filter(observations__isnull=False).distinct()
    if level is not None:
        qs = qs.filter(level=level)
    return qs.order_by("level", "code")


def platform_counts_by_region() -> dict[str, dict[str, int]]:
    """Published offers, courses, free places, counselling, events and guides per language,
    and active NGOs, for DE, each Land and each Kreis with any (a fixed number of queries).

    Content is counted by apps.content (published, inside its publication window); a
    region's count includes content owned by every region below it.
    """
    from apps.accounts.models import Organisation
    from apps.accounts.roles import OrganisationKind
    from apps.content.models import Course, Event, Information, Office, Process
    from apps.content.selectors import published_q

    # Written here rather than taken from content_figures_by_region(), whose grouped
    # queries keep the models' default ordering and so return one row per item.
    per_owner: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))

    def add(qs, indicator: str, **extra) -> None:
        annotations = {"n": Count("pk"), **extra}
        for row in qs.order_by().values("region_id").annotate(**annotations):
            per_owner[row["region_id"]][indicator] += row["n"]
            for name in extra:
                per_owner[row["region_id"]][name] += row[name] or 0

    langs = _language_columns()
    per_language = {
        f"platform_processes_{lang}": Count("pk", filter=Q(**{f"title_{lang}__gt": ""}))
        for lang in langs
    }
    add(Process.objects.filter(published_q(Process)), "platform_processes", **per_language)
    add(Event.objects.filter(published_q(Event)), "platform_events")
    add(
        Course.objects.filter(published_q(Course)),
        "platform_courses",
        platform_course_places=Sum("places_left"),
    )
    add(
        Information.objects.filter(published_q(Information), kind="counselling"),
        "platform_counselling",
    )
    add(Office.objects.filter(published_q(Office), is_counselling=True), "platform_counselling")
    from apps.content.models import CounsellingOffer

    add(CounsellingOffer.objects.filter(published_q(CounsellingOffer)), "platform_counselling")
    for model in (Event, Course, Information):
        add(
            model.objects.filter(published_q(model), organisation__kind=OrganisationKind.NGO),
            "platform_ngo_offers",
        )
    add(Organisation.objects.filter(kind=OrganisationKind.NGO, is_active=True), "platform_ngos")

    codes = dict(Region.objects.filter(pk__in=list(per_owner)).values_list("pk", "code"))
    indicator_codes = [
        "platform_ngos",
        "platform_ngo_offers",
        "platform_courses",
        "platform_course_places",
        "platform_counselling",
        "platform_events",
        "platform_processes",
        *per_language,
    ]
    targets = {"DE": None}
    targets.update({r.code: r for r in Region.objects.filter(level=RegionLevel.STATE)})
    for code in codes.values():
        if len(code) >= 5:
            targets.setdefault(code[:5], None)
    result: dict[str, dict[str, int]] = {t: dict.fromkeys(indicator_codes, 0) for t in targets}
    for region_id, figures in per_owner.items():
        code = codes.get(region_id, "")
        for target in {"DE", code[:2], code[:5]} & set(result):
            if target != "DE" and not code.startswith(target):
                continue
            for indicator, n in figures.items():
                if indicator in result[target]:
                    result[target][indicator] += n
    known = set(Region.objects.filter(code__in=list(result)).values_list("code", flat=True))
    return {code: figures for code, figures in result.items() if code in known}


def _language_columns() -> list[str]:
    from django.conf import settings

    return [code.replace("-", "_") for code, _name in settings.SUPPORTED_LANGUAGES]


# --- single reads for views (they build no querysets themselves) ----------------------------


def index_profile_get(*, name: str):
    from apps.dashboard.models import IndexProfile

    return IndexProfile.objects.filter(name=name).first()


def indicator_periods(*, code: str) -> list[str]:
    """The periods an indicator has observations for, oldest first (empty if unknown)."""
    periods = Observation.objects.filter(indicator__code=code).values_list("period", flat=True)
    return sorted(periods.distinct())


def capacity_indicators():
    return Indicator.objects.filter(is_capacity=True).order_by("ordering")


def published_chart_find(*, pk: int):
    """A published chart by id, or None."""
    return published_chart_list().filter(pk=pk).first()
