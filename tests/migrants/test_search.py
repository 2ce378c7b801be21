"""Search across processes (with step texts), glossary, information, events and courses.

Runs on whichever database the suite uses: SQLite (`make test`, the Python fallback)
and PostgreSQL (.ci/run: full-text search + pg_trgm). Both must find Arabic and
Chinese words, tolerate small typos in Latin scripts and rank title matches first.
"""

import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone

from apps.content import search
from apps.content.models import Status
from tests.content.factories import CourseFactory, InformationFactory
from tests.factories import OrganisationFactory
from tests.migrants.conftest import TEXTS
from tests.migrants.test_events import make_event

pytestmark = pytest.mark.django_db


def found(client, lang: str, query: str) -> list[str]:
    """Result links, in order."""
    response = client.get(f"/{lang}/search/", {"q": query})
    assert response.status_code == 200
    html = response.content.decode()
    links = []
    for part in html.split('<li class="listing-item">')[1:]:
        href = part.split('<a href="', 1)[1].split('"', 1)[0]
        links.append(href)
    return links


def url(lang: str, kind: str, pk: int) -> str:
    return f"/{lang}/{kind}/{pk}/"


@pytest.fixture
def content(make_process, make_term, make_information, town):
    org = OrganisationFactory(region=town)
    return {
        "process": make_process(),
        "term": make_term(),
        "info": make_information(),
        "event": make_event(town, organisation=org),
        "course": CourseFactory(
            region=town,
            organisation=org,
            title_en="German course for beginners",
            title_de="Deutschkurs für Anfänger",
            title_ar="دورة اللغة الألمانية للمبتدئين",
            title_zh_hans="德语初级班",
        ),
    }


def test_backend_follows_the_database():
    assert search.uses_postgres() == (connection.vendor == "postgresql")


@pytest.mark.parametrize(
    ("lang", "query", "key", "kind"),
    [
        ("en", "address", "process", "processes"),
        ("de", "Wohnsitz anmelden", "process", "processes"),
        ("ar", "تسجيل", "process", "processes"),
        ("ar", "الإقامة", "term", "glossary"),
        ("zh-hans", "住址", "process", "processes"),  # inside 登记住址: no spaces in Chinese
        ("zh-hans", "学校", "info", "information"),
        ("en", "housing", "event", "events"),
        ("ar", "السكن", "event", "events"),
        ("zh-hans", "德语", "course", "courses"),
        ("de", "Anfänger", "course", "courses"),
    ],
)
def test_finds_every_type_in_every_script(client, content, lang, query, key, kind):
    assert url(lang, kind, content[key].pk) in found(client, lang, query)


@pytest.mark.parametrize(
    ("lang", "query"),
    [("de", "Bescheinigung erhalten"), ("ar", "احجز"), ("zh-hans", "预约"), ("en", "appointment")],
)
def test_finds_processes_by_their_steps(client, content, lang, query):
    assert found(client, lang, query)[0] == url(lang, "processes", content["process"].pk)


@pytest.mark.parametrize(
    ("lang", "query", "key", "kind"),
    [
        ("de", "Wohnsiz", "term", "glossary"),  # Wohnsitz
        ("de", "Schulsytem", "info", "information"),  # Schulsystem
        ("en", "adress", "process", "processes"),  # address
        ("en", "Residense", "term", "glossary"),  # Residence
    ],
)
def test_tolerates_small_typos_in_latin_scripts(client, content, lang, query, key, kind):
    assert url(lang, kind, content[key].pk) in found(client, lang, query)


def test_unrelated_words_find_nothing(client, content):
    assert found(client, "de", "Zahnarzt") == []
    assert found(client, "zh-hans", "医生") == []


def test_title_matches_come_first(client, town, content):
    org = OrganisationFactory(region=town)
    # Many mentions of the word in texts, but not in the title ...
    body_only = InformationFactory(
        region=town,
        organisation=org,
        title_de="Elternabend",
        body_de="<p>" + "Schulsystem erklärt. " * 20 + "</p>",
    )
    event = make_event(town, organisation=org, description_de="<p>Das Schulsystem</p>")
    # ... and the word as the title, once.
    title = content["info"]
    links = found(client, "de", "Schulsystem")
    assert links[0] == url("de", "information", title.pk)
    assert set(links[1:]) == {url("de", "information", body_only.pk), url("de", "events", event.pk)}
    # A typo in a title still beats exact words in a text.
    links = found(client, "de", "Schulsytem")
    assert links[0] == url("de", "information", title.pk)


