"""Events as iCalendar (RFC 5545), and the occurrences of repeating events.

Small on purpose: a calendar of events needs VCALENDAR, one VTIMEZONE and VEVENTs
with a handful of properties, so this module writes them itself rather than
pulling in a library. What RFC 5545 asks for and this module does:

- lines end with CRLF and are folded at 75 octets (never inside a UTF-8 sequence);
  continuation lines start with one space (3.1);
- TEXT values escape backslash, semicolon, comma and newlines (3.3.11);
- times are local with `TZID=Europe/Berlin` and a matching VTIMEZONE when the site's
  time zone is Europe/Berlin (so a weekly event stays at 18:00 across daylight
  saving time), otherwise UTC (`...Z`);
- a repeating event carries an RRULE (FREQ=DAILY|WEEKLY|MONTHLY, UNTIL in UTC as
  3.3.10 requires when DTSTART has a TZID);
- UID is stable per event (`event-<pk>@<domain>`), DTSTAMP/LAST-MODIFIED come from
  the item, SEQUENCE is its version.

`occurrences()` expands the same rule for the migrant app's lists, so the list and
the calendar agree (a monthly event on the 31st skips shorter months, like RRULE).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.html import strip_tags

from apps.content.mentions import mentions_to_plain_text
from apps.content.models import Event, Office, Recurrence

CRLF = "\r\n"
LINE_OCTETS = 75
PRODID = "-//micado//Events//EN"
BERLIN = "Europe/Berlin"
# Central European Time with the EU's daylight-saving rule (since 1996).
VTIMEZONE_BERLIN = (
    "BEGIN:VTIMEZONE",
    "TZID:Europe/Berlin",
    "X-LIC-LOCATION:Europe/Berlin",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0200",
    "TZNAME:CEST",
    "DTSTART:19700329T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0200",
    "TZOFFSETTO:+0100",
    "TZNAME:CET",
    "DTSTART:19701025T030000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
)
RRULE_FREQ = {
    Recurrence.DAILY: "DAILY",
    Recurrence.WEEKLY: "WEEKLY",
    Recurrence.MONTHLY: "MONTHLY",
}


# --- occurrences ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Occurrence:
    event: Event
    start: dt.datetime
    end: dt.datetime | None
    index: int  # 0 for the first one (the event's own start)

    @property
    def repeats(self) -> bool:
        return bool(self.event.recurrence)


def _local_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def _nth_start(local_start: dt.datetime, recurrence: str, n: int) -> dt.datetime | None:
    """The n-th start in local wall-clock time, or None if that month lacks the day."""
    if recurrence == Recurrence.DAILY:
        return local_start + dt.timedelta(days=n)
    if recurrence == Recurrence.WEEKLY:
        return local_start + dt.timedelta(weeks=n)
    months = local_start.month - 1 + n
    year, month = local_start.year + months // 12, months % 12 + 1
    if local_start.day > calendar.monthrange(year, month)[1]:
        return None
    return local_start.replace(year=year, month=month)


def _first_index(local_start: dt.datetime, recurrence: str, after: dt.datetime) -> int:
    """An index at or a little before the first occurrence starting after `after`."""
    if after <= local_start:
        return 0
    if recurrence == Recurrence.MONTHLY:
        months = (after.year - local_start.year) * 12 + after.month - local_start.month
        return max(0, months - 1)
    step = 7 if recurrence == Recurrence.WEEKLY else 1
    return max(0, (after - local_start).days // step - 1)


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

    def make(start: dt.datetime, index: int) -> Occurrence:
        return Occurrence(event, start, start + duration if duration else None, index)

    def wanted(occ: Occurrence) -> bool:
        return (occ.end or occ.start) >= after

    if not event.recurrence or event.recurrence not in RRULE_FREQ:
        occ = make(event.start, 0)
        if wanted(occ) and (before is None or occ.start < before):
            return [occ]
        return []
    zone = _local_zone()
    local_start = event.start.astimezone(zone).replace(tzinfo=None)
    # Look back by the duration too, so an occurrence that started but is not over counts.
    look_from = (after - (duration or dt.timedelta())).astimezone(zone).replace(tzinfo=None)
    until = event.recurrence_until
    found: list[Occurrence] = []
    n = _first_index(local_start, event.recurrence, look_from)
    misses = 0
    while len(found) < limit and misses < 24:
        wall = _nth_start(local_start, event.recurrence, n)
        n += 1
        if wall is None:  # a month without that day (e.g. the 31st)
            misses += 1
            continue
        misses = 0
        if until and wall.date() > until:
            break
        start = wall.replace(tzinfo=zone).astimezone(dt.UTC)
        if before is not None and start >= before:
            break
        occ = make(start, n - 1)
        if wanted(occ):
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


def escape_text(value: str) -> str:
    """TEXT value escaping (RFC 5545 3.3.11)."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\r", "\\n")
        .replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """Fold a content line at 75 octets without splitting a UTF-8 character (3.1)."""
    out: list[str] = []
    current, size, limit = [], 0, LINE_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            out.append("".join(current))
            current, size, limit = [" "], 1, LINE_OCTETS
        current.append(char)
        size += width
    out.append("".join(current))
    return CRLF.join(out)


