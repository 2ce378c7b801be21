"""iCalendar downloads and region feeds, parsed back: CRLF, folding at 75 octets,
escaping, time zone, RRULE, stable UIDs; the list's dates agree with the RRULE."""

import datetime as dt
import itertools
from zoneinfo import ZoneInfo

import icalendar
import pytest
from dateutil import rrule

from apps.content import ical
from apps.content.models import Recurrence, Status
from tests.content.factories import OfficeFactory
from tests.factories import OrganisationFactory
from tests.migrants.test_events import EVENT, make_event

pytestmark = pytest.mark.django_db
BERLIN = ZoneInfo("Europe/Berlin")


def parse(body: bytes) -> icalendar.Calendar:
    """Check the wire format (RFC 5545 3.1), then parse with icalendar, an
    implementation independent of the code under test."""
    assert body.endswith(b"\r\n")
    for raw in body.split(b"\r\n")[:-1]:
        assert b"\n" not in raw and b"\r" not in raw, "bare line break"
        assert len(raw) <= 75, f"line longer than 75 octets: {raw!r}"
        raw.decode("utf-8")  # a fold never splits a UTF-8 sequence
    return icalendar.Calendar.from_ical(body)


def events_of(calendar: icalendar.Calendar) -> list[icalendar.Event]:
    return list(calendar.walk("VEVENT"))


def local_time(prop) -> dt.datetime:
    assert prop.params["TZID"] == "Europe/Berlin"
    value = prop.dt
    assert value.utcoffset() == value.astimezone(BERLIN).utcoffset()
    return value


def expand(vevent: icalendar.Event, count: int) -> list[dt.datetime]:
    """The starts the published RRULE describes, expanded from the parsed text alone."""
    start = vevent.decoded("DTSTART")
    text = vevent["RRULE"].to_ical().decode()
    rule = rrule.rrulestr(text, dtstart=start)
    return [wall.astimezone(BERLIN) for wall in itertools.islice(rule, count)]


