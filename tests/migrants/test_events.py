"""Events for migrants: the list (filters, repeating events, region), the event page,
bad filter input, query budgets; in en, de, ar and zh-hans."""

import datetime as dt

import pytest
from django.utils import timezone, translation

from apps.content.models import Recurrence, Status
from tests.content.factories import EventFactory, OfficeFactory, TopicFactory
from tests.factories import OrganisationFactory
from tests.migrants.conftest import LANGS, col

pytestmark = pytest.mark.django_db

EVENT = {
    "title": {
        "en": "Information evening on housing",
        "de": "Infoabend Wohnen",
        "ar": "أمسية معلومات عن السكن",
        "zh-hans": "住房信息晚会",
    },
    "summary": {
        "en": "How to find a flat.",
        "de": "Wie man eine Wohnung findet.",
        "ar": "كيف تجد شقة.",
        "zh-hans": "如何找到公寓。",
    },
}
DIR = {"en": "ltr", "de": "ltr", "ar": "rtl", "zh-hans": "ltr"}


def texts(key: str, field: str | None = None, langs=LANGS, suffix: str = "") -> dict:
    return {col(field or key, lang): EVENT[key][lang] + suffix for lang in langs}


def local(days: int, hour: int = 18) -> dt.datetime:
    """A local time `days` from today at `hour` o'clock."""
    day = timezone.localdate() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def make_event(region, *, days: int = 3, suffix: str = "", organisation=None, **fields):
    organisation = organisation or OrganisationFactory(region=region)
    values = {
        **texts("title", suffix=suffix),
        **texts("summary"),
        "start": local(days),
        "end": local(days, 20),
        **fields,
    }
    return EventFactory(region=region, organisation=organisation, **values)


def test_event_list_in_four_languages(client, town):
    event = make_event(town, organiser="Stadt Neustadt")
    for lang in LANGS:
        response = client.get(f"/{lang}/events/")
        assert response.status_code == 200
        html = response.content.decode()
        assert f'lang="{lang}"' in html and f'dir="{DIR[lang]}"' in html
        assert EVENT["title"][lang] in html
        assert f"/{lang}/events/{event.pk}/" in html
        assert f"/{lang}/events/region/{town.code}.ics" in html


def test_event_page_in_four_languages(client, town):
    office = OfficeFactory(
        region=town,
        organisation=OrganisationFactory(region=town),
        name_en="Town hall",
        name_de="Rathaus",
        name_ar="دار البلدية",
        name_zh_hans="市政厅",
        latitude="50.1",
        longitude="8.6",
    )
    event = make_event(town, office=office, cost_en="free", cost_de="kostenlos")
    for lang in LANGS:
        response = client.get(f"/{lang}/events/{event.pk}/")
        assert response.status_code == 200
        html = response.content.decode()
        assert EVENT["title"][lang] in html and EVENT["summary"][lang] in html
        assert getattr(office, col("name", lang)) in html
        assert "openstreetmap.org" in html
        assert f"/{lang}/events/{event.pk}.ics" in html


def test_event_in_another_language_says_so(client, town):
    event = make_event(town)
    event.title_ar = ""
    event.save()
    html = client.get(f"/ar/events/{event.pk}/").content.decode()
    # Shown in the fallback (German), marked as such, not a blank page.
    assert EVENT["title"]["de"] in html
    assert 'class="notice-fallback"' in html


def test_hidden_events_do_not_show(client, town, other_town):
    shown = make_event(town, suffix=" shown")
    district_event = make_event(town.parent, suffix=" district")
    hidden = [
        make_event(town, suffix=" draft", status=Status.DRAFT),
        make_event(town, suffix=" archived", status=Status.ARCHIVED),
        make_event(town, suffix=" later", publish_at=timezone.now() + dt.timedelta(days=1)),
        make_event(other_town, suffix=" elsewhere"),
        make_event(town, suffix=" over", days=-2),
    ]
    html = client.get("/en/events/").content.decode()
    assert f"/en/events/{shown.pk}/" in html
    assert f"/en/events/{district_event.pk}/" in html, "content of the district shows in the town"
    for event in hidden:
        assert f"/en/events/{event.pk}/" not in html
    for event in hidden[:3]:
        assert client.get(f"/en/events/{event.pk}/").status_code == 404
    assert client.get("/en/events/999999/").status_code == 404


def test_weekly_event_is_listed_with_its_next_dates(client, town):
    event = make_event(
        town,
        days=-14,
        recurrence=Recurrence.WEEKLY,
        recurrence_until=timezone.localdate() + dt.timedelta(days=60),
    )
    html = client.get("/en/events/").content.decode()
    # Three dates in the list (not the 2 past ones, not all 8 coming ones).
    assert html.count(f'href="/en/events/{event.pk}/"') == 3
    assert "Every week" in html
    first = local(-14) + dt.timedelta(weeks=3)
    assert timezone.localtime(first).strftime("%Y-%m-%d") in html
    page = client.get(f"/en/events/{event.pk}/").content.decode()
    assert "Next dates" in page
    assert page.count("<li><time") == 8


def test_repeating_event_ends_with_its_last_date(client, town):
    until = timezone.localdate() + dt.timedelta(days=3)
    event = make_event(town, days=-30, recurrence=Recurrence.DAILY, recurrence_until=until)
    html = client.get("/en/events/?from=" + (until + dt.timedelta(days=1)).isoformat()).content
    assert f"/en/events/{event.pk}/".encode() not in html
    html = client.get("/en/events/?from=" + until.isoformat()).content
    assert f"/en/events/{event.pk}/".encode() in html


