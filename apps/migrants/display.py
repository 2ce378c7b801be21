"""How content is shown to migrants: the language each text is served in, mentions
turned into links, the glossary's A to Z, a process as a readable flow, topic icons.

Pure Python over objects already loaded: nothing here queries the database
except `mention_targets_for` (one query per kind of mention, via the selectors).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils.translation import get_language_info

from apps.content import flow as content_flow
from apps.content import selectors as content_selectors
from apps.content.models import Office, Process, Status
from apps.content.services import column
from apps.content.translation import TRANSLATED_FIELDS
from apps.translations import publication

LANG_ATTR = "_migrants_lang"


# --- languages --------------------------------------------------------------------------------


def language_name(code: str) -> str:
    try:
        return get_language_info(code)["name_local"]
    except KeyError:
        return code


def language_dir(code: str) -> str:
    return "rtl" if code.split("-")[0] in settings.LANGUAGES_BIDI else "ltr"


def localize(items: Iterable[Any], language: str) -> list[Any]:
    """Mark each item with the language it is served in: the requested one if its
    translation may be published (apps/translations/publication.py), else a fallback.
    One query per model for the translation states.

    Sets `served_lang`, `served_dir`, `served_name`, `is_fallback`, `translation_state`
    and `translation_notice` ("", "machine", "outdated") for templates.
    """
    items = list(items)
    served = publication.serve_all(items, language)
    for item in items:
        shown = served[(type(item), item.pk)]
        _mark(item, shown.language)
        item.is_fallback = shown.fallback
        item.served_name = language_name(shown.language)
        item.translation_state = shown.state
        item.translation_notice = shown.notice
    return items


def fallback_notice(item: Any, language: str) -> dict:
    """For the notice of a detail page: "shown in Deutsch", "machine translated" or
    "may be out of date"."""
    if not hasattr(item, "translation_state"):
        localize([item], language)
    code = item.served_lang
    return {
        "code": code,
        "name": language_name(code),
        "fallback": item.is_fallback,
        "state": item.translation_state,
        "machine": item.translation_notice == publication.NOTICE_MACHINE,
        "outdated": item.translation_notice == publication.NOTICE_OUTDATED,
    }


def localize_parts(parts: Iterable[Any], language: str, *, source_language: str) -> None:
    """Steps and links of a process shown in `language`: each whose own translation may not
    be published falls back on its own (one query per model), and carries the notice
    of its state (`translation_notice`, `is_fallback`, `served_name`)."""
    parts = [p for p in parts if p is not None]
    if language == source_language or not parts:
        return
    states = publication.states_of(parts, language)
    needed = {"machine", "outdated"} & set(states.values())
    policy = publication.policy_current() if needed else publication.Policy()
    for part in parts:
        shown = publication.serve(
            part,
            language,
            states.get((type(part), part.pk)),
            policy,
            source_language=source_language,
            title_field="label" if part._meta.model_name == "steplink" else "title",
        )
        part.translation_state = shown.state
        part.translation_notice = shown.notice
        part.is_fallback = shown.fallback
        part.served_name = language_name(shown.language)
        if shown.fallback and part._meta.model_name == "step":
            _mark(part, shown.language)


def _mark(obj: Any, code: str) -> None:
    setattr(obj, LANG_ATTR, code)
    obj.served_lang = code
    obj.served_dir = language_dir(code)


def adopt(children: Iterable[Any], code: str) -> None:
    """Children of an item (steps, links, offices, documents) follow its language."""
    for child in children:
        if child is not None:
            _mark(child, code)


def resolve(obj: Any, field_name: str, language: str) -> tuple[str, str]:
    """(text, language code) of a translated field: the object's served language first,
    then the request's language, the configured fallbacks and the source language."""
    preferred = getattr(obj, LANG_ATTR, None) or language
    fallbacks = settings.MODELTRANSLATION_FALLBACK_LANGUAGES.get("default", ())
    source = getattr(obj, "source_language", None)
    for code in (preferred, language, *fallbacks, source):
        if code:
            value = getattr(obj, column(field_name, code), None)
            if value:
                return value, code
    return "", preferred


def mention_targets_for(
    objects: Iterable[Any], language: str, *, fields: tuple[str, ...] | None = None
) -> dict:
    texts = []
    for obj in objects:
        if obj is None:
            continue
        for name in TRANSLATED_FIELDS.get(type(obj), ()):
            if fields is None or name in fields:
                texts.append(resolve(obj, name, language)[0])
    return content_selectors.mention_targets(texts, language=language)


