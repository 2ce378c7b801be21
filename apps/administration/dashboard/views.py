"""The migration dashboard in the PA app: overview, atlas, series, index, allocation,
imports and publishing. Views only read through selectors and write through services."""

import csv

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.accounts.decorators import permission_required
from apps.accounts.selectors import user_role_grants
from apps.administration.dashboard.forms import (
    AllocationForm,
    AtlasForm,
    ImportForm,
    IndexWeightsForm,
    OverviewForm,
    PublishedChartForm,
    SeriesForm,
)
from apps.dashboard import allocation as alloc
from apps.dashboard import selectors
from apps.dashboard.charts import (
    atlas_build,
    format_period,
    format_value,
    ranking_build,
    series_build,
)
from apps.dashboard.exports import export_response
from apps.dashboard.index import DEFAULT_PROFILE, default_weights, index_compute
from apps.dashboard.models import (
    ImportBatch,
    ImportStatus,
    Indicator,
    PublishedChart,
)
from apps.dashboard.services import (
    import_batch_create,
    import_batch_duplicate,
    import_failure_get,
    import_progress_get,
    index_profile_save,
    published_chart_delete,
    published_chart_save,
    sha256_of,
)
from apps.dashboard.tasks import run_import
from apps.regions import selectors as region_selectors
from apps.regions.models import RegionLevel

VIEW = "dashboard.view_internal"
DASH = "administration:dashboard:"


SECTIONS = {"indicator": "atlas", "import_detail": "imports"}


def _render(request, name: str, context: dict):
    context["section"] = SECTIONS.get(name, name)
    return render(request, f"administration/dashboard/{name}.html", context)


def _indicator_or_404(code: str) -> Indicator:
    try:
        return selectors.indicator_get(code=code)
    except Indicator.DoesNotExist:
        raise Http404 from None


def _home_state_code(user, regions) -> str | None:
    codes = [r.code for r in regions]
    grants = user_role_grants(user)
    if grants:
        region = region_selectors.region_find_by_id(grants[0].region_id)
        if region and region.code[:2] in codes:
            return region.code[:2]
    return codes[0] if codes else None


@permission_required(VIEW)
def overview(request):
    regions = list(selectors.regions_with_data())
    form = OverviewForm(request.GET or None, regions=regions)
    code = form.cleaned_data["region"] if form.is_valid() and form.cleaned_data["region"] else None
    code = code or _home_state_code(request.user, regions)
    region = next((r for r in regions if r.code == code), None)
    figures = selectors.region_key_figures(region=region) if region else []
    for figure in figures:
        unit = figure.indicator.unit
        figure.label = format_value(figure.value, unit)
        figure.previous_label = format_value(figure.previous, unit)
        figure.change_label = format_value(figure.change, unit) if figure.change is not None else ""
        figure.period_label = format_period(figure.period)
        figure.previous_period_label = format_period(figure.previous_period)
    return _render(
        request,
        "overview",
        {"form": form, "region": region, "figures": figures},
    )


def _atlas_context(request, *, indicator_code: str | None = None):
    indicators = list(selectors.indicator_list_with_data())
    code = request.GET.get("indicator") or indicator_code
    indicator = next((i for i in indicators if i.code == code), None) or next(
        (i for i in indicators if i.code == "population"), indicators[0] if indicators else None
    )
    level = RegionLevel.DISTRICT if request.GET.get("level") == "2" else RegionLevel.STATE
    return indicators, indicator, level


@permission_required(VIEW)
def atlas(request):
    indicators, indicator, level = _atlas_context(request)
    context = {"indicator": indicator}
    if indicator is not None:
        regions = list(selectors.region_list_for_level(level=level))
        chart = atlas_build(
            indicator=indicator, regions=regions, period=request.GET.get("period"), level=level
        )
        initial = {"indicator": indicator.code, "period": chart.period, "level": level}
        context.update(
            atlas=chart,
            form=AtlasForm(initial=initial, indicators=indicators, periods=chart.periods),
            download_csv=_download_url(
                indicator, "csv", chart="atlas", period=chart.period, level=level
            ),
            download_json=_download_url(
                indicator, "json", chart="atlas", period=chart.period, level=level
            ),
        )
    return _render(request, "atlas", context)


