"""Events as iCalendar (RFC 5545), and the occurrences of repeating events.

The calendar is written with `icalendar` and repeating events are expanded with
`dateutil.rrule`, both well-kept libraries, so the wire format (CRLF, folding at 75
octets without splitting UTF-8, TEXT escaping) and the recurrence arithmetic (a monthly
event on the 31st skips shorter months) are theirs, not ours:

- times are local with `TZID=<TIME_ZONE>` and a matching VTIMEZONE generated from the
  zone database (so a weekly event stays at 18:00 across daylight saving time); a site
  on UTC writes UTC times;
- a repeating event carries an RRULE (FREQ=DAILY|WEEKLY|MONTHLY, UNTIL in UTC as
  RFC 5545 3.3.10 requires when DTSTART has a TZID);
- UID is stable per event (`event-<pk>@<domain>`), DTSTAMP/LAST-MODIFIED come from
  the item, SEQUENCE is its version.

`occurrences()` expands the same rule the calendar carries (one `rrule` built by
`event_rule()`), so the migrant app's lists and the calendar agree.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import icalendar
from dateutil import rrule
from django.conf import settings
from django.utils import timezone
from django.utils.html import strip_tags

from apps.content.mentions import mentions_to_plain_text
from apps.content.models import Event, Office, Recurrence

PRODID = "-//micado//Events//EN"
FREQUENCIES = {
    Recurrence.DAILY: rrule.DAILY,
    Recurrence.WEEKLY: rrule.WEEKLY,
    Recurrence.MONTHLY: rrule.MONTHLY,
}
# The zone's rules are written out for this span (VTIMEZONE observances).
ZONE_SPAN = (dt.date(1970, 1, 1), dt.date(2038, 1, 1))


# --- occurrences ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Occurrence:
    event: Event
    start: dt.datetime
    end: dt.datetime | None

    @property
    def repeats(self) -> bool:
        return bool(self.event.recurrence)


def _local_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def _until(event: Event) -> dt.datetime | None:
    """The last local day of a repeating event, inclusive, as an aware local time."""
    if not event.recurrence_until:
        return None
    return dt.datetime.combine(event.recurrence_until, dt.time(23, 59, 59), tzinfo=_local_zone())


def event_rule(event: Event) -> rrule.rrule | None:
    """The recurrence of `event` in local wall-clock time (naive), or None for a one-off."""
    freq = FREQUENCIES.get(event.recurrence)
    if freq is None:
        return None
    zone = _local_zone()
    until = _until(event)
    return rrule.rrule(
        freq,
        dtstart=event.start.astimezone(zone).replace(tzinfo=None),
        until=until.replace(tzinfo=None) if until else None,
    )


def occurrences(
    event: Event,
    *,
    after: dt.datetime | None = None,
    before: dt.datetime | None = None,
    limit: int = 10,
) -> list[Occurrence]:
    """Occurrences of `event` not over at `after` (default now) and starting before
    `before` (if given), at most `limit`. A one-off event has at most one."""
    after = after or timezone.now()
    duration = (event.end - event.start) if event.end and event.end > event.start else None

    def make(start: dt.datetime) -> Occurrence:
        return Occurrence(event, start, start + duration if duration else None)

    rule = event_rule(event)
    if rule is None:
        occ = make(event.start)
        if (occ.end or occ.start) >= after and (before is None or occ.start < before):
            return [occ]
        return []
    zone = _local_zone()
    # Look back by the duration too, so an occurrence that started but is not over counts.
    look_from = (after - (duration or dt.timedelta())).astimezone(zone).replace(tzinfo=None)
    found: list[Occurrence] = []
    for wall in rule.xafter(look_from, inc=True):
        start = wall.replace(tzinfo=zone).astimezone(dt.UTC)
        if (before is not None and start >= before) or len(found) >= limit:
            break
        occ = make(start)
        if (occ.end or occ.start) >= after:
            found.append(occ)
    return found


def occurrences_between(
    events: Iterable[Event],
    *,
    after: dt.datetime,
    before: dt.datetime | None,
    per_event: int,
) -> list[Occurrence]:
    """Occurrences of all `events` in the window, soonest first (no queries)."""
    result = [
        occ
        for event in events
        for occ in occurrences(event, after=after, before=before, limit=per_event)
    ]
    result.sort(key=lambda o: (o.start, o.event.pk))
    return result


# --- writing --------------------------------------------------------------------------------


_BLOCK_END = re.compile(r"</(p|h[1-6]|li|blockquote|tr|table|ul|ol)>|<hr\s*/?>", re.I)
_BREAK = re.compile(r"<br\s*/?>", re.I)


def _plain(value: str | None) -> str:
    """Sanitised HTML as plain text: paragraphs separated by a blank line."""
    text = mentions_to_plain_text(value or "")
    text = _BREAK.sub("\n", _BLOCK_END.sub("\n\n", text))
    text = strip_tags(text).replace("\xa0", " ")
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


@dataclass(frozen=True)
class EventTexts:
    """What a calendar entry says, already in the reader's language."""

    title: str
    description: str = ""
    location: str = ""
    url: str = ""


