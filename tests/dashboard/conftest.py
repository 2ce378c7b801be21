from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[2] / "apps" / "dashboard" / "data" / "destatis"


@pytest.fixture
def shipped_data(db):
    """The three Destatis tables and the Königstein keys, imported."""
    from apps.dashboard.services import shipped_data_import

    outcomes = shipped_data_import()
    assert all(o.ok for o in outcomes), [o.batch.errors for o in outcomes]
    return outcomes


@pytest.fixture
def published_charts(shipped_data):
    """Three charts on the public statistics page: an atlas and a ranking of all Länder,
    a series of Bayern (in that order on the page)."""
    from apps.dashboard.models import ChartKind, Indicator
    from apps.regions.models import Region
    from tests.dashboard.factories import PublishedChartFactory

    population = Indicator.objects.get(code="population")
    rate = Indicator.objects.get(code="unemployment_rate")
    return [
        PublishedChartFactory(indicator=population, kind=ChartKind.ATLAS),
        PublishedChartFactory(indicator=rate, kind=ChartKind.RANKING),
        PublishedChartFactory(
            indicator=rate, kind=ChartKind.SERIES, region=Region.objects.get(code="09")
        ),
    ]
