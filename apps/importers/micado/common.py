"""What every part of the MICADO import shares: language and state maps, the result
and problem records, text helpers (Markdown, rich and plain text, mentions, URLs,
dates, amounts), the per-table mapping specs and the step order.
"""

from __future__ import annotations

import html
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from apps.content import mentions, sanitize
from apps.content.fields import rich_fields
from apps.content.models import (
    Event,
    GlossaryTerm,
    Information,
    Process,
)
from apps.regions.models import Region
from apps.translations.models import State

LANGUAGE_MAP = {
    "ar": "ar",
    "zh-hans": "zh-hans",
    "zh_hans": "zh-hans",
    "zh": "zh-hans",
    "zh-cn": "zh-hans",
    "prs": "prs",
    "fa": "prs",
    "fa-af": "prs",
    "nl": "nl",
    "en": "en",
    "en-us": "en",
    "en-gb": "en",
    "de": "de",
    "it": "it",
    "ru": "ru",
    "es": "es",
    "uk": "uk",
    "ur": "ur",
}


TRANSLATION_STATES = {0: "editing", 1: "translatable", 2: "translating", 3: "translated"}


STATE_MAP = {
    "published": State.TRANSLATED,
    "translated": State.TRANSLATED,
    "translating": State.IN_TRANSLATION,
    "translatable": State.IN_TRANSLATION,
    "editing": State.IN_TRANSLATION,
}


MENTION_MODELS = {"g": GlossaryTerm, "p": Process, "i": Information, "e": Event}


MICADO_TIME_ZONE = "Europe/Brussels"


PILOT_REGION = ("BE-11002", "Antwerpen")


PILOT_DUMP = Path(settings.BASE_DIR) / "tests" / "data" / "micado" / "micado-2021-03-31.sql"


TYPES = [
    "organisations",
    "topics",
    "user types",
    "document types",
    "glossary terms",
    "information",
    "events",
    "processes",
    "steps",
    "step links",
    "step documents",
    "comments",
]


TYPE_LABELS = {
    "organisations": lambda: _("organisations"),
    "topics": lambda: _("topics"),
    "user types": lambda: _("user types"),
    "document types": lambda: _("document types"),
    "glossary terms": lambda: _("glossary terms"),
    "information": lambda: _("information pages"),
    "events": lambda: _("events"),
    "processes": lambda: _("processes"),
    "steps": lambda: _("steps"),
    "step links": lambda: _("step links"),
    "step documents": lambda: _("step documents"),
    "comments": lambda: _("comments"),
}


Progress = Callable[[str, int, int], None]


_HTML = re.compile(r"</?(p|br|ul|ol|li|a|strong|em|b|i|u|h[1-6]|div|span|table)\b", re.I)


_URL = URLValidator(schemes=["http", "https"])


_BULLET = re.compile(r"^\s*[-*+]\s+")


_NUMBERED = re.compile(r"^\s*\d+[.)]\s+")


class ImportFailed(Exception):
    """The dump could not be imported; nothing was changed."""

    def __init__(self, message: str, *, line: int | None = None):
        self.line = line
        self.message = message
        super().__init__(message)


@dataclass
class Problem:
    line: int
    table: str
    message: str


@dataclass
class TypeCount:
    read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0


@dataclass
class ImportResult:
    counts: dict[str, TypeCount] = field(default_factory=lambda: {t: TypeCount() for t in TYPES})
    problems: list[Problem] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)
    languages: Counter = field(default_factory=Counter)
    skipped_languages: Counter = field(default_factory=Counter)
    # (type, MICADO id) -> {our language: MICADO translation state or "published"}
    translation_states: dict[tuple[str, str], dict[str, str]] = field(default_factory=dict)
    dry_run: bool = False
    region: Region | None = None

    @property
    def changed(self) -> bool:
        return any(c.created or c.updated for c in self.counts.values())

    def table(self) -> list[list[str]]:
        head = [_("type"), _("read"), _("created"), _("updated"), _("unchanged"), _("skipped")]
        rows = [head]
        for key in TYPES:
            c = self.counts[key]
            rows.append(
                [
                    TYPE_LABELS[key](),
                    *map(str, (c.read, c.created, c.updated, c.unchanged, c.skipped)),
                ]
            )
        return rows


class DryRun(Exception):
    pass


def markdown_to_html(text: str) -> str:
    """The little Markdown MICADO's editors wrote: paragraphs, bold, italics, links, lists."""
    text = html.escape(text.replace("\r\n", "\n"), quote=False)
    text = re.sub(r"!\[[^\]\n]*\]\(<?[^)\n>]*>?\)", "", text)  # images are not kept
    text = re.sub(
        r"\[([^\]\n]+)\]\(&lt;(https?://[^\s)]+?)&gt;\)|\[([^\]\n]+)\]\((https?://[^\s)]+)\)",
        lambda m: f'<a href="{m[2] or m[4]}">{m[1] or m[3]}</a>',
        text,
    )
    text = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", text)
    text = re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", r"<em>\1</em>", text)
    blocks = []
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = [line.rstrip() for line in block.split("\n") if line.strip()]
        if not lines:
            continue
        if all(re.match(r"\s*[-*+]\s+", line) for line in lines):
            items = "".join(f"<li>{_BULLET.sub('', li)}</li>" for li in lines)
            blocks.append(f"<ul>{items}</ul>")
        elif all(re.match(r"\s*\d+[.)]\s+", line) for line in lines):
            items = "".join(f"<li>{_NUMBERED.sub('', li)}</li>" for li in lines)
            blocks.append(f"<ol>{items}</ol>")
        elif m := re.match(r"(#{1,6})\s+(.*)", lines[0]):
            level = min(len(m[1]) + 1, 4)
            blocks.append(f"<h{level}>{m[2]}</h{level}>")
            if lines[1:]:
                blocks.append("<p>" + "<br>".join(lines[1:]) + "</p>")
        else:
            blocks.append("<p>" + "<br>".join(lines) + "</p>")
    return "".join(blocks)


