"""What every importer shares: parsing values and periods, finding regions, writing rows.

An importer turns its input into `ObservationRow`s (each with the line it came
from); `observations_write` checks them all and writes them in bulk, or raises
`ImportFailed` with every bad line and writes nothing (the caller holds the
transaction).
"""

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from apps.dashboard.models import ImportBatch, Indicator, Observation, QualityFlag
from apps.regions.models import FEDERATION_CODE, Region, RegionLevel

Progress = Callable[[int, int], None]
MAX_ERRORS = 100
# DecimalField(max_digits=22, decimal_places=6)
MAX_ABS_VALUE = Decimal("1e16")
# GENESIS markers that stand in for a value: "-" means exactly nothing (zero),
# the others mean the value is unknown, secret, not applicable or not yet there.
MISSING_MARKERS = {".", "x", "...", "/"}
FLAGS = {choice.value for choice in QualityFlag}

MONTHS_DE = {
    "januar": 1,
    "februar": 2,
    "märz": 3,
    "april": 4,
    "mai": 5,
    "juni": 6,
    "juli": 7,
    "august": 8,
    "september": 9,
    "oktober": 10,
    "november": 11,
    "dezember": 12,
}
_DATE_DE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_DATE_ISO = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")
_YEAR = re.compile(r"^(\d{4})$")
_QUARTER = re.compile(r"^(?:(\d)\.\s*Quartal\s+(\d{4})|(\d{4})-?Q([1-4]))$", re.IGNORECASE)
_MONTH_DE = re.compile(r"^([A-Za-zäÄ]+)\s+(\d{4})$")


@dataclass
class ObservationRow:
    line: int
    indicator: str
    region: str
    period: str
    value: Decimal | None
    quality: str = ""
    source: str = ""


@dataclass
class ImportFailed(Exception):
    """The input has errors; nothing was written. `errors` holds (line, message) pairs."""

    errors: list[tuple[int, str]] = field(default_factory=list)

    def __str__(self) -> str:
        return "\n".join(
            _("line %(line)d: %(message)s") % {"line": line, "message": message}
            for line, message in self.errors
        )


@dataclass
class WriteResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


class ErrorList(list):
    """Errors as (line, message); stops growing at MAX_ERRORS so a bad file stays readable."""

    def add(self, line: int, message: str) -> None:
        if len(self) < MAX_ERRORS:
            self.append((line, message))


def parse_period(text: str) -> str:
    """Normalise a period: 31.12.2018 -> 2018-12-31, 2010 -> 2010, März 2020 -> 2020-03."""
    text = " ".join((text or "").split())
    if m := _DATE_DE.match(text):
        day, month, year = int(m[1]), int(m[2]), m[3]
        if 1 <= month <= 12 and 1 <= day <= 31:
            return f"{year}-{month:02d}-{day:02d}"
    elif m := _DATE_ISO.match(text):
        if 1 <= int(m[2]) <= 12 and (m[3] is None or 1 <= int(m[3]) <= 31):
            return text
    elif _YEAR.match(text):
        return text
    elif m := _QUARTER.match(text):
        quarter, year = (m[1], m[2]) if m[1] else (m[4], m[3])
        if 1 <= int(quarter) <= 4:
            return f"{year}-Q{quarter}"
    elif (m := _MONTH_DE.match(text)) and m[1].lower() in MONTHS_DE:
        return f"{m[2]}-{MONTHS_DE[m[1].lower()]:02d}"
    raise ValueError(_("“%(value)s” is not a period I can read.") % {"value": text})


def parse_number(text: str, *, decimal_comma: bool) -> Decimal:
    raw = text.strip().replace("\u00a0", "").replace(" ", "")
    if decimal_comma:
        raw = raw.replace(".", "").replace(",", ".")
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise ValueError(_("“%(value)s” is not a number.") % {"value": text}) from None
    if not value.is_finite() or abs(value) >= MAX_ABS_VALUE:
        raise ValueError(_("“%(value)s” is out of range.") % {"value": text})
    return value


def parse_value(text: str, flag: str, *, decimal_comma: bool) -> tuple[Decimal | None, str]:
    """A value and its quality flag; GENESIS markers in the value cell become flags."""
    text = (text or "").strip()
    flag = (flag or "").strip()
    if flag not in FLAGS:
        raise ValueError(_("“%(flag)s” is not a known quality flag.") % {"flag": flag})
    if text == "-":
        return Decimal(0), "-"
    if text in MISSING_MARKERS:
        return None, text
    if text == "":
        return None, flag or "."
    return parse_number(text, decimal_comma=decimal_comma), flag


def _fold(name: str) -> str:
    return unicodedata.normalize("NFC", " ".join(name.split())).casefold()


REGION_ALIASES = {"deutschland": FEDERATION_CODE, "germany": FEDERATION_CODE}
_LEADING_KEY = re.compile(r"^(\d{2}|\d{5}|\d{8})\b")


