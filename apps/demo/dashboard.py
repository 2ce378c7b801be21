"""Demo data of the migration dashboard: the shipped Destatis tables and Königstein keys,
one published chart, and today's platform figures (idempotent)."""

from apps.dashboard.models import ChartKind, Indicator, PublishedChart
from apps.dashboard.services import (
    indicator_catalogue_sync,
    platform_figures_compute,
    published_chart_save,
    shipped_data_import,
)


def load_dashboard() -> int:
    """Returns the number of import batches that are in place."""
    indicator_catalogue_sync()
    outcomes = shipped_data_import()
    if not PublishedChart.objects.exists():
        published_chart_save(
            chart=PublishedChart(
                indicator=Indicator.objects.get(code="population"), kind=ChartKind.ATLAS
            ),
            user=None,
        )
    platform_figures_compute()
    return len(outcomes)