def office_visible(office: Office | None) -> bool:
    return office is not None and office.status == Status.PUBLISHED


def osm_url(office: Office) -> str:
    """A plain link to OpenStreetMap centred on the office (no embedded map)."""
    if office.latitude is None or office.longitude is None:
        return ""
    lat = format(Decimal(office.latitude).normalize(), "f")
    lon = format(Decimal(office.longitude).normalize(), "f")
    return f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=17/{lat}/{lon}"


# --- a process as a flow ----------------------------------------------------------------------


@dataclass
class FlowStep:
    step: Any
    number: int
    anchor: str
    office: Office | None
    required: list = field(default_factory=list)
    produced: list = field(default_factory=list)
    # the ways on, in reading order (apps.content.flow.Option: to, anchor, kind, link)
    branches: list = field(default_factory=list)
    # labelled ways and jumps that lead here from another step
    reached_from: list = field(default_factory=list)
    is_end: bool = False
    end_otherwise: bool = False


def process_flow(process: Process) -> list[FlowStep]:
    """Steps in order, numbered, with their ways on and the ways that lead to them, as
    computed by the shared flow (apps/content/flow.py) the PA editor shows too."""
    computed = content_flow.process_flow(process)
    return [
        FlowStep(
            step=node.step,
            number=node.number,
            anchor=node.anchor,
            office=node.step.office if office_visible(node.step.office) else None,
            required=list(node.step.required_documents.all()),
            produced=list(node.step.produced_documents.all()),
            branches=node.options,
            reached_from=node.reached_from,
            # The end is worth saying where the way can branch at all.
            is_end=node.is_end and computed.branched,
            end_otherwise=node.end_otherwise,
        )
        for node in computed.nodes
    ]


# --- glossary A to Z --------------------------------------------------------------------------