def _download_url(indicator, fmt: str, **params) -> str:
    from urllib.parse import urlencode

    query = urlencode({k: v for k, v in params.items() if v not in (None, "")}, doseq=True)
    return reverse(DASH + "download", args=[indicator.code, fmt]) + (f"?{query}" if query else "")


@permission_required(VIEW)
def indicator_detail(request, code: str):
    """Time series of a few regions, and all regions compared in one period."""
    indicator = _indicator_or_404(code)
    states = selectors.states()
    form = SeriesForm(request.GET or None, regions=states)
    chosen = form.cleaned_data["regions"] if form.is_valid() else []
    if not chosen:
        default = _home_state_code(request.user, states)
        chosen = [default] if default else []
    series_regions = [r for r in states if r.code in chosen][:7]
    series = series_build(indicator=indicator, regions=series_regions)
    ranking = ranking_build(
        indicator=indicator,
        regions=states,
        period=request.GET.get("period"),
        level=RegionLevel.STATE,
    )
    return _render(
        request,
        "indicator",
        {
            "indicator": indicator,
            "form": form,
            "series": series,
            "ranking": ranking,
            "series_csv": _download_url(indicator, "csv", regions=[r.code for r in series_regions]),
            "series_json": _download_url(
                indicator, "json", regions=[r.code for r in series_regions]
            ),
            "ranking_csv": _download_url(indicator, "csv", period=ranking.period, level=1),
            "ranking_json": _download_url(indicator, "json", period=ranking.period, level=1),
        },
    )


@permission_required(VIEW)
def download(request, code: str, fmt: str):
    if fmt not in ("csv", "json"):
        raise Http404
    indicator = _indicator_or_404(code)
    regions = request.GET.getlist("regions")
    region_ids = region_selectors.region_ids_for_codes(regions) if regions else None
    level = int(request.GET["level"]) if request.GET.get("level", "").isdigit() else None
    observations = selectors.observation_rows(
        indicator=indicator, level=level, region_ids=region_ids, period=request.GET.get("period")
    )
    return export_response(
        indicator=indicator, observations=observations, fmt=fmt, filename=indicator.code
    )


def _weights() -> dict[str, float]:
    profile = selectors.index_profile_get(name=DEFAULT_PROFILE)
    return {**default_weights(), **(profile.weights if profile else {})}


@permission_required(VIEW)
def index(request):
    from apps.dashboard.index import COMPONENTS

    indicators = selectors.indicators_by_code([c.code for c in COMPONENTS])
    weights = _weights()
    can_edit = request.user.has_perm("dashboard.edit_index")
    form = IndexWeightsForm(
        request.POST if request.method == "POST" else None,
        weights=weights,
        indicators=indicators,
    )
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            index_profile_save(name=DEFAULT_PROFILE, weights=form.weights(), user=request.user)
            messages.success(request, _("The weights were saved."))
            return redirect(DASH + "index")
    states = selectors.states()
    result = index_compute(regions=states, weights=weights)
    rows = sorted(result.regions, key=lambda r: (r.index is None, -(r.index or 0)))
    used = [c for c in result.components if c.weight > 0 and c.score]
    table = [
        {
            "region": r.region,
            "index": r.index,
            "cells": [r.contributions.get(c.component.code) for c in used],
            "missing": [indicators[m].name for m in r.missing if m in indicators],
        }
        for r in rows
    ]
    return _render(
        request,
        "index",
        {
            "form": form,
            "can_edit": can_edit,
            "components": result.components,
            "used": used,
            "table": table,
        },
    )


def _allocation_form(request):
    years = selectors.indicator_periods(code="koenigstein_share")
    capacity = selectors.capacity_indicators()
    return AllocationForm(request.GET or None, years=years, capacity_indicators=capacity)


def _simulate(form):
    data = form.cleaned_data
    return alloc.allocation_simulate(
        total=data["total"],
        year=data["year"],
        states=selectors.states(),
        weights=_weights(),
        capacity_codes=data["capacities"],
        strength=data["strength"],
    )