class RegionResolver:
    """Finds regions by official key, ISO code (DE-BW) or unique name; one query per batch."""

    def __init__(self, keys: Iterable[str]):
        keys = {k.strip() for k in keys}
        codes = set()
        for key in keys:
            if m := _LEADING_KEY.match(key):
                codes.add(m[1])
            codes.add(key)
        qs = Region.objects.only("pk", "code", "iso_code", "name", "level")
        found = list(qs.filter(code__in=codes)) + list(
            qs.filter(iso_code__in=codes).exclude(iso_code="")
        )
        names = {_fold(k) for k in keys if not k[:1].isdigit()}
        if names:
            found += [
                r for r in qs.filter(level__lte=RegionLevel.DISTRICT) if _fold(r.name) in names
            ]
        self.by_code = {r.code: r for r in found}
        self.by_iso = {r.iso_code: r for r in found if r.iso_code}
        self.by_name: dict[str, list[Region]] = {}
        for r in {r.pk: r for r in found}.values():
            self.by_name.setdefault(_fold(r.name), []).append(r)

    def get(self, key: str) -> Region:
        key = key.strip()
        alias = REGION_ALIASES.get(_fold(key))
        if alias:
            key = alias
        if key in self.by_code:
            return self.by_code[key]
        if key in self.by_iso:
            return self.by_iso[key]
        if (m := _LEADING_KEY.match(key)) and m[1] in self.by_code:
            return self.by_code[m[1]]
        matches = self.by_name.get(_fold(key), [])
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            raise ValueError(
                _("The region name “%(name)s” is ambiguous; use the official key.") % {"name": key}
            )
        raise ValueError(_("Unknown region “%(name)s”.") % {"name": key})


def observations_write(
    *,
    rows: list[ObservationRow],
    batch: ImportBatch | None,
    errors: ErrorList | None = None,
    progress: Progress | None = None,
) -> WriteResult:
    """Check every row, then create new and update changed observations in bulk.

    Raises ImportFailed (with the errors found while parsing, if any) before
    writing anything; call inside transaction.atomic().
    """
    errors = errors if errors is not None else ErrorList()
    indicators = {
        i.code: i
        for i in Indicator.objects.filter(code__in={r.indicator for r in rows}).only("pk", "code")
    }
    resolver = RegionResolver({r.region for r in rows})
    keyed: dict[tuple[int, int, str], ObservationRow] = {}
    first_line: dict[tuple[int, int, str], int] = {}
    for row in rows:
        indicator = indicators.get(row.indicator)
        if indicator is None:
            errors.add(row.line, _("Unknown indicator “%(code)s”.") % {"code": row.indicator})
            continue
        try:
            region = resolver.get(row.region)
        except ValueError as exc:
            errors.add(row.line, str(exc))
            continue
        key = (indicator.pk, region.pk, row.period)
        if key in keyed:
            errors.add(
                row.line,
                _("%(indicator)s for %(region)s in %(period)s was already given in line %(first)d.")
                % {
                    "indicator": row.indicator,
                    "region": region.name,
                    "period": row.period,
                    "first": first_line[key],
                },
            )
            continue
        keyed[key] = row
        first_line[key] = row.line
    if errors:
        raise ImportFailed(sorted(errors))

    total = len(keyed)
    existing = {
        (o.indicator_id, o.region_id, o.period): o
        for o in Observation.objects.filter(
            indicator_id__in={k[0] for k in keyed}, period__in={k[2] for k in keyed}
        ).only("pk", "indicator_id", "region_id", "period", "value", "quality", "source")
    }
    result = WriteResult()
    new: list[Observation] = []
    changed: list[Observation] = []
    for done, (key, row) in enumerate(keyed.items(), start=1):
        obs = existing.get(key)
        if obs is None:
            new.append(
                Observation(
                    indicator_id=key[0],
                    region_id=key[1],
                    period=key[2],
                    value=row.value,
                    quality=row.quality,
                    source=row.source,
                    batch=batch,
                )
            )
        elif (obs.value, obs.quality, obs.source) != (row.value, row.quality, row.source):
            obs.value, obs.quality, obs.source, obs.batch = (
                row.value,
                row.quality,
                row.source,
                batch,
            )
            changed.append(obs)
        else:
            result.unchanged += 1
        if len(new) >= 2000:
            Observation.objects.bulk_create(new, batch_size=2000)
            result.created += len(new)
            new = []
        if progress and done % 5000 == 0:
            progress(done, total)
    if new:
        Observation.objects.bulk_create(new, batch_size=2000)
        result.created += len(new)
    if changed:
        Observation.objects.bulk_update(
            changed, ["value", "quality", "source", "batch"], batch_size=1000
        )
        result.updated = len(changed)
    if progress:
        progress(total, total)
    return result