def test_filter_by_date_range(client, town):
    soon = make_event(town, days=2, suffix=" soon")
    later = make_event(town, days=20, suffix=" later")
    weekly = make_event(town, days=-1, suffix=" weekly", recurrence=Recurrence.WEEKLY)
    start = timezone.localdate() + dt.timedelta(days=15)
    end = start + dt.timedelta(days=10)
    html = client.get(f"/de/events/?from={start}&to={end}").content.decode()
    assert f"/de/events/{later.pk}/" in html
    assert f"/de/events/{weekly.pk}/" in html, "a repeating event shows on its dates in the range"
    assert f"/de/events/{soon.pk}/" not in html
    html = client.get(f"/de/events/?to={timezone.localdate() + dt.timedelta(days=5)}").content
    assert f"/de/events/{soon.pk}/".encode() in html
    assert f"/de/events/{later.pk}/".encode() not in html


def test_filter_by_topic_and_place(client, town):
    parent = TopicFactory(name_en="Living")
    child = TopicFactory(name_en="Flats", parent=parent)
    office = OfficeFactory(region=town, organisation=OrganisationFactory(region=town))
    tagged = make_event(town, suffix=" tagged")
    tagged.topics.add(child)
    at_office = make_event(town, suffix=" office", office=office)
    plain = make_event(town, suffix=" plain")
    html = client.get(f"/zh-hans/events/?topic={parent.pk}").content.decode()
    assert f"/events/{tagged.pk}/" in html, "a parent topic includes its sub-topics"
    assert f"/events/{plain.pk}/" not in html
    html = client.get(f"/zh-hans/events/?place={office.pk}").content.decode()
    assert f"/events/{at_office.pk}/" in html
    assert f"/events/{plain.pk}/" not in html and f"/events/{tagged.pk}/" not in html


@pytest.mark.parametrize(
    ("lang", "query"),
    [
        ("en", "from=2026-13-45"),
        ("de", "to=tomorrow"),
        ("ar", "from=2026-13-45"),
        ("zh-hans", "from=2030-01-01&to=2029-01-01"),
        ("en", "topic=abc"),
        ("de", "place=99999"),
        ("en", "page=abc"),
    ],
)
def test_bad_filter_input_gets_a_translated_error(client, town, lang, query):
    make_event(town)
    response = client.get(f"/{lang}/events/?{query}")
    html = response.content.decode()
    if query == "page=abc":  # a bad page number shows the first page
        assert response.status_code == 200
        return
    assert response.status_code == 400
    assert 'class="error-summary"' in html
    with translation.override(lang):
        if "13-45" in query or "tomorrow" in query:
            expected = translation.gettext("Enter a valid date.")
        elif "2029" in query:
            expected = translation.gettext("The end date must not be before the start date.")
        else:
            expected = translation.gettext(
                "Select a valid choice. %(value)s is not one of the available choices."
            ) % {"value": query.split("=")[1]}
    assert expected in html
    assert 'aria-invalid="true"' in html


# Region (1) and its ancestors (1), topics (1), places (1), events (1), their topics (1)
# and user types (1). The page: the event (1), its topics (1) and user types (1).
LIST_QUERIES = 9  # + the topics that tag an event here; + the translation states
PAGE_QUERIES = 5  # + the event's translation state, + its audio (speech)


@pytest.fixture
def many_events(town, client):
    """many(n) -> n events of `town` at one office, each with n topics, one repeating."""
    office = OfficeFactory(region=town, organisation=OrganisationFactory(region=town))
    organisation = OrganisationFactory(region=town)

    def many(n: int):
        topics = [TopicFactory() for _ in range(n)]
        events = [
            make_event(town, days=i % 20 + 1, office=office, organisation=organisation)
            for i in range(n)
        ]
        events[0].recurrence = Recurrence.WEEKLY
        events[0].save()
        for event in events:
            event.topics.add(*topics)
        client.get("/en/")  # tenant settings cached, as on a running site
        return events, topics

    return many


@pytest.mark.parametrize("n", [3, 30])
def test_list_queries_do_not_grow(client, many_events, n, django_assert_num_queries):
    events, topics = many_events(n)
    with django_assert_num_queries(LIST_QUERIES):
        response = client.get("/en/events/")
    assert response.content.decode().count('class="listing-item"') == min(n + 2, 30)
    with django_assert_num_queries(LIST_QUERIES):
        response = client.get(f"/ar/events/?topic={topics[0].pk}")
    assert response.status_code == 200


@pytest.mark.parametrize("n", [3, 30])
def test_page_queries_do_not_grow(client, many_events, n, django_assert_num_queries):
    events, _topics = many_events(n)
    for event in (events[0], events[-1]):
        with django_assert_num_queries(PAGE_QUERIES):
            response = client.get(f"/zh-hans/events/{event.pk}/")
        assert response.status_code == 200


def test_the_topic_filter_offers_only_topics_of_events_shown_here(client, many_events):
    many_events(3)
    stranger = TopicFactory(name_en="Betaalkalender")
    html = client.get("/en/events/").content.decode()
    assert f'<option value="{stranger.pk}"' not in html
    assert html.count("<option value=") >= 3