@permission_required(VIEW)
def allocation(request):
    form = _allocation_form(request)
    sim = _simulate(form) if form.is_valid() else None
    names = {}
    if sim:
        codes = {d for row in sim.rows for d, _v in row.drivers}
        names = {code: i.name for code, i in selectors.indicators_by_code(codes).items()}
        for row in sim.rows:
            row.driver_labels = [
                _("%(indicator)s (%(points)s points)")
                % {"indicator": names.get(code, code), "points": format_value(round(d, 1))}
                for code, d in row.drivers
            ]
            row.diff_population = row.difference(alloc.KEY_KOENIGSTEIN, alloc.KEY_POPULATION)
            row.diff_index = row.difference(alloc.KEY_KOENIGSTEIN, alloc.KEY_INDEX)
    return _render(
        request,
        "allocation",
        {
            "form": form,
            "sim": sim,
            "export_url": reverse(DASH + "allocation-csv") + "?" + request.GET.urlencode(),
        },
    )


@permission_required(VIEW)
def allocation_csv(request):
    form = _allocation_form(request)
    if not form.is_valid():
        return HttpResponse(_("The parameters of the simulation are not valid."), status=400)
    sim = _simulate(form)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="allocation.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    header = ["ags", "land"]
    for key in sim.keys:
        header += [f"{key}_share_percent", f"{key}_exact", f"{key}_people"]
    writer.writerow([*header, "capacity", "capped", "index"])
    for row in sim.rows:
        line = [row.region.code, row.region.name]
        for key in sim.keys:
            line += [f"{row.shares[key]:.6f}", f"{row.exact[key]:.4f}", row.people[key]]
        index = "" if row.index is None else f"{row.index:.2f}"
        writer.writerow([*line, "" if row.cap is None else row.cap, int(row.capped), index])
    return response


@permission_required("dashboard.import_data")
def imports(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read()
        kind, mapping = form.cleaned_data["kind"], form.cleaned_data.get("mapping") or ""
        duplicate = import_batch_duplicate(kind=kind, mapping=mapping, sha256=sha256_of(content))
        if duplicate:
            messages.info(
                request,
                _("This file was already imported as batch %(id)d; nothing changed.")
                % {"id": duplicate.pk},
            )
            return redirect(DASH + "import", pk=duplicate.pk)
        batch = import_batch_create(
            kind=kind, content=content, file_name=upload.name, user=request.user, mapping=mapping
        )
        transaction.on_commit(lambda: run_import.delay(batch.pk))
        return redirect(DASH + "import", pk=batch.pk)
    batches = selectors.import_batch_list()[:50]
    return _render(request, "imports", {"form": form, "batches": batches})


@permission_required("dashboard.import_data")
def import_detail(request, pk: int):
    try:
        batch = selectors.import_batch_get(pk=pk)
    except ImportBatch.DoesNotExist:
        # A failed import left nothing in the database; its report is in the cache.
        batch = import_failure_get(batch_id=pk)
        if batch is None:
            raise Http404 from None
    running = batch.status in (ImportStatus.PENDING, ImportStatus.RUNNING)
    progress = import_progress_get(batch_id=batch.pk) if running else None
    return _render(
        request,
        "import_detail",
        {"batch": batch, "running": running, "progress": progress},
    )


@permission_required(VIEW)
def published(request):
    can_publish = request.user.has_perm("dashboard.publish_chart")
    form = PublishedChartForm(
        request.POST if request.method == "POST" else None,
        indicators=selectors.indicator_list_with_data(),
    )
    if request.method == "POST":
        if not can_publish:
            raise PermissionDenied
        if form.is_valid():
            published_chart_save(chart=form.instance, user=request.user)
            messages.success(request, _("The chart is on the public statistics page."))
            return redirect(DASH + "published")
    return _render(
        request,
        "published",
        {
            "form": form,
            "charts": selectors.published_chart_list(only_published=False),
            "can_publish": can_publish,
        },
    )


@require_POST
@permission_required("dashboard.publish_chart")
def published_delete(request, pk: int):
    chart = get_object_or_404(PublishedChart, pk=pk)
    published_chart_delete(chart=chart)
    messages.success(request, _("The chart was removed from the public statistics page."))
    return redirect(DASH + "published")