def office_location(office: Office | None, name: str = "") -> str:
    if office is None:
        return ""
    town = " ".join(part for part in (office.postcode, office.city) if part)
    parts = [name or office.name, office.address.replace("\n", ", ").strip(), town]
    return ", ".join(part for part in parts if part)


def _local(value: dt.datetime) -> dt.datetime:
    """A time as the calendar writes it: local with a TZID, or UTC on a UTC site."""
    if settings.TIME_ZONE == "UTC":
        return value.astimezone(dt.UTC)
    return value.astimezone(_local_zone())


def vevent(event: Event, texts: EventTexts, *, domain: str) -> icalendar.Event:
    component = icalendar.Event()
    component.add("uid", f"event-{event.pk}@{domain}")
    component.add("dtstamp", (event.updated_at or timezone.now()).astimezone(dt.UTC))
    component.add("dtstart", _local(event.start))
    if event.end and event.end > event.start:
        component.add("dtend", _local(event.end))
    freq = FREQUENCIES.get(event.recurrence)
    if freq is not None:
        recur = {"freq": event.recurrence.upper()}
        until = _until(event)
        if until:
            recur["until"] = until.astimezone(dt.UTC)
        component.add("rrule", recur)
    component.add("summary", _plain(texts.title))
    description = _plain(texts.description)
    if description:
        component.add("description", description)
    if texts.location:
        component.add("location", texts.location)
    office = event.office
    if office is not None and office.latitude is not None and office.longitude is not None:
        component.add("geo", (float(office.latitude), float(office.longitude)))
    if texts.url:
        component.add("url", texts.url)
    if event.updated_at:
        component.add("last-modified", event.updated_at.astimezone(dt.UTC))
    component.add("sequence", event.version)
    return component


def calendar_text(
    entries: Iterable[tuple[Event, EventTexts]], *, domain: str, name: str = ""
) -> str:
    """A whole VCALENDAR with one VEVENT per (event, texts), as RFC 5545 text."""
    cal = icalendar.Calendar()
    cal.add("version", "2.0")
    cal.add("prodid", PRODID)
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    if name:
        cal.add("x-wr-calname", name)
    if settings.TIME_ZONE != "UTC":
        cal.add("x-wr-timezone", settings.TIME_ZONE)
        cal.add_component(
            icalendar.Timezone.from_tzinfo(
                _local_zone(), settings.TIME_ZONE, first_date=ZONE_SPAN[0], last_date=ZONE_SPAN[1]
            )
        )
    for event, texts in entries:
        cal.add_component(vevent(event, texts, domain=domain))
    return cal.to_ical().decode("utf-8")
