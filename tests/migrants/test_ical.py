"""iCalendar downloads and region feeds, parsed back: CRLF, folding at 75 octets,
escaping, time zone, RRULE, stable UIDs; the list's dates agree with the RRULE."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from apps.content import ical
from apps.content.models import Recurrence, Status
from tests.content.factories import OfficeFactory
from tests.factories import OrganisationFactory
from tests.migrants.test_events import EVENT, make_event

pytestmark = pytest.mark.django_db
BERLIN = ZoneInfo("Europe/Berlin")


def unescape(value: str) -> str:
    out, i = [], 0
    while i < len(value):
        if value[i] == "\\" and i + 1 < len(value):
            out.append("\n" if value[i + 1] in "nN" else value[i + 1])
            i += 2
        else:
            out.append(value[i])
            i += 1
    return "".join(out)


def parse(body: bytes) -> list[dict]:
    """Check the wire format, then return components as
    [{"name": "VEVENT", "props": {NAME: [(params, value)]}}] (nesting flattened)."""
    assert body.endswith(b"\r\n")
    physical = body.split(b"\r\n")[:-1]
    for raw in physical:
        assert b"\n" not in raw and b"\r" not in raw, "bare line break"
        assert len(raw) <= 75, f"line longer than 75 octets: {raw!r}"
        raw.decode("utf-8")  # a fold never splits a UTF-8 sequence
    components: list[dict] = []
    stack: list[dict] = []
    for line in ical.iter_unfolded(body.decode("utf-8")):
        head, _sep, value = line.partition(":")
        name, *params = head.split(";")
        if name == "BEGIN":
            stack.append({"name": value, "props": {}})
        elif name == "END":
            component = stack.pop()
            assert component["name"] == value, "BEGIN/END mismatch"
            components.append(component)
        else:
            stack[-1]["props"].setdefault(name, []).append((params, value))
    assert not stack
    assert components[-1]["name"] == "VCALENDAR"
    return components


def events_of(components: list[dict]) -> list[dict]:
    return [c["props"] for c in components if c["name"] == "VEVENT"]


def one(props: dict, name: str) -> tuple[list[str], str]:
    assert len(props[name]) == 1, name
    return props[name][0]


def parse_local(params: list[str], value: str) -> dt.datetime:
    assert params == ["TZID=Europe/Berlin"]
    return dt.datetime.strptime(value, "%Y%m%dT%H%M%S").replace(tzinfo=BERLIN)


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
    components = parse(response.content)
    calendar = components[-1]["props"]
    assert one(calendar, "VERSION")[1] == "2.0"
    assert one(calendar, "PRODID")[1]
    zones = [c for c in components if c["name"] == "VTIMEZONE"]
    assert one(zones[0]["props"], "TZID")[1] == "Europe/Berlin"
    (vevent,) = events_of(components)
    assert one(vevent, "UID")[1] == f"event-{event.pk}@testserver"
    assert one(vevent, "DTSTAMP")[1].endswith("Z")
    assert parse_local(*one(vevent, "DTSTART")) == event.start
    assert parse_local(*one(vevent, "DTEND")) == event.end
    assert unescape(one(vevent, "SUMMARY")[1]) == title
    description = unescape(one(vevent, "DESCRIPTION")[1])
    assert description.startswith(EVENT["summary"]["en"] + "\n\nFirst line\n\nSecond line")
    assert "Organiser: Caritas" in description
    assert unescape(one(vevent, "LOCATION")[1]) == "Town hall, Rathausplatz 1, 60311 Neustadt"
    assert one(vevent, "GEO")[1] == "50.110900;8.682100"
    assert one(vevent, "URL")[1] == f"http://testserver/en/events/{event.pk}/"
    assert "RRULE" not in vevent
    assert one(vevent, "SEQUENCE")[1] == str(event.version)


@pytest.mark.parametrize("lang", ["de", "ar", "zh-hans"])
def test_download_speaks_the_page_language_and_folds_utf8(client, town, lang):
    event = make_event(town, **{f"description_{lang.replace('-', '_')}": EVENT["title"][lang] * 12})
    response = client.get(f"/{lang}/events/{event.pk}.ics")
    (vevent,) = events_of(parse(response.content))
    assert unescape(one(vevent, "SUMMARY")[1]) == EVENT["title"][lang]
    assert EVENT["title"][lang] * 12 in unescape(one(vevent, "DESCRIPTION")[1])
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
    (vevent,) = events_of(parse(client.get(f"/en/events/{event.pk}.ics").content))
    assert one(vevent, "DTSTART") == (["TZID=Europe/Berlin"], "20300304T180000")
    # The last day, inclusive, ends at 23:59:59 Berlin summer time = 21:59:59 UTC.
    assert one(vevent, "RRULE")[1] == "FREQ=WEEKLY;UNTIL=20300429T215959Z"


def test_occurrences_agree_with_the_rrule(town):
    rrule = pytest.importorskip("dateutil.rrule")
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
        lines = ical.vevent_lines(event, ical.EventTexts(title="x"), domain="test")
        rule = next(line for line in lines if line.startswith("RRULE:"))[len("RRULE:") :]
        # dateutil wants UNTIL and DTSTART alike: compare in local wall-clock time.
        expected_rule = rrule.rrulestr(rule.split(";UNTIL=")[0], dtstart=start.replace(tzinfo=None))
        expected = []
        for wall in expected_rule:
            if (until and wall.date() > until) or len(expected) == 12:
                break
            expected.append(wall.replace(tzinfo=BERLIN))
        found = ical.occurrences(event, after=start - dt.timedelta(days=1), limit=12)
        assert [o.start for o in found] == expected, recurrence
    monthly = ical.occurrences(
        make_event(town, start=cases[0][0], end=None, recurrence=Recurrence.MONTHLY),
        after=cases[0][0],
        limit=4,
    )
    assert [o.start.astimezone(BERLIN).month for o in monthly] == [1, 3, 5, 7], "no 31 Feb"


def test_uid_is_stable(client, town):
    event = make_event(town)
    first = events_of(parse(client.get(f"/en/events/{event.pk}.ics").content))[0]
    event.title_en = "Changed"
    event.version += 1
    event.save()
    again = events_of(parse(client.get(f"/ar/events/{event.pk}.ics").content))[0]
    feed = events_of(parse(client.get(f"/de/events/region/{town.code}.ics").content))
    assert one(first, "UID") == one(again, "UID") == one(feed[0], "UID")
    assert int(one(again, "SEQUENCE")[1]) > int(one(first, "SEQUENCE")[1])


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
    components = parse(response.content)
    uids = {one(e, "UID")[1] for e in events_of(components)}
    assert uids == {f"event-{e.pk}@testserver" for e in (own, state, weekly)}
    assert not {f"event-{e.pk}@testserver" for e in hidden} & uids
    name = one(components[-1]["props"], "X-WR-CALNAME")[1]
    assert town.name in unescape(name)
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


def test_fold_and_escape():
    line = "DESCRIPTION:" + "ä" * 80
    folded = ical.fold(line)
    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))
    assert "".join(ical.iter_unfolded(folded + "\r\n")) == line
    assert ical.escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    assert ical.fold("X" * 75) == "X" * 75