# Letters that follow another in an alphabet but lie elsewhere in Unicode: sort them
# just after their neighbour (Persian/Dari/Urdu, Ukrainian/Russian).
_AFTER = {
    "پ": "ب", "چ": "ج", "ژ": "ز", "گ": "ک", "ٹ": "ت", "ڈ": "د", "ڑ": "ر",
    "Ґ": "Г", "Є": "Е", "Ё": "Е", "І": "И", "Ї": "І",
}  # fmt: skip
# Variants grouped under one letter (alef with hamza or madda under alef; Persian
# kaf and yeh written like the Arabic ones).
_SAME = {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ک": "ك", "ی": "ي", "ى": "ي", "ہ": "ه", "ھ": "ه"}
_SCRIPT_ORDER = {"LATIN": 0, "CYRILLIC": 1, "ARABIC": 2, "CJK": 3}
HAN_GROUP = "漢"


@dataclass
class LetterGroup:
    letter: str
    anchor: str
    script: str
    terms: list = field(default_factory=list)


def _script(char: str) -> str:
    try:
        name = unicodedata.name(char)
    except ValueError:
        return "OTHER"
    if name.startswith("CJK"):
        return "CJK"
    if name.startswith("DIGIT") or char.isdigit():
        return "DIGIT"
    return name.split()[0]


def _pinyin(text: str) -> str:
    """Chinese characters as toneless pinyin ("护照" -> "hu zhao"); other characters kept."""
    from pypinyin import lazy_pinyin  # imported on first use: its dictionaries are large

    return " ".join(lazy_pinyin(text))


def initial(text: str) -> tuple[str, str]:
    """(group letter, script) of a term: the first letter without accents, upper case;
    Chinese terms go under the first letter of their pinyin (A to Z, as Chinese
    dictionaries and phone contact lists order them)."""
    text = (text or "").strip()
    if not text:
        return "#", "OTHER"
    char = text[0]
    script = _script(char)
    if script == "CJK":
        letter = _pinyin(char)[:1].upper()
        return (letter if "A" <= letter <= "Z" else HAN_GROUP), script
    if script == "DIGIT":
        return "0–9", script
    if script == "LATIN":
        base = unicodedata.normalize("NFD", char)[0]
        return base.upper(), script
    if script == "ARABIC":
        return _SAME.get(char, char), script
    return char.upper(), script


def _letter_key(letter: str) -> tuple[int, int]:
    char = _SAME.get(letter[0], letter[0])
    if char in _AFTER:
        before = _letter_key(_AFTER[char])
        return (before[0], before[1] + 1)
    return (ord(char), 0)


def sort_key(text: str) -> tuple:
    text = text.strip()
    if text and _script(text[0]) == "CJK":  # by pinyin, then by the characters
        return (*sort_key(_pinyin(text)), (0, 0), *((ord(c), 0) for c in text))
    folded = unicodedata.normalize("NFD", text.casefold())
    return tuple(_letter_key(c.upper()) for c in folded if not unicodedata.combining(c))


def glossary_groups(terms: list, language: str) -> list[LetterGroup]:
    """Terms grouped by initial, the page's own script first, A to Z within each."""
    groups: dict[tuple[str, str], LetterGroup] = {}
    for term in terms:
        text, _code = resolve(term, "term", language)
        letter, script = initial(text)
        term.display_term = text
        key = (script, letter)  # a Latin "A" and the Chinese terms under "A" stay apart
        if key not in groups:
            anchor = f"letter-{len(groups) + 1}"
            groups[key] = LetterGroup(letter=letter, anchor=anchor, script=script)
        groups[key].terms.append(term)
    own = _language_script(language)

    def group_order(g: LetterGroup) -> tuple:
        rank = 0 if g.script == own else 1 + _SCRIPT_ORDER.get(g.script, 9)
        return (rank, _letter_key(g.letter))

    ordered = sorted(groups.values(), key=group_order)
    for index, g in enumerate(ordered, start=1):
        g.anchor = f"letter-{index}"
        g.terms.sort(key=lambda t: sort_key(t.display_term))
    return ordered


def _language_script(language: str) -> str:
    if language in ("ar", "prs", "ur"):
        return "ARABIC"
    if language in ("ru", "uk"):
        return "CYRILLIC"
    if language.startswith("zh"):
        return "CJK"
    return "LATIN"


# --- icons ------------------------------------------------------------------------------------

ICONS = {
    "info", "home", "health", "work", "school", "language", "family", "money", "document",
    "asylum", "law", "transport", "people", "calendar", "book", "map", "clock", "search",
    "arrow", "check", "chat", "star",
}  # fmt: skip
ICON_ALIASES = {
    "housing": "home", "house": "home", "living": "home", "wohnen": "home", "key": "home",
    "medical": "health", "heart": "health", "healthcare": "health", "gesundheit": "health",
    "pulse": "health", "aid": "health", "syringe": "health", "eye": "health",
    "job": "work", "jobs": "work", "employment": "work", "briefcase": "work", "arbeit": "work",
    "tie": "work",
    "education": "school", "schule": "school", "bildung": "school", "kindergarten": "school",
    "graduation": "school", "graduate": "school", "award": "school",
    "languages": "language", "sprache": "language", "course": "language", "courses": "language",
    "children": "family", "child": "family", "familie": "family", "baby": "family",
    "finance": "money", "benefits": "money", "geld": "money", "wallet": "money",
    "bank": "money", "euro": "money", "credit": "money",
    "documents": "document", "registration": "document", "papers": "document",
    "residence": "document", "anmeldung": "document", "certificate": "document",
    "card": "document", "id": "document", "passport": "document", "file": "document",
    "envelope": "document", "signature": "document", "photo": "document",
    "refugee": "asylum", "protection": "asylum", "shield": "asylum",
    "legal": "law", "rights": "law", "recht": "law",
    "mobility": "transport", "bus": "transport", "verkehr": "transport", "car": "transport",
    "ticket": "transport",
    "community": "people", "leisure": "people", "integration": "people", "social": "people",
    "user": "people", "users": "people", "handshake": "people",
    "counselling": "chat", "counseling": "chat", "beratung": "chat", "advice": "chat",
    "events": "calendar", "glossary": "book", "information": "info",
    "pin": "map", "arrival": "map", "ankommen": "map",
    "user-heart": "people", "user-star": "star", "eu": "star",
}  # fmt: skip


def icon_name(name: str, *hints: str) -> str:
    """An icon of the set for an icon field ("heart-pulse", "id-card", "housing"), else
    guessed from the names given as hints; the most specific (last) word wins."""
    for candidate in (name, *hints):
        candidate = (candidate or "").strip().lower()
        if candidate in ICONS:
            return candidate
        if candidate in ICON_ALIASES:
            return ICON_ALIASES[candidate]
        for word in reversed(candidate.replace("-", " ").replace("_", " ").split()):
            if word in ICONS:
                return word
            if word in ICON_ALIASES:
                return ICON_ALIASES[word]
    return "info"
