"""The public statistics page: charts an analyst has published, in the visitor's language."""

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse

from apps.dashboard import selectors
from apps.dashboard.charts import atlas_build, ranking_build, series_build
from apps.dashboard.exports import export_response
from apps.dashboard.models import ChartKind
from apps.regions.models import RegionLevel


def statistics(request):
    charts = list(selectors.published_chart_list())
    states = selectors.states() if charts else []
    items = []
    for n, chart in enumerate(charts, start=1):
        item = {"chart": chart, "id": f"chart-{n}", "indicator": chart.indicator}
        if chart.kind == ChartKind.ATLAS:
            item["atlas"] = atlas_build(
                indicator=chart.indicator,
                regions=states,
                period=chart.period or None,
                level=RegionLevel.STATE,
            )
        elif chart.kind == ChartKind.RANKING:
            ranking = ranking_build(
                indicator=chart.indicator,
                regions=states,
                period=chart.period or None,
                level=RegionLevel.STATE,
            )
            item["ranking"] = ranking
        else:
            item["series"] = series_build(indicator=chart.indicator, regions=[chart.region])
        url = reverse("migrants:statistics-download", args=[chart.pk, "csv"])
        item["download_csv"] = url
        item["download_json"] = url[: -len("csv")] + "json"
        items.append(item)
    return render(request, "migrants/statistics/index.html", {"items": items})


def statistics_download(request, pk: int, fmt: str):
    if fmt not in ("csv", "json"):
        raise Http404
    chart = selectors.published_chart_find(pk=pk)
    if chart is None:
        raise Http404
    region_ids = [chart.region_id] if chart.kind == ChartKind.SERIES else None
    level = None if chart.kind == ChartKind.SERIES else RegionLevel.STATE
    period = chart.period or None
    if chart.kind != ChartKind.SERIES and not period:
        period = atlas_build(
            indicator=chart.indicator, regions=[], period=None, level=RegionLevel.STATE
        ).period
    observations = selectors.observation_rows(
        indicator=chart.indicator, level=level, region_ids=region_ids, period=period
    )
    return export_response(
        indicator=chart.indicator,
        observations=observations,
        fmt=fmt,
        filename=f"{chart.indicator.code}-{chart.pk}",
    )
