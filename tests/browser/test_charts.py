"""The dashboard charts as Chromium draws them, in German (decimal commas): every bar of
the unemployment ranking has a positive width, every Land of the atlas a fill, and the
years on the time axis stay whole ("2019", not a "2" with the other digits elsewhere)."""

import pytest

from tests.browser.axe import require_browser, run_script, session_cookie
from tests.dashboard.conftest import shipped_data  # noqa: F401

pytestmark = [pytest.mark.browser]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_german_charts_draw_bars_lands_and_years(live_server, role_client, shipped_data):  # noqa: F811
    require_browser()
    analyst = role_client("pa_analyst")
    cookies = session_cookie(analyst, live_server.url)
    indicator = live_server.url + "/de/pa/dashboard/indicators/unemployment_rate/?regions=09"
    atlas = live_server.url + "/de/pa/dashboard/atlas/?indicator=population"
    seen = run_script(
        "chart_check.mjs",
        {"pages": [{"url": indicator, "cookies": cookies}, {"url": atlas, "cookies": cookies}]},
    )
    for url in (indicator, atlas):
        assert seen[url]["status"] == 200, url
        assert seen[url]["finalUrl"] == url, "redirected: the session did not reach the browser"

    page = seen[indicator]
    assert len(page["bars"]) == 16
    assert all(bar["width"] > 0 for bar in page["bars"]), page["bars"]
    # Five grid lines at five different heights.
    assert len(set(page["lines"])) == 5, page["lines"]
    years = [t for t in page["ticks"] if t["text"].isdigit()]
    assert years, page["ticks"]
    assert all(len(t["text"]) == 4 and 0 < t["advance"] < 20 for t in years), years

    lands = seen[atlas]["paths"]
    assert len(lands) == 16
    assert all(land["fill"].startswith("rgb(") for land in lands), lands
    assert all(land["width"] > 0 and land["height"] > 0 for land in lands), lands
    assert len({land["fill"] for land in lands}) >= 3  # shaded by value, not one colour
