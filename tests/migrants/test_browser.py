"""WCAG 2.1 AA (axe-core, headless Chromium at phone width) on the home, process,
glossary and information pages in en, ar (right to left) and zh-hans; no request
leaves the site."""

import pytest

from apps.content.mentions import mention_encode
from tests.browser.axe import audit, region_cookie, require_browser, run_script

pytestmark = [pytest.mark.browser]
LANGUAGE_CODES = {"ar", "zh-hans", "prs", "nl", "en", "de", "it", "ru", "es", "uk", "ur"}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_migrant_pages_have_no_wcag_violations(
    live_server, town, make_process, make_term, make_information, topic
):
    term = make_term()
    process = make_process(
        4, description_en=f"<p>Bring your {mention_encode('g', term.pk, 'Residence')}.</p>"
    )
    make_term(term_en="Apple", term_ar="تفاحة", term_zh_hans="苹果")
    page = make_information(topics=[topic])
    cookies = region_cookie(live_server.url, town.code)
    paths = []
    for lang in ("en", "ar", "zh-hans"):
        paths += [
            f"/{lang}/",
            f"/{lang}/processes/{process.pk}/",
            f"/{lang}/glossary/",
        ]
    paths += [
        "/ar/processes/",
        f"/en/glossary/{term.pk}/",
        "/zh-hans/information/",
        f"/ar/information/{page.pk}/",
        "/en/region/?q=Neustadt",
        "/ar/statistics/",
        "/ar/events/",
        "/ar/courses/",
        "/ar/organisations/",
        "/ar/chat/",
        "/ar/search/?q=Residence",
        "/ar/offline/",
    ]
    results = audit(
        [{"url": live_server.url + path, "cookies": cookies, "width": 320} for path in paths]
    )
    for url, result in results.items():
        assert result["status"] == 200, url
        assert result["finalUrl"] == url, "redirected"
        assert result["violations"] == [], (url, result["violations"])
        assert result["foreignRequests"] == [], url
        assert result["passes"] > 10, url
        assert result["overflow"] <= 0, (url, f"{result['overflow']} px wider than the phone")
        if "/processes/" in url:  # budget: 60 KB compressed; here even uncompressed
            assert result["bytes"] < 60_000, (url, result["bytes"])


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_glossary_word_opens_its_explanation_in_place(live_server, town, make_process):
    """With JavaScript, Enter on a glossary word shows its explanation right after it (the
    page stays); Escape closes it and gives the focus back to the word."""
    from apps.content.models import GlossaryTerm, Status

    require_browser()
    term = GlossaryTerm.objects.create(
        region=town,
        organisation=make_process().organisation,
        term_en="Registration",
        explanation_en="<p>You tell the town hall where you live.</p>",
        status=Status.PUBLISHED,
    )
    process = make_process(
        3, description_en=f"<p>First do the {mention_encode('g', term.pk, 'registration')}.</p>"
    )
    url = f"{live_server.url}/en/processes/{process.pk}/"
    cookies = region_cookie(live_server.url, town.code)
    seen = run_script("mention_check.mjs", {"url": url, "cookies": cookies})
    assert seen["urlAfterEnter"] == url  # the page stays: the explanation opens in place
    assert seen["expanded"] == "true"
    assert seen["popupVisible"] is True
    assert "You tell the town hall where you live." in seen["popupText"]
    assert seen["popupRole"] == "note"
    assert seen["visibleAfterEscape"] is False
    assert "mention-glossary" in seen["focusedAfterEscape"]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_keyboard_alone_reaches_everything_with_a_visible_focus(
    live_server, town, make_process, lang
):
    """Tab from the top of the home and a process page at 320 px: the skip link comes
    first, every stop shows a focus indicator and is on screen, the search box, the region
    form, the other languages and the steps are reached, and nothing scrolls sideways."""
    require_browser()
    process = make_process(4)
    cookies = region_cookie(live_server.url, town.code)
    for path in (f"/{lang}/", f"/{lang}/processes/{process.pk}/"):
        seen = run_script("keyboard_check.mjs", {"url": live_server.url + path, "cookies": cookies})
        stops = seen["stops"]
        assert stops[0]["href"] == "#main", (path, stops[0])
        assert all(s["indicator"] for s in stops), (path, [s for s in stops if not s["indicator"]])
        assert all(s["onScreen"] for s in stops), (path, [s for s in stops if not s["onScreen"]])
        assert seen["horizontalScroll"] is False, path
        hrefs = [s["href"] for s in stops]
        languages = [h for h in hrefs if h.split("/")[1:2] and h.split("/")[1] in LANGUAGE_CODES]
        assert len({h.split("/")[1] for h in languages}) == 11, path  # every language link
        if path == f"/{lang}/":
            assert any(s["tag"] == "input" and s["type"] == "search" for s in stops), path
            assert any(s["tag"] == "input" and s["type"] == "text" for s in stops), path  # region
        else:
            assert sum(1 for s in stops if s["type"] == "checkbox") == 4, path  # tick each step
            assert sum(1 for s in stops if s["href"].startswith("#step-")) >= 4, path


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("lang", ["en", "ar"])
def test_long_words_do_not_widen_a_320_px_screen(live_server, town, make_process, make_term, lang):
    from apps.content.models import Office

    require_browser()
    process = make_process(3)
    Office.objects.update(email="auslaenderbehoerde-zentrale-anmeldung@lindenfeld.example")
    term = make_term(
        term_en="Fiktionsbescheinigungsverlängerungsantrag",
        term_ar="Fiktionsbescheinigungsverlängerungsantrag",
    )
    cookies = region_cookie(live_server.url, town.code)
    for path in (f"/{lang}/processes/{process.pk}/", f"/{lang}/glossary/{term.pk}/"):
        payload = {"url": live_server.url + path, "cookies": cookies, "tabs": 1}
        seen = run_script("keyboard_check.mjs", payload)
        assert seen["horizontalScroll"] is False, path
