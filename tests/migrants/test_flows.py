"""Whole flows of a migrant, in en, de, ar (right to left) and zh-hans: home, a topic's
guides, a process page with its steps, the glossary, information pages."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from tests.content.factories import TopicFactory
from tests.migrants.conftest import LANGS, TEXTS

pytestmark = pytest.mark.django_db


def url(name: str, lang: str, *args) -> str:
    with translation.override(lang):
        return reverse(f"migrants:{name}", args=args)


@pytest.mark.parametrize("lang", LANGS)
def test_home_shows_topics_user_types_search_and_region(
    client, town, topic, user_type, make_process, lang
):
    make_process()
    response = client.get(url("home", lang))
    html = response.content.decode()
    assert response.status_code == 200
    direction = "rtl" if lang == "ar" else "ltr"
    assert f'<html lang="{lang}" dir="{direction}">' in html
    assert TEXTS["topic"][lang] in html
    assert 'href="/static/img/migrants-icons.svg#home"' in html  # icon "housing" -> home
    assert f"?topic={topic.pk}" in html
    assert f"?user_type={user_type.pk}" in html
    assert TEXTS["group"][lang] in html
    assert f'action="/{lang}/search/"' in html or 'role="search"' in html
    assert town.name in html


def test_home_offers_only_topics_and_user_types_that_lead_to_a_guide(
    client, town, topic, user_type, make_process
):
    """Tags without a published guide in the region (another region's, an imported pilot
    city's categories) are not offered on this region's home page."""
    from apps.content.models import Topic, UserType

    make_process()
    unused_topic = Topic.objects.create(name_en="Betaalkalender", icon="")
    unused_type = UserType.objects.create(name_en="Pilot testers")
    html = client.get(url("home", "en")).content.decode()
    assert f"?topic={topic.pk}" in html and f"?user_type={user_type.pk}" in html
    assert "Betaalkalender" not in html and f"?topic={unused_topic.pk}" not in html
    assert "Pilot testers" not in html and f"?user_type={unused_type.pk}" not in html


@pytest.mark.parametrize("lang", LANGS)
def test_user_type_filter_on_home_lists_their_guides(client, make_process, user_type, lang):
    make_process()
    response = client.get(url("home", lang), {"user_type": user_type.pk})
    html = response.content.decode()
    assert TEXTS["process"][lang] in html
    assert 'aria-current="true"' in html


@pytest.mark.parametrize("lang", LANGS)
def test_topic_lists_its_processes(client, make_process, topic, lang):
    process = make_process()
    response = client.get(url("process-list", lang), {"topic": topic.pk})
    html = response.content.decode()
    assert response.status_code == 200
    assert TEXTS["process"][lang] in html
    assert TEXTS["summary"][lang] in html
    assert url("process-detail", lang, process.pk) in html
    # A topic without guides lists none.
    empty = TopicFactory()
    response = client.get(url("process-list", lang), {"topic": empty.pk})
    assert TEXTS["process"][lang] not in response.content.decode()


@pytest.mark.parametrize("lang", LANGS)
def test_process_page_reads_as_a_numbered_flow(client, make_process, lang):
    process = make_process(3)
    response = client.get(url("process-detail", lang, process.pk))
    html = response.content.decode()
    assert response.status_code == 200
    # Steps in order, numbered, with anchors.
    positions = [html.index(TEXTS[f"step{n}"][lang]) for n in (1, 2, 3)]
    assert positions == sorted(positions)
    for n in (1, 2, 3):
        assert f'id="step-{n}"' in html
    # The branch 1 -> 3 with its label, and where it comes in at step 3.
    assert TEXTS["label"][lang] in html
    assert 'href="#step-3"' in html
    # What it is for, whom it concerns.
    assert TEXTS["summary"][lang] in html
    assert TEXTS["group"][lang] in html
    # Office: address, opening hours, accessibility, a plain OpenStreetMap link.
    assert "Rathausplatz 1" in html
    assert TEXTS["hours"][lang] in html
    assert TEXTS["access"][lang] in html
    assert "https://www.openstreetmap.org/?mlat=50.1109&amp;mlon=8.6821" in html
    assert "<iframe" not in html
    # Documents needed and received, with the example image; cost; duration; the NGO tip.
    assert TEXTS["passport"][lang] in html
    assert TEXTS["certificate"][lang] in html
    assert re.search(r'<img src="/media/content/document-types/sample[^"]*\.png"', html)
    assert TEXTS["cost"][lang] in html
    assert TEXTS["duration"][lang] in html
    assert TEXTS["tip"][lang] in html
    # Progress ticking: a static script (no inline script), checkboxes hidden without it.
    assert re.search(r'<script src="/static/js/migrants-progress\.js" defer></script>', html)
    assert "<script>" not in html
    assert html.count('class="step-done" hidden') == 3
    # Served in the requested language: no fallback notice.
    assert "notice-fallback" not in html


@pytest.mark.parametrize("lang", ["en", "ar", "zh-hans"])
def test_page_says_which_language_was_served_when_it_falls_back(client, make_process, lang):
    process = make_process(langs=("de",), title_en="")
    response = client.get(url("process-detail", lang, process.pk))
    html = response.content.decode()
    assert response.status_code == 200
    assert "notice-fallback" in html
    assert "Deutsch" in html
    assert '<span lang="de" dir="ltr">Wohnsitz anmelden</span>' in html
    listing = client.get(url("process-list", lang)).content.decode()
    assert 'class="badge"' in listing
    assert "Deutsch" in listing


@pytest.mark.parametrize("lang", LANGS)
def test_glossary_and_term_page(client, make_term, lang):
    term = make_term()
    response = client.get(url("glossary", lang))
    html = response.content.decode()
    assert response.status_code == 200
    assert TEXTS["term"][lang] in html
    assert url("glossary-detail", lang, term.pk) in html
    page = client.get(url("glossary-detail", lang, term.pk)).content.decode()
    assert TEXTS["term"][lang] in page
    assert TEXTS["explanation"][lang] in page


@pytest.mark.parametrize("lang", LANGS)
def test_information_list_with_topic_filter_and_detail(client, make_information, topic, lang):
    tagged = make_information(topics=[topic], body_de="<p>Grundschule</p>")
    other = make_information(title_en="Other page", title_de="Andere Seite", title_ar="صفحة أخرى",
                             title_zh_hans="其他页面")  # fmt: skip
    html = client.get(url("information-list", lang)).content.decode()
    assert TEXTS["info"][lang] in html
    filtered = client.get(url("information-list", lang), {"topic": topic.pk}).content.decode()
    assert url("information-detail", lang, tagged.pk) in filtered
    assert url("information-detail", lang, other.pk) not in filtered
    page = client.get(url("information-detail", lang, tagged.pk))
    assert page.status_code == 200
    assert TEXTS["info"][lang] in page.content.decode()


def test_invalid_filters_are_ignored(client, make_process):
    make_process()
    response = client.get(url("process-list", "en"), {"topic": "x", "user_type": "<b>"})
    assert response.status_code == 200
    assert TEXTS["process"]["en"] in response.content.decode()


@pytest.mark.parametrize("path", ["process-list", "information-list"])
def test_list_filters_offer_only_topics_and_user_types_in_use_here(
    client, make_process, make_information, topic, path
):
    from apps.content.models import Topic, UserType

    make_process()
    make_information(topics=[topic])
    stranger = Topic.objects.create(name_en="Betaalkalender", icon="")
    pilot = UserType.objects.create(name_en="Atlas Worker")
    html = client.get(url(path, "ar")).content.decode()
    assert f'value="{topic.pk}"' in html
    assert f'value="{stranger.pk}"' not in html and "Betaalkalender" not in html
    assert f'value="{pilot.pk}"' not in html and "Atlas Worker" not in html
