"""Mentions: references from a text to glossary terms, processes, information pages, events.

Encoding (MICADO's, stored in the source text of every language)::

    @[g,58](Meldebescheinigung)    a mention of glossary term 58, shown as "Meldebescheinigung"
    @[-g,58](Meldebescheinigung)   the same mention switched off by an author: plain text,
                                   and the auto-linker leaves this term alone in this text

Kinds: g glossary term, p process, i information page, e event.

Saving a text links the first occurrence of each known glossary term of that
language automatically (`autolink_glossary`). Rendering (`render_mentions`)
turns markers into links (glossary terms carry their explanation for a
pop-up); a marker whose target is missing or unpublished is rendered as its
plain text, never an error, and `selectors.mentions_dangling` reports it.
"""

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from html import unescape as html_unescape

from django.urls import NoReverseMatch, reverse
from django.utils.html import escape, format_html, strip_tags
from django.utils.safestring import mark_safe

MENTION_RE = re.compile(r"@\[(?P<off>-?)(?P<kind>[gpie]),(?P<id>\d+)\]\((?P<text>[^()\[\]\n]*)\)")
KINDS = {"g": "glossary", "p": "process", "i": "information", "e": "event"}
# Segments of a text the auto-linker must not touch: markers, links, tags.
_PROTECTED = re.compile(r"(@\[-?[gpie],\d+\]\([^()\[\]\n]*\)|<a\b.*?</a>|<[^>]+>)", re.I | re.S)
# Scripts written without spaces between words: no word boundaries.
_NO_WORD_BOUNDARY = {"zh-hans"}


@dataclass(frozen=True)
class Mention:
    kind: str
    id: int
    text: str
    enabled: bool


@dataclass(frozen=True)
class MentionTarget:
    kind: str
    id: int
    title: str
    explanation: str = ""


def mention_encode(kind: str, pk: int, text: str, *, enabled: bool = True) -> str:
    clean = re.sub(r"[()\[\]\n]", " ", text).strip()
    return f"@[{'' if enabled else '-'}{kind},{pk}]({clean})"


# The largest id a database key can hold; a marker naming a larger one refers to nothing
# (and must not reach a query: SQLite would raise OverflowError).
MAX_ID = 2**63 - 1


def parse_mentions(text: str | None) -> list[Mention]:
    """The markers in `text` that can name an item (ids beyond MAX_ID are plain words)."""
    if not text:
        return []
    return [
        Mention(m["kind"], int(m["id"]), m["text"], enabled=not m["off"])
        for m in MENTION_RE.finditer(text)
        if int(m["id"]) <= MAX_ID
    ]


def invalid_mentions(text: str | None) -> list[str]:
    """Markers whose id no item can have, as written (for a clear error on save)."""
    return [m.group(0) for m in MENTION_RE.finditer(text or "") if int(m["id"]) > MAX_ID]


def mention_disable(text: str, *, kind: str, pk: int) -> str:
    """Switch off every mention of (kind, pk) in text: the author's "undo" of an auto-link."""

    def repl(m: re.Match) -> str:
        if m["kind"] == kind and int(m["id"]) == pk:
            return mention_encode(kind, pk, m["text"], enabled=False)
        return m.group(0)

    return MENTION_RE.sub(repl, text or "")


def autolink_glossary(text: str, terms: Iterable[tuple[int, str]], *, language: str) -> str:
    """Mark the first occurrence of each glossary term not yet mentioned (or switched off)."""
    if not text:
        return text or ""
    already = {m.id for m in parse_mentions(text) if m.kind == "g"}
    candidates = sorted(
        ((pk, term.strip()) for pk, term in terms if term and term.strip() and pk not in already),
        key=lambda pair: -len(pair[1]),
    )
    boundary = "" if language in _NO_WORD_BOUNDARY else r"\b"
    for pk, term in candidates:
        pattern = re.compile(boundary + re.escape(term) + boundary, re.I)
        parts = _PROTECTED.split(text)
        for index, part in enumerate(parts):
            if index % 2 == 1:  # a protected segment
                continue
            match = pattern.search(part)
            if match:
                marker = mention_encode("g", pk, match.group(0))
                parts[index] = part[: match.start()] + marker + part[match.end() :]
                text = "".join(parts)
                break
    return text


def _default_url(kind: str, pk: int) -> str:
    name = KINDS[kind]
    try:
        return reverse(f"migrants:{name}-detail", kwargs={"pk": pk})
    except NoReverseMatch:
        return reverse(f"v1:{name}-detail", kwargs={"pk": pk})


def render_mentions(
    text: str | None,
    targets: dict[tuple[str, int], MentionTarget],
    *,
    url_for: Callable[[str, int], str] = _default_url,
    html: bool = True,
) -> str:
    """Turn markers into links; unknown targets become plain text.

    With `html` (rich fields) the text is sanitised HTML, so a marker's words are already
    escaped (`&amp;`) and are kept as they are; for a plain-text field (`html=False`) they
    are escaped here. Escaping sanitised words again would show "&amp;amp;".
    """
    if not text:
        return ""

    def words(m: re.Match) -> str:
        return mark_safe(m["text"]) if html else escape(m["text"])  # noqa: S308 - sanitised

    def repl(m: re.Match) -> str:
        key = (m["kind"], int(m["id"]))
        target = targets.get(key)
        if m["off"] or target is None:
            return words(m)
        return format_html(
            '<a class="mention mention-{}" href="{}" data-mention="{}:{}" title="{}">{}</a>',
            KINDS[key[0]],
            url_for(*key),
            key[0],
            key[1],
            _tooltip(target),
            words(m),
        )

    return MENTION_RE.sub(repl, text)


def _tooltip(target: MentionTarget) -> str:
    """The explanation as plain words for a title attribute (format_html escapes it once):
    no tags, and the explanation's own mentions reduced to their words."""
    if target.explanation:
        return html_unescape(strip_tags(mentions_to_plain_text(target.explanation)))[:300]
    return target.title


def mentions_to_plain_text(text: str | None) -> str:
    """The text as read aloud or given to the chatbot: markers replaced by their words."""
    return MENTION_RE.sub(lambda m: m["text"], text or "")