def test_event_download_is_valid_icalendar(client, town):
    office = OfficeFactory(
        region=town,
        organisation=OrganisationFactory(region=town),
        name_en="Town hall",
        address="Rathausplatz 1",
        postcode="60311",
        city="Neustadt",
        latitude="50.110900",
        longitude="8.682100",
    )
    title = 'Tea, talk; and a "\\" backslash'
    event = make_event(
        town,
        office=office,
        title_en=title,
        description_en="<p>First line</p><p>Second line with " + "long text " * 20 + "</p>",
        organiser="Caritas",
        link="https://example.org/tea",
    )
    response = client.get(f"/en/events/{event.pk}.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="event-{event.pk}.ics"'
    calendar = parse(response.content)
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"]
    (zone,) = calendar.walk("VTIMEZONE")
    assert zone["TZID"] == "Europe/Berlin"
    # The zone says what Berlin's offsets are: winter +1, summer +2.
    offsets = {sub.decoded("TZOFFSETTO") for sub in zone.subcomponents}
    assert offsets == {dt.timedelta(hours=1), dt.timedelta(hours=2)}
    (vevent,) = events_of(calendar)
    assert vevent["UID"] == f"event-{event.pk}@testserver"
    assert vevent.decoded("DTSTAMP").utcoffset() == dt.timedelta(0)
    assert local_time(vevent["DTSTART"]) == event.start
    assert local_time(vevent["DTEND"]) == event.end
    assert vevent["SUMMARY"] == title
    description = str(vevent["DESCRIPTION"])
    assert description.startswith(EVENT["summary"]["en"] + "\n\nFirst line\n\nSecond line")
    assert "Organiser: Caritas" in description
    assert vevent["LOCATION"] == "Town hall, Rathausplatz 1, 60311 Neustadt"
    assert (vevent["GEO"].latitude, vevent["GEO"].longitude) == (50.1109, 8.6821)
    assert vevent["URL"] == f"http://testserver/en/events/{event.pk}/"
    assert "RRULE" not in vevent
    assert vevent.decoded("SEQUENCE") == event.version


@pytest.mark.parametrize("lang", ["de", "ar", "zh-hans"])
def test_download_speaks_the_page_language_and_folds_utf8(client, town, lang):
    event = make_event(town, **{f"description_{lang.replace('-', '_')}": EVENT["title"][lang] * 12})
    response = client.get(f"/{lang}/events/{event.pk}.ics")
    (vevent,) = events_of(parse(response.content))
    assert vevent["SUMMARY"] == EVENT["title"][lang]
    assert EVENT["title"][lang] * 12 in str(vevent["DESCRIPTION"])
    assert response.content.count(b"\r\n ") > 2, "long lines are folded"


def test_weekly_event_has_an_rrule_in_local_time(client, town):
    # Starts in winter time, repeats into summer time: still 18:00 in Berlin.
    start = dt.datetime(2030, 3, 4, 18, 0, tzinfo=BERLIN)
    event = make_event(
        town,
        start=start,
        end=start + dt.timedelta(hours=2),
        recurrence=Recurrence.WEEKLY,
        recurrence_until=dt.date(2030, 4, 29),
    )
    body = client.get(f"/en/events/{event.pk}.ics").content
    (vevent,) = events_of(parse(body))
    assert b"DTSTART;TZID=Europe/Berlin:20300304T180000\r\n" in body
    # The last day, inclusive, ends at 23:59:59 Berlin summer time = 21:59:59 UTC.
    assert vevent["RRULE"].to_ical() == b"FREQ=WEEKLY;UNTIL=20300429T215959Z"
    starts = expand(vevent, 20)
    assert len(starts) == 9, "4 March to 29 April, weekly"
    assert {(s.hour, s.minute) for s in starts} == {(18, 0)}, "18:00 in winter and summer"


def test_occurrences_agree_with_the_published_rrule(client, town):
    cases = [
        (dt.datetime(2030, 1, 31, 10, 0, tzinfo=BERLIN), Recurrence.MONTHLY, dt.date(2030, 12, 31)),
        (dt.datetime(2030, 3, 25, 18, 30, tzinfo=BERLIN), Recurrence.DAILY, dt.date(2030, 4, 5)),
        (dt.datetime(2030, 10, 1, 9, 0, tzinfo=BERLIN), Recurrence.WEEKLY, None),
    ]
    for start, recurrence, until in cases:
        event = make_event(
            town,
            start=start,
            end=start + dt.timedelta(hours=1),
            recurrence=recurrence,
            recurrence_until=until,
        )
        (vevent,) = events_of(parse(client.get(f"/en/events/{event.pk}.ics").content))
        expected = expand(vevent, 12)
        found = ical.occurrences(event, after=start - dt.timedelta(days=1), limit=12)
        assert [o.start for o in found] == expected, recurrence
        if until:
            assert expected[-1].date() <= until
    monthly = ical.occurrences(
        make_event(town, start=cases[0][0], end=None, recurrence=Recurrence.MONTHLY),
        after=cases[0][0],
        limit=4,
    )
    assert [o.start.astimezone(BERLIN).month for o in monthly] == [1, 3, 5, 7], "no 31 Feb"


def test_occurrence_under_way_is_listed_and_window_is_respected(town):
    start = dt.datetime(2030, 5, 6, 18, 0, tzinfo=BERLIN)
    event = make_event(
        town, start=start, end=start + dt.timedelta(hours=2), recurrence=Recurrence.WEEKLY
    )
    # 19:00 on the third Monday: that evening's meeting is still on.
    now = dt.datetime(2030, 5, 20, 19, 0, tzinfo=BERLIN)
    found = ical.occurrences(event, after=now, before=now + dt.timedelta(days=13), limit=10)
    assert [o.start.astimezone(BERLIN).day for o in found] == [20, 27]
    assert found[0].end == found[0].start + dt.timedelta(hours=2)


def test_uid_is_stable(client, town):
    event = make_event(town)
    first = events_of(parse(client.get(f"/en/events/{event.pk}.ics").content))[0]
    event.title_en = "Changed"
    event.version += 1
    event.save()
    again = events_of(parse(client.get(f"/ar/events/{event.pk}.ics").content))[0]
    feed = events_of(parse(client.get(f"/de/events/region/{town.code}.ics").content))
    assert first["UID"] == again["UID"] == feed[0]["UID"]
    assert again.decoded("SEQUENCE") > first.decoded("SEQUENCE")


def test_region_feed_has_the_events_visible_there(client, town, other_town):
    own = make_event(town, suffix=" own")
    state = make_event(town.parent.parent, suffix=" state")
    weekly = make_event(town, days=-20, recurrence=Recurrence.WEEKLY)
    hidden = [
        make_event(other_town, suffix=" elsewhere"),
        make_event(town, status=Status.DRAFT),
        make_event(town, days=-3),
    ]
    response = client.get(f"/ar/events/region/{town.code}.ics")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("inline;")
    calendar = parse(response.content)
    uids = {str(e["UID"]) for e in events_of(calendar)}
    assert uids == {f"event-{e.pk}@testserver" for e in (own, state, weekly)}
    assert not {f"event-{e.pk}@testserver" for e in hidden} & uids
    assert town.name in str(calendar["X-WR-CALNAME"])
    assert client.get("/en/events/region/00000000.ics").status_code == 404


def test_unpublished_event_has_no_download(client, town):
    event = make_event(town, status=Status.IN_REVIEW)
    assert client.get(f"/en/events/{event.pk}.ics").status_code == 404


@pytest.mark.parametrize("n", [3, 30])
def test_feed_queries_do_not_grow(client, town, n, django_assert_num_queries):
    office = OfficeFactory(region=town, organisation=OrganisationFactory(region=town))
    for index in range(n):
        make_event(town, days=index + 1, office=office)
    # Region (1) and its ancestors (1), events with offices (1), topics (1), user types (1).
    with django_assert_num_queries(5):
        response = client.get(f"/en/events/region/{town.code}.ics")
    assert len(events_of(parse(response.content))) == n