def test_other_languages_words_are_found_and_marked(client, content):
    """An Arabic reader types the German word from their letter."""
    response = client.get("/ar/search/", {"q": "Wohnsitz"})
    html = response.content.decode()
    assert url("ar", "processes", content["process"].pk) in html
    # The hit is shown in Arabic when it exists in Arabic.
    assert TEXTS["process"]["ar"] in html
    content["term"].term_ar = ""
    content["term"].save()
    html = client.get("/ar/search/", {"q": "Wohnsitz"}).content.decode()
    assert 'lang="de" dir="ltr">Wohnsitz</a>' in html


def test_hidden_content_is_not_found(client, town, other_town, make_process):
    shown = make_process()
    state = make_process(region=town.parent.parent)
    hidden = [
        make_process(region=other_town),
        make_process(status=Status.DRAFT),
        make_process(status=Status.ARCHIVED),
        make_process(withdraw_at=timezone.now() - dt.timedelta(minutes=1)),
    ]
    past = make_event(town, days=-3, title_de="Wohnsitz Infoabend")
    links = found(client, "de", "Wohnsitz")
    assert url("de", "processes", shown.pk) in links
    assert url("de", "processes", state.pk) in links
    for process in hidden:
        assert url("de", "processes", process.pk) not in links
    assert url("de", "events", past.pk) not in links


def test_empty_odd_and_long_queries(client, content):
    assert client.get("/en/search/").status_code == 200
    assert found(client, "en", "   ") == []
    for query in ['"', "a & b | !c", "'); drop table x; --", "%_%", "\\", "-", "ß" * 500]:
        response = client.get("/en/search/", {"q": query})
        assert response.status_code == 200, query
    html = client.get("/en/search/", {"q": "x" * 300}).content.decode()
    assert "Only the first 200 characters were searched." in html


def test_search_selector_without_a_region(content):
    hits = search.search("Wohnsitz", language="de", region_ids=None)
    assert {(h.kind, h.pk) for h in hits} >= {
        ("process", content["process"].pk),
        ("glossary", content["term"].pk),
    }
    assert hits[0].tier == search.TIER_TITLE


@pytest.mark.parametrize("n", [3, 30])
def test_queries_do_not_grow(client, town, n, django_assert_num_queries):
    org = OrganisationFactory(region=town)
    for index in range(n):
        InformationFactory(region=town, organisation=org, title_de=f"Wohnen {index}")
        make_event(town, organisation=org, title_de=f"Wohnen Abend {index}")
    client.get("/de/")  # tenant settings cached, as on a running site
    # Region (1) and its ancestors (1); one query per type (5), plus steps on the fallback.
    expected = 7 if connection.vendor == "postgresql" else 8
    with django_assert_num_queries(expected):
        response = client.get("/de/search/", {"q": "Wohnen"})
    assert response.content.decode().count('class="listing-item"') == min(2 * n, 50)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_listing_and_search_pages_have_no_wcag_violations(
    live_server, town, make_process, make_term, make_information
):
    """axe-core (WCAG 2.1 A and AA) at 320 px on the event list, course list and search
    pages in en, ar and zh-hans, with results, a repeating event, a filter error."""

    from apps.content.models import Recurrence
    from tests.browser.axe import audit, region_cookie
    from tests.content.factories import OfficeFactory

    org = OrganisationFactory(region=town)
    office = OfficeFactory(
        region=town, organisation=org, name_en="Town hall", name_ar="دار البلدية",
        name_zh_hans="市政厅", latitude="50.1", longitude="8.6",
    )  # fmt: skip
    topic_process = make_process()
    make_term()
    make_information()
    event = make_event(town, organisation=org, office=office)
    make_event(town, organisation=org, days=-7, recurrence=Recurrence.WEEKLY)
    course = CourseFactory(
        region=town, organisation=org, office=office, title_en="German A1",
        title_ar="الألمانية A1", title_zh_hans="德语 A1", places_total=10, places_left=3,
        registration_contact="kurse@vhs.example", level="A1",
    )  # fmt: skip
    assert topic_process.pk
    cookies = region_cookie(live_server.url, town.code)
    queries = {"en": "address", "ar": "تسجيل", "zh-hans": "住址"}
    paths = []
    for lang in ("en", "ar", "zh-hans"):
        paths += [
            f"/{lang}/events/",
            f"/{lang}/courses/",
            f"/{lang}/search/?q={queries[lang]}",
        ]
    paths += [
        f"/ar/events/{event.pk}/",
        f"/zh-hans/courses/{course.pk}/",
        "/ar/events/?from=2026-13-45",
        "/en/courses/?free=on&level=A1",
        "/zh-hans/search/?q=",
    ]
    results = audit(
        [{"url": live_server.url + path, "cookies": cookies, "width": 320} for path in paths]
    )
    for address, result in results.items():
        expected = 400 if "13-45" in address else 200
        assert result["status"] == expected, address
        assert result["violations"] == [], (address, result["violations"])
        assert result["foreignRequests"] == [], address
        assert result["passes"] > 10, address
