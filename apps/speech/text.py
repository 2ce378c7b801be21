"""What the voice says: content texts prepared for a speech engine, per language.

- markup stripped (block elements end a sentence), mentions read as their words;
- abbreviations a voice would spell out written out (`ABBREVIATIONS`, per language);
- phone numbers read digit by digit; weekday names and ranges ("Mo–Fr 8:00–12:00")
  read in full; dates, times and prices read in words of the language; other numbers
  in words where num2words knows the language (ar, prs via Persian, nl, en, de, it,
  ru, es, uk); Chinese and Urdu keep their digits, which espeak-ng reads itself;
- sentences one per line (a backend may cut there; espeak-ng pauses);
- items read in a natural order: a process's introduction, each step as "Step 1 of 5:
  title. … Cost: … Documents you need: …", with connecting phrases translated
  (gettext inside `translation.override(language)`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from html import unescape

from django.utils import timezone, translation
from django.utils.dates import MONTHS_ALT, WEEKDAYS, WEEKDAYS_ABBR
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from modeltranslation.utils import build_localized_fieldname
from num2words import num2words

from apps.content.fields import texts as content_texts
from apps.content.mentions import mentions_to_plain_text

# num2words' language for ours; missing (zh-hans, ur): digits stay, espeak-ng reads them.
NUM2WORDS = {
    "ar": "ar",
    "prs": "fa",
    "nl": "nl",
    "en": "en",
    "de": "de",
    "it": "it",
    "ru": "ru",
    "es": "es",
    "uk": "uk",
}
# Where the day of a date is read as an ordinal ("the twelfth of March").
ORDINAL_DAYS = {"en", "de", "nl"}
# Decimal comma languages read "1.000" as a thousand; English reads "1,000".
DECIMAL_POINT = {"en", "zh-hans", "ur", "ar", "prs"}

# Content abbreviations (text in that language, not interface strings): pattern -> words.
ABBREVIATIONS: dict[str, list[tuple[str, str]]] = {
    "de": [
        (r"z\.\s?B\.", "zum Beispiel"),
        (r"d\.\s?h\.", "das heißt"),
        (r"u\.\s?a\.", "unter anderem"),
        (r"usw\.", "und so weiter"),
        (r"bzw\.", "beziehungsweise"),
        (r"ggf\.", "gegebenenfalls"),
        (r"inkl\.", "inklusive"),
        (r"ca\.", "circa"),
        (r"Nr\.", "Nummer"),
        (r"Tel\.", "Telefon"),
        (r"Str\.", "Straße"),
        (r"evtl\.", "eventuell"),
        (r"Mo\.-Fr\.", "Montag bis Freitag"),
    ],
    "en": [
        (r"e\.\s?g\.", "for example"),
        (r"i\.\s?e\.", "that is"),
        (r"etc\.", "et cetera"),
        (r"approx\.", "approximately"),
        (r"No\.(?=\s?\d)", "number"),
        (r"Tel\.", "telephone"),
    ],
    "nl": [
        (r"bijv\.", "bijvoorbeeld"),
        (r"o\.\s?a\.", "onder andere"),
        (r"enz\.", "enzovoort"),
        (r"ca\.", "circa"),
        (r"nr\.", "nummer"),
        (r"tel\.", "telefoon"),
    ],
    "it": [
        (r"ad es\.", "ad esempio"),
        (r"ecc\.", "eccetera"),
        (r"ca\.", "circa"),
        (r"n\.(?=\s?\d)", "numero"),
        (r"tel\.", "telefono"),
    ],
    "es": [
        (r"p\.\s?ej\.", "por ejemplo"),
        (r"etc\.", "etcétera"),
        (r"aprox\.", "aproximadamente"),
        (r"núm\.", "número"),
        (r"tel\.", "teléfono"),
    ],
    "ru": [
        (r"т\.\s?е\.", "то есть"),
        (r"и т\.\s?д\.", "и так далее"),
        (r"и т\.\s?п\.", "и тому подобное"),
        (r"напр\.", "например"),
        (r"ок\.", "около"),
        (r"тел\.", "телефон"),
    ],
    "uk": [
        (r"і т\.\s?д\.", "і так далі"),
        (r"т\.\s?з\.", "так званий"),
        (r"напр\.", "наприклад"),
        (r"тел\.", "телефон"),
    ],
}

_BLOCK = re.compile(r"</?(?:p|li|h[1-6]|br|tr|blockquote|div|ul|ol|table)\b[^>]*>", re.I)
_DASH = r"\s*[–—-]\s*"
_PHONE = re.compile(r"(?<![\w.,])\+?\d[\d /-]{6,}\d(?!\w)")
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_DOT_DATE = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b")
_TIME = r"(?:[01]?\d|2[0-3])(?::[0-5]\d)?"
_TIME_RANGE = re.compile(rf"\b({_TIME}){_DASH}({_TIME})(\s*Uhr\b)?")
_CLOCK = re.compile(r"\b([01]?\d|2[0-3])[:](\d{2})\b(\s*Uhr\b)?|\b([01]?\d|2[0-3])\s*Uhr\b")
_AMOUNT = r"(\d{1,3}(?:[.,]\d{3})+|\d+)(?:[.,](\d{2}))?(?!\d)"
_PRICE = re.compile(rf"(?:€\s?{_AMOUNT})|(?:(?<![\d.,]){_AMOUNT}\s?(?:€|EUR\b|Euro\b|euro\b))")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_SENTENCE_END = re.compile(r"(?<=[.!?؟。！？۔])\s+")
_ENDS = tuple(".!?؟。！？۔:;")


def to_plain(value: str | None) -> str:
    """Markup and mention markers removed; block elements end a line."""
    text = mentions_to_plain_text(value or "")
    text = _BLOCK.sub("\n", text)
    text = unescape(strip_tags(text))
    lines = (re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def number_words(value: int | float, language: str, *, to: str = "cardinal") -> str:
    code = NUM2WORDS.get(language)
    if not code:
        return str(value)
    try:
        return num2words(value, lang=code, to=to)
    except (NotImplementedError, OverflowError, ValueError, TypeError):
        return str(value)


def _numeric(raw: str, language: str) -> int | float:
    if language in DECIMAL_POINT:
        thousands, decimal = ",", "."
    else:
        thousands, decimal = ".", ","
    parts = raw.split(decimal)
    whole = parts[0]
    if re.fullmatch(rf"\d{{1,3}}(?:{re.escape(thousands)}\d{{3}})+", whole):
        whole = whole.replace(thousands, "")
    if not whole.isdigit():
        raise ValueError(raw)
    if len(parts) == 2 and parts[1].isdigit():
        return float(f"{whole}.{parts[1]}")
    if len(parts) > 2:
        raise ValueError(raw)
    return int(whole)


def _say_number(match: re.Match, language: str) -> str:
    raw = match.group(0)
    try:
        value = _numeric(raw, language)
    except ValueError:
        return raw
    if isinstance(value, float) and language == "ar":
        return raw  # num2words' Arabic decimals are not how people say them
    return number_words(value, language)


def _weekday_patterns() -> list[tuple[re.Pattern, str]]:
    """The weekday abbreviations of the active language (Django's catalogs) -> names."""
    out = []
    for i in range(7):
        abbr, name = str(WEEKDAYS_ABBR[i]), str(WEEKDAYS[i])
        if abbr and abbr != name:
            out.append((re.compile(rf"(?<!\w){re.escape(abbr)}\.?(?!\w)"), name))
    return out


def _range(start: str, end: str) -> str:
    return _("%(start)s to %(end)s") % {"start": start, "end": end}


def _clock(hours: int, minutes: int, language: str) -> str:
    h = number_words(hours, language)
    if minutes:
        return _("%(hours)s %(minutes)s") % {
            "hours": h,
            "minutes": number_words(minutes, language),
        }
    return _("%(hours)s o'clock") % {"hours": h}


def _say_time(token: str, language: str, *, bare_hours: bool) -> str:
    if ":" in token:
        hours, minutes = token.split(":")
        return _clock(int(hours), int(minutes), language)
    return _clock(int(token), 0, language) if bare_hours else number_words(int(token), language)


def _say_date(day: int, month: int, year: int, language: str) -> str | None:
    try:
        date(year, month, day)
    except ValueError:
        return None
    to = "ordinal" if language in ORDINAL_DAYS else "cardinal"
    return _("%(day)s %(month)s %(year)s") % {
        "day": number_words(day, language, to=to),
        "month": str(MONTHS_ALT[month]),
        "year": number_words(year, language, to="year" if language == "en" else "cardinal"),
    }


def _say_price(match: re.Match, language: str) -> str:
    euros = int(re.sub(r"\D", "", match.group(1) or match.group(3)))
    cents = int(match.group(2) or match.group(4) or 0)
    euro_words = number_words(euros, language)
    if cents:
        return _("%(euros)s euros %(cents)s cents") % {
            "euros": euro_words,
            "cents": number_words(cents, language),
        }
    return ngettext("%(euros)s euro", "%(euros)s euros", euros) % {"euros": euro_words}


def speakable(text: str, language: str) -> str:
    """One plain text with abbreviations, dates, times, prices and numbers in words.
    Call inside translation.override(language) (the connecting words are gettext)."""
    for pattern, words in ABBREVIATIONS.get(language, ()):
        text = re.sub(rf"(?<!\w){pattern}", words, text)
    # Phone numbers digit by digit (before ranges: "040 428 28-0" is not "28 to 0").
    text = _PHONE.sub(lambda m: " ".join(ch for ch in m.group(0) if ch.isdigit()), text)
    text = _ISO_DATE.sub(
        lambda m: _say_date(int(m[3]), int(m[2]), int(m[1]), language) or m[0], text
    )
    text = _DOT_DATE.sub(
        lambda m: _say_date(int(m[1]), int(m[2]), int(m[3]), language) or m[0], text
    )
    weekdays = _weekday_patterns()
    if weekdays:
        names = "|".join(p.pattern for p, _name in weekdays)
        wd_range = re.compile(rf"({names}){_DASH}({names})")

        def full(token: str) -> str:
            for pattern, name in weekdays:
                if pattern.fullmatch(token):
                    return name
            return token

        text = wd_range.sub(lambda m: _range(full(m[1]), full(m[2])), text)
        for pattern, name in weekdays:  # "Mo 9:00", "Di, Do": followed by a digit or list
            text = re.sub(rf"{pattern.pattern}(?=\s*[\d,])", name, text)
    text = _PRICE.sub(lambda m: _say_price(m, language), text)

    def time_range(m: re.Match) -> str:
        clockish = bool(m[3]) or ":" in m[1] or ":" in m[2]
        start = _say_time(m[1], language, bare_hours=False)
        end = _say_time(m[2], language, bare_hours=clockish)
        return _range(start, end)

    text = _TIME_RANGE.sub(time_range, text)
    text = _CLOCK.sub(
        lambda m: (
            _clock(int(m[1]), int(m[2]), language) if m[1] else _clock(int(m[4]), 0, language)
        ),
        text,
    )
    text = _NUMBER.sub(lambda m: _say_number(m, language), text)
    return text


def sentences(text: str) -> list[str]:
    out = []
    for line in text.splitlines():
        out += [s.strip() for s in _SENTENCE_END.split(line) if s.strip()]
    return out


def _end(sentence: str, language: str) -> str:
    if sentence.endswith(_ENDS):
        return sentence
    return sentence + ("。" if language == "zh-hans" else ".")


def prepare(parts: Iterable[str], language: str) -> str:
    """Texts (plain or rich) -> the prepared text: one sentence per line, each ended."""
    lines: list[str] = []
    with translation.override(language):
        for part in parts:
            plain = to_plain(part)
            if plain:
                lines += [_end(s, language) for s in sentences(speakable(plain, language))]
    return "\n".join(lines)


# --- items --------------------------------------------------------------------------------


def field(obj, name: str, language: str) -> str:
    """The text of a translated field in exactly this language ("" if not translated)."""
    return getattr(obj, build_localized_fieldname(name, language), "") or ""


def _labelled(template: str, value: str, key: str) -> str:
    return template % {key: value} if value else ""


def item_parts(item, language: str) -> list[str]:
    """The texts of an item (for a process: its introduction) in reading order: its title,
    summary and body as the content field registry names them, then when and where."""
    model = item._meta.model_name
    f = lambda name: field(item, name, language)  # noqa: E731
    parts = [f(name) for name in content_texts(type(item)).all]
    if model == "event":
        start = timezone.localtime(item.start)
        parts.append(_("When: %(date)s") % {"date": start.strftime("%d.%m.%Y %H:%M")})
        parts.append(_labelled(_("Where: %(place)s"), f("location"), "place"))
        parts.append(_labelled(_("Cost: %(cost)s"), f("cost"), "cost"))
    elif model == "course":
        parts.append(_labelled(_("When: %(date)s"), f("schedule"), "date"))
        parts.append(_labelled(_("Where: %(place)s"), f("location"), "place"))
        parts.append(_labelled(_("Cost: %(cost)s"), f("cost"), "cost"))
    return parts


def _names(documents, language: str) -> str:
    return ", ".join(n for n in (field(d, "name", language) for d in documents) if n)


def step_parts(step, *, number: int, total: int, language: str) -> list[str]:
    """A step read in a natural order: where it is in the process, what to do, what it
    costs and takes, where to go (and when it is open), what to bring and what you get."""
    f = lambda name: field(step, name, language)  # noqa: E731
    parts = [
        _("Step %(number)s of %(total)s: %(title)s")
        % {"number": number, "total": total, "title": f("title")},
        f("description"),
        _labelled(_("Cost: %(cost)s"), f("cost"), "cost"),
        _labelled(_("How long it takes: %(duration)s"), f("duration"), "duration"),
    ]
    office = step.office
    if office is not None and office.status == "published":
        place = ", ".join(
            p for p in (field(office, "name", language), office.address, office.city) if p
        )
        parts.append(_labelled(_("Where: %(place)s"), place, "place"))
        hours = field(office, "opening_hours", language)
        parts.append(_labelled(_("Opening hours: %(hours)s"), hours, "hours"))
    required = _names(step.required_documents.all(), language)
    parts.append(_labelled(_("Documents you need: %(documents)s"), required, "documents"))
    produced = _names(step.produced_documents.all(), language)
    parts.append(_labelled(_("You receive: %(documents)s"), produced, "documents"))
    return parts
