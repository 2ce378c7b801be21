"""Protected placeholders: the markup and mentions of a text as numbered codes, so that a
round trip through a translator's tool or a machine translation keeps them intact.

`protect(text, rich=...)` splits a text into words and numbered placeholders:

- in rich text (sanitised HTML, see content/sanitize.py) every tag (`<p>`, `</a>`,
  `<a href="...">`, `<br>`) is one placeholder; the words between are plain text
  (entities decoded: a translator sees "&", not "&amp;");
- in every text, a mention (`@[g,58](Meldebescheinigung)`, see content/mentions.py) is two
  placeholders around its words: `@[g,58](` and `)`. The words are translated (the
  migrant reads them in their language), the marker is kept.

`restore(segments, placeholders, rich=...)` puts the codes back. `check(...)` refuses
a translation whose placeholders are missing, duplicated or invented: it would break the
markup, lose a link or point a mention elsewhere.

Exchange formats and providers show placeholders in their own way (XLIFF `<ph>`, PO
`{1}`, an HTML `<x id="1"/>` for machine translation); they all reduce to `Segments`.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from apps.content.mentions import MENTION_RE

TAG_RE = re.compile(r"<[^<>]+>")


@dataclass(frozen=True)
class Ph:
    """A placeholder in a list of segments: its number (1, 2, ...)."""

    id: int


Segment = str | Ph


@dataclass
class Protected:
    """A text as segments (words and placeholders) and the code of every placeholder."""

    segments: list[Segment]
    codes: dict[int, str] = field(default_factory=dict)

    @property
    def plain(self) -> str:
        """The words only (for word counts and previews)."""
        return "".join(s for s in self.segments if isinstance(s, str))


class PlaceholderError(ValueError):
    """A translation whose placeholders do not match its source; the message says how."""


def _words(text: str, *, rich: bool) -> str:
    return html.unescape(text) if rich else text


def protect(text: str | None, *, rich: bool) -> Protected:
    """Split `text` into words and numbered placeholders (1, 2, ... in reading order)."""
    out = Protected(segments=[])
    counter = 0

    def add_code(code: str) -> None:
        nonlocal counter
        counter += 1
        out.codes[counter] = code
        out.segments.append(Ph(counter))

    def add_words(words: str) -> None:
        if not words:
            return
        if out.segments and isinstance(out.segments[-1], str):
            out.segments[-1] += words
        else:
            out.segments.append(words)

    def add_markup(part: str) -> None:
        if not rich:
            add_words(part)
            return
        position = 0
        for tag in TAG_RE.finditer(part):
            add_words(_words(part[position : tag.start()], rich=True))
            add_code(tag.group(0))
            position = tag.end()
        add_words(_words(part[position:], rich=True))

    text = text or ""
    position = 0
    for mention in MENTION_RE.finditer(text):
        add_markup(text[position : mention.start()])
        marker = mention.group(0)
        opening = marker[: marker.index("](") + 2]
        add_code(opening)
        add_markup(mention["text"])
        add_code(")")
        position = mention.end()
    add_markup(text[position:])
    return out


def _escape(words: str) -> str:
    return html.escape(words, quote=False).replace("\xa0", "&nbsp;")


def check(segments: list[Segment], codes: dict[int, str]) -> None:
    """Raise PlaceholderError unless every placeholder of `codes` occurs exactly once."""
    used = Counter(s.id for s in segments if isinstance(s, Ph))
    missing = sorted(set(codes) - set(used))
    invented = sorted(set(used) - set(codes))
    doubled = sorted(n for n, count in used.items() if count > 1 and n in codes)
    problems = []
    if missing:
        problems.append(_("placeholders missing: %(ids)s") % {"ids": ", ".join(map(str, missing))})
    if doubled:
        problems.append(
            _("placeholders used more than once: %(ids)s") % {"ids": ", ".join(map(str, doubled))}
        )
    if invented:
        problems.append(
            _("placeholders that the source does not have: %(ids)s")
            % {"ids": ", ".join(map(str, invented))}
        )
    if problems:
        raise PlaceholderError("; ".join(problems))
    # A mention's words must stay inside it: "(" and ")" in the words would end it early.
    inside = False
    for segment in segments:
        if isinstance(segment, Ph):
            code = codes[segment.id]
            if MENTION_OPEN_RE.fullmatch(code):
                inside = True
            elif code == ")":
                inside = False
        elif inside and re.search(r"[()\[\]\n]", segment):
            raise PlaceholderError(
                _("the words of a mention cannot contain brackets or line breaks")
            )


MENTION_OPEN_RE = re.compile(r"@\[-?[gpie],\d+\]\(")


def restore(segments: list[Segment], codes: dict[int, str], *, rich: bool) -> str:
    """The text with its codes back; raises PlaceholderError if they do not match."""
    check(segments, codes)
    return "".join(
        codes[s.id] if isinstance(s, Ph) else (_escape(s) if rich else s) for s in segments
    )


def round_trip(text: str, *, rich: bool) -> str:
    """restore(protect(text)): equals `text` for a sanitised text (tests use it)."""
    protected = protect(text, rich=rich)
    return restore(protected.segments, protected.codes, rich=rich)


# --- one notation: numbered tokens in running text (PO files, machine translation) ---------


def to_tokens(segments: list[Segment]) -> str:
    """Segments as "Text {1}word{2}" (literal braces are doubled: "{{" and "}}")."""
    return "".join(
        f"{{{s.id}}}" if isinstance(s, Ph) else s.replace("{", "{{").replace("}", "}}")
        for s in segments
    )


_TOKEN_RE = re.compile(r"\{\{|\}\}|\{(\d+)\}")


def from_tokens(text: str) -> list[Segment]:
    """The inverse of to_tokens."""
    out: list[Segment] = []
    position = 0

    def add(words: str) -> None:
        if not words:
            return
        if out and isinstance(out[-1], str):
            out[-1] += words
        else:
            out.append(words)

    for match in _TOKEN_RE.finditer(text):
        add(text[position : match.start()])
        brace = match.group(0)
        if brace == "{{":
            add("{")
        elif brace == "}}":
            add("}")
        else:
            out.append(Ph(int(match.group(1))))
        position = match.end()
    add(text[position:])
    return out


# --- the notation for machine translation providers: HTML with empty <x id="N"/> ------------


def to_html(segments: list[Segment]) -> str:
    """Segments as HTML for a provider in HTML mode: words escaped, placeholders as
    `<x id="N"/>` elements that carry no words, so the provider leaves them alone."""
    return "".join(
        f'<x id="{s.id}"/>' if isinstance(s, Ph) else html.escape(s, quote=False) for s in segments
    )


_X_RE = re.compile(r"<x\s+id\s*=\s*[\"']?(\d+)[\"']?\s*/?>(?:\s*</x>)?", re.I)


def from_html(text: str) -> list[Segment]:
    """The inverse of to_html, tolerant of how providers write the elements back
    (`<x id="1"/>`, `<x id="1"></x>`). Any other markup in the answer is refused."""
    out: list[Segment] = []
    position = 0
    for match in _X_RE.finditer(text):
        words = text[position : match.start()]
        if words:
            out.append(words)
        out.append(Ph(int(match.group(1))))
        position = match.end()
    if text[position:]:
        out.append(text[position:])
    result: list[Segment] = []
    for segment in out:
        if isinstance(segment, str):
            if TAG_RE.search(segment):
                raise PlaceholderError(
                    _("the answer contains markup that the source does not have")
                )
            segment = html.unescape(segment)
            if result and isinstance(result[-1], str):
                result[-1] += segment
                continue
        result.append(segment)
    return result