def rich_text(text: str | None) -> tuple[str, bool]:
    """Sanitised HTML from MICADO's HTML or Markdown; True if something unsafe was removed."""
    text = (text or "").strip()
    if not text:
        return "", False
    if not _HTML.search(text):
        text = markdown_to_html(text)
    unsafe = sanitize.dangerous_markup(text)
    return sanitize.sanitize_html(text), unsafe


def plain_text(text: str | None, max_length: int) -> tuple[str, bool]:
    value = html.unescape(strip_tags(text or "")).strip()
    value = re.sub(r"\s+", " ", value)
    if len(value) > max_length:
        return value[: max_length - 1].rstrip() + "…", True
    return value, False


def remap_mentions(text: str, ids: dict[str, dict[str, int]]) -> tuple[str, list[tuple[str, str]]]:
    """MICADO ids in mention markers -> ours; unknown targets become plain text."""
    missing: list[tuple[str, str]] = []

    def repl(m: re.Match) -> str:
        pk = ids.get(m["kind"], {}).get(m["id"])
        if pk is None:
            missing.append((m["kind"], m["id"]))
            return html.escape(m["text"], quote=False)
        return mentions.mention_encode(m["kind"], pk, m["text"], enabled=not m["off"])

    return mentions.MENTION_RE.sub(repl, text), missing


def valid_url(value: str | None) -> str:
    value = (value or "").strip()
    if value and not re.match(r"https?://", value) and re.match(r"www\.", value):
        value = "https://" + value
    if not value or len(value) > 200:
        return ""
    try:
        _URL(value)
    except ValidationError:
        return ""
    return value


def to_aware(value: Any) -> datetime | None:
    if not value:
        return None
    if isinstance(value, datetime):
        parsed = value
    else:
        try:
            parsed = datetime.fromisoformat(str(value).strip())
        except ValueError:
            return None
    if timezone.is_naive(parsed):
        parsed = parsed.replace(tzinfo=ZoneInfo(MICADO_TIME_ZONE))
    return parsed


def to_decimal(value: Any) -> Decimal:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        return Decimal(0)
    return number if number.is_finite() and number > 0 else Decimal(0)


def format_cost(amount: Decimal) -> str:
    return f"€ {amount.quantize(Decimal('0.01'))}".replace(".00", "")


@dataclass
class Spec:
    """How one MICADO item table maps to one of our models."""

    key: str  # summary type
    table: str
    model: type[models.Model]
    texts: dict[str, str]  # MICADO translation column -> our field
    prefix: str = ""  # external id prefix (topics share one table)
    id_column: str = "id"

    @property
    def rich(self) -> tuple[str, ...]:
        """Our fields that hold rich text: the registry's (apps/content/fields.py)."""
        return rich_fields(self.model)


@dataclass
class DesiredRow:
    ext_id: str
    line: int
    fields: dict[str, Any]
    m2m: dict[str, set[int]] = field(default_factory=dict)
    raw_texts: dict[str, str] = field(default_factory=dict)  # column -> text before mentions
    text_lines: dict[str, int] = field(default_factory=dict)


def step_order(ids: list[str], edges: list[tuple[str, str]]) -> list[str]:
    """Steps in the order of the flow: a topological order of the links (Kahn), ties and
    unlinked steps in dump order; steps on a cycle follow in dump order."""
    known = set(ids)
    incoming: Counter = Counter()
    outgoing: dict[str, list[str]] = defaultdict(list)
    for a, b in edges:
        if a in known and b in known and a != b:
            outgoing[a].append(b)
            incoming[b] += 1
    rank = {step_id: n for n, step_id in enumerate(ids)}
    ready = sorted((s for s in ids if incoming[s] == 0), key=rank.get)
    order: list[str] = []
    while ready:
        node = ready.pop(0)
        order.append(node)
        for nxt in outgoing[node]:
            incoming[nxt] -= 1
            if incoming[nxt] == 0:
                ready.append(nxt)
                ready.sort(key=rank.get)
    placed = set(order)
    return order + [s for s in ids if s not in placed]


def has_cycle(edges: list[tuple[Any, Any]]) -> bool:
    graph: dict[Any, list[Any]] = defaultdict(list)
    for a, b in edges:
        graph[a].append(b)
    state: dict[Any, int] = {}

    def visit(node: Any) -> bool:
        state[node] = 1
        for nxt in graph[node]:
            if state.get(nxt) == 1 or (nxt not in state and visit(nxt)):
                return True
        state[node] = 2
        return False

    return any(node not in state and visit(node) for node in list(graph))