def _utc(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def _time_property(name: str, value: dt.datetime) -> str:
    if settings.TIME_ZONE == BERLIN:
        local = value.astimezone(ZoneInfo(BERLIN))
        return f"{name};TZID={BERLIN}:{local.strftime('%Y%m%dT%H%M%S')}"
    return f"{name}:{_utc(value)}"


def _rrule(event: Event) -> str | None:
    freq = RRULE_FREQ.get(event.recurrence)
    if not freq:
        return None
    rule = f"RRULE:FREQ={freq}"
    if event.recurrence_until:
        # The last local day, inclusive, as a UTC time (required with a TZID DTSTART).
        last = dt.datetime.combine(event.recurrence_until, dt.time(23, 59, 59))
        rule += f";UNTIL={_utc(last.replace(tzinfo=_local_zone()))}"
    return rule


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


def vevent_lines(event: Event, texts: EventTexts, *, domain: str) -> list[str]:
    lines = [
        "BEGIN:VEVENT",
        f"UID:event-{event.pk}@{domain}",
        f"DTSTAMP:{_utc(event.updated_at or timezone.now())}",
        _time_property("DTSTART", event.start),
    ]
    if event.end and event.end > event.start:
        lines.append(_time_property("DTEND", event.end))
    rule = _rrule(event)
    if rule:
        lines.append(rule)
    lines.append(f"SUMMARY:{escape_text(_plain(texts.title))}")
    description = _plain(texts.description)
    if description:
        lines.append(f"DESCRIPTION:{escape_text(description)}")
    if texts.location:
        lines.append(f"LOCATION:{escape_text(texts.location)}")
    office = event.office
    if office is not None and office.latitude is not None and office.longitude is not None:
        lines.append(f"GEO:{float(office.latitude):.6f};{float(office.longitude):.6f}")
    if texts.url:
        lines.append(f"URL:{texts.url}")
    if event.updated_at:
        lines.append(f"LAST-MODIFIED:{_utc(event.updated_at)}")
    lines += [f"SEQUENCE:{event.version}", "END:VEVENT"]
    return lines


def calendar_text(
    entries: Iterable[tuple[Event, EventTexts]], *, domain: str, name: str = ""
) -> str:
    """A whole VCALENDAR with one VEVENT per (event, texts), lines folded, CRLF."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN"]
    lines.append("METHOD:PUBLISH")
    if name:
        lines.append(f"X-WR-CALNAME:{escape_text(name)}")
    if settings.TIME_ZONE == BERLIN:
        lines.append(f"X-WR-TIMEZONE:{BERLIN}")
        lines.extend(VTIMEZONE_BERLIN)
    for event, texts in entries:
        lines.extend(vevent_lines(event, texts, domain=domain))
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + CRLF for line in lines)


def iter_unfolded(text: str) -> Iterator[str]:
    """Content lines of an iCalendar text with folding undone (for readers and tests)."""
    current: str | None = None
    for raw in text.split(CRLF):
        if raw.startswith((" ", "\t")) and current is not None:
            current += raw[1:]
            continue
        if current is not None:
            yield current
        current = raw
    if current:
        yield current
