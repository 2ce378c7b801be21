"""Read aloud in headless Chromium: without JavaScript no read-aloud control is shown
(it could do nothing); with JavaScript every text has its button (issue 9)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.browser.axe import region_cookie, run_script
from tests.content.factories import EventFactory

pytestmark = [pytest.mark.browser]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("lang", ["en", "ar"])
def test_read_aloud_shows_only_with_javascript(
    live_server, town, organisation, make_process, make_term, make_information, lang
):
    event = EventFactory(
        region=town,
        organisation=organisation,
        title_en="Open day",
        title_ar="يوم مفتوح",
        start=timezone.now() + timedelta(days=3),
    )
    process = make_process(3)
    paths = {
        f"/{lang}/processes/{process.pk}/": 1 + 3,  # the introduction and every step
        f"/{lang}/glossary/{make_term().pk}/": 1,
        f"/{lang}/information/{make_information().pk}/": 1,
        f"/{lang}/events/{event.pk}/": 1,
    }
    seen = run_script(
        "read_aloud_check.mjs",
        {
            "base": live_server.url,
            "paths": list(paths),
            "label": read_aloud_label(lang),
            "cookies": region_cookie(live_server.url, town.code),
        },
    )
    assert seen["errors"] == [], seen
    for path, count in paths.items():
        page = seen["pages"][path]
        assert page["withoutJs"]["readAloudButtons"] == 0, (path, page)
        assert page["withoutJs"]["labelVisible"] is False, (path, page)
        assert page["withJs"]["readAloudButtons"] == count, (path, page)
        assert page["withJs"]["pressed"] == ["false"] * count, (path, page)
        assert page["withJs"]["notes"] == count, (path, page)


def read_aloud_label(lang: str) -> str:
    """The button's label in `lang`, as the page gives it to the script."""
    from django.utils import translation

    with translation.override(lang):
        return translation.gettext("Read aloud")
