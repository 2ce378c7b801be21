"""Search across every published type a migrant reads: processes (with their steps'
texts), glossary terms, information pages, events and courses.

`search(query, language=..., region_ids=...)` looks in the reader's language and the
configured fallback languages (the ones pages fall back to), so an Arabic reader
typing the German word on their letter ("Anmeldung") finds it too.

Ranking, the same on both databases:

1. tier 2 – every word of the query is in the title;
2. tier 1 – the title is close to the query (a small typo, Latin scripts only);
3. tier 0 – the words are in the other texts (summary, body, steps ...).

Within a tier, PostgreSQL orders by full-text rank (`SearchRank`, weights A title,
B texts, C step texts) plus trigram word similarity of the title; the fallback by
how early and how closely the title matches.

Two ways to get there:

- PostgreSQL: `SearchVector`/`SearchQuery` with the 'simple' configuration (no
  stemming, so every language behaves the same), substring matching (Chinese has
  no spaces between words, so a word is a substring, not a token) and `pg_trgm`'s
  `word_similarity` on titles for typos (extension created by migration
  content.0003_pg_trgm). One query per type.
- Anything else (SQLite in development and `make test`): the visible items' texts
  are read (one query per type, plus one for steps) and matched in Python with
  Unicode case folding; typos via difflib on title words. Fine for thousands of
  items, which is what a development database holds.

A fixed number of queries whatever the number of items: six at most.
"""

from __future__ import annotations

import difflib
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.contrib.postgres.aggregates import StringAgg
from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVector,
    TrigramWordSimilarity,
)
from django.db import connection
from django.db.models import (
    Case,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Concat, Greatest
from django.utils.html import strip_tags

from apps.content.fields import column, texts
from apps.content.mentions import mentions_to_plain_text
from apps.content.models import (
    ContentItem,
    Course,
    Event,
    GlossaryTerm,
    Information,
    Process,
    Step,
)
from apps.content.selectors import published_q


def _searched(model: type[ContentItem], *extra: str) -> tuple[type[ContentItem], tuple[str, ...]]:
    """The model and its texts other than the title: summary and body (the registry's)."""
    found = texts(model)
    return model, (*found.summary, *found.body, *extra)


# kind -> (model, texts other than the title)
SEARCHED: dict[str, tuple[type[ContentItem], tuple[str, ...]]] = {
    "process": _searched(Process),
    "glossary": _searched(GlossaryTerm),
    "information": _searched(Information),
    "event": _searched(Event, "location"),
    "course": _searched(Course, "schedule", "location"),
}
STEP_FIELDS = texts(Step).all
MAX_QUERY_LENGTH = 200
PER_KIND = 30
SNIPPET_LENGTH = 180
# Typo tolerance: difflib ratio per title word (fallback), pg_trgm word similarity (PostgreSQL).
FUZZY_RATIO = 0.8
TRIGRAM_THRESHOLD = 0.45
FUZZY_MIN_LENGTH = 4

TIER_TITLE, TIER_FUZZY_TITLE, TIER_TEXT = 2, 1, 0


@dataclass
class SearchHit:
    kind: str
    pk: int
    title: str
    snippet: str
    language: str  # the language title and snippet are in
    is_fallback: bool  # not the reader's language
    tier: int
    score: float


def normalise_query(query: str) -> str:
    return " ".join((query or "").split())[:MAX_QUERY_LENGTH]


def search_languages(language: str) -> list[str]:
    """The reader's language, then the fallbacks pages show when a text is missing."""
    fallbacks = settings.MODELTRANSLATION_FALLBACK_LANGUAGES.get("default", ())
    codes = [language, *fallbacks, settings.LANGUAGE_CODE]
    enabled = {code for code, _name in settings.LANGUAGES}
    return [c for i, c in enumerate(codes) if c in enabled and c not in codes[:i]]


def is_latin(text: str) -> bool:
    """Only Latin letters (digits and punctuation allowed): typo tolerance applies."""
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(unicodedata.name(c, "").startswith("LATIN") for c in letters)


def uses_postgres() -> bool:
    return connection.vendor == "postgresql"


def search(
    query: str, *, language: str, region_ids: list[int] | None, limit: int = 50
) -> list[SearchHit]:
    """Published items visible in the regions (`None`: all regions) matching `query`,
    title matches first. Empty query, empty list."""
    query = normalise_query(query)
    if not query:
        return []
    languages = search_languages(language)
    fuzzy = is_latin(query) and len(query) >= FUZZY_MIN_LENGTH
    run = _search_postgres if uses_postgres() else _search_python
    hits = run(query, languages=languages, region_ids=region_ids, fuzzy=fuzzy)
    hits.sort(key=lambda h: (-h.tier, -h.score, h.title.casefold(), h.kind, h.pk))
    return hits[:limit]


# --- shared helpers -------------------------------------------------------------------------


def _visible(model: type[ContentItem], region_ids: list[int] | None):
    qs = model.objects.filter(published_q(model))
    if region_ids is not None:
        qs = qs.filter(region_id__in=region_ids)
    return qs


def _plain(text: str | None) -> str:
    return " ".join(strip_tags(mentions_to_plain_text(text or "")).replace("\xa0", " ").split())


def _served(row: dict, title_field: str, languages: list[str]) -> str:
    codes = [*languages, row.get("source_language") or settings.LANGUAGE_CODE]
    for code in codes:
        if row.get(column(title_field, code)):
            return code
    return languages[0]


def _snippet(row: dict, fields: tuple[str, ...], lang: str, words: list[str]) -> str:
    texts = [_plain(row.get(column(f, lang))) for f in fields]
    texts = [t for t in texts if t]
    if not texts:
        return ""
    folded_words = [w.casefold() for w in words]
    for text in texts:
        folded = text.casefold()
        positions = [folded.find(w) for w in folded_words if w in folded]
        if positions:
            start = max(0, min(positions) - SNIPPET_LENGTH // 3)
            piece = text[start : start + SNIPPET_LENGTH]
            return (
                ("…" if start else "") + piece + ("…" if start + SNIPPET_LENGTH < len(text) else "")
            )
    text = texts[0]
    return text[:SNIPPET_LENGTH] + ("…" if len(text) > SNIPPET_LENGTH else "")


def _hit(kind: str, row: dict, languages: list[str], words: list[str], tier: int, score: float):
    model, fields = SEARCHED[kind]
    lang = _served(row, model.TITLE_FIELD, languages)
    return SearchHit(
        kind=kind,
        pk=row["pk"],
        title=_plain(row.get(column(model.TITLE_FIELD, lang))) or f"#{row['pk']}",
        snippet=_snippet(row, fields, lang, words),
        language=lang,
        is_fallback=lang != languages[0],
        tier=tier,
        score=score,
    )


def _columns(model: type[ContentItem], fields: tuple[str, ...], languages: list[str]) -> list[str]:
    return [column(f, lang) for f in (model.TITLE_FIELD, *fields) for lang in languages]


# --- PostgreSQL -----------------------------------------------------------------------------


def _joined(columns: list[str]) -> Concat | Value:
    parts = []
    for name in columns:
        parts += [Coalesce(F(name), Value(""), output_field=TextField()), Value(" ")]
    if not parts:
        return Value("")
    if len(parts) == 1:
        return parts[0]
    return Concat(*parts, output_field=TextField())


def _search_postgres(query, *, languages, region_ids, fuzzy) -> list[SearchHit]:
    words = query.split()
    ts_query = SearchQuery(query, search_type="websearch", config="simple")
    hits: list[SearchHit] = []
    for kind, (model, fields) in SEARCHED.items():
        title_cols = [column(model.TITLE_FIELD, lang) for lang in languages]
        text_cols = [column(f, lang) for f in fields for lang in languages]
        qs = _visible(model, region_ids).annotate(
            search_title=_joined(title_cols), search_text=_joined(text_cols)
        )
        vector = SearchVector("search_title", weight="A", config="simple") + SearchVector(
            "search_text", weight="B", config="simple"
        )
        if model is Process:
            step_cols = [column(f, lang) for f in STEP_FIELDS for lang in languages]
            steps = (
                Step.objects.filter(process=OuterRef("pk"))
                .order_by()
                .values("process")
                .annotate(
                    text=StringAgg(_joined(step_cols), delimiter=" ", output_field=TextField())
                )
                .values("text")
            )
            qs = qs.annotate(
                search_steps=Coalesce(Subquery(steps), Value(""), output_field=TextField())
            )
            vector += SearchVector("search_steps", weight="C", config="simple")
            body = ("search_text", "search_steps")
        else:
            body = ("search_text",)
        in_title = Q()
        for word in words:
            in_title &= Q(search_title__icontains=word)
        in_any = Q()
        for word in words:
            found = Q(search_title__icontains=word)
            for name in body:
                found |= Q(**{f"{name}__icontains": word})
            in_any &= found
        qs = qs.annotate(search_rank=SearchRank(vector, ts_query), search_vector=vector)
        match = Q(search_vector=ts_query) | in_any
        tiers = [When(in_title, then=TIER_TITLE)]
        if fuzzy:
            similarity = [TrigramWordSimilarity(Value(query), F(c)) for c in title_cols]
            qs = qs.annotate(
                search_similarity=Greatest(*similarity) if len(similarity) > 1 else similarity[0]
            )
            match |= Q(search_similarity__gte=TRIGRAM_THRESHOLD)
            tiers.append(When(search_similarity__gte=TRIGRAM_THRESHOLD, then=TIER_FUZZY_TITLE))
        else:
            qs = qs.annotate(search_similarity=Value(0.0, output_field=FloatField()))
        qs = (
            qs.filter(match)
            .annotate(
                search_tier=Case(
                    *tiers,
                    default=TIER_TEXT,
                    output_field=IntegerField(),
                )
            )
            .order_by("-search_tier", "-search_rank", "-search_similarity", "pk")
        )
        values = ["pk", "source_language", *_columns(model, fields, languages)]
        rows = qs.values(*values, "search_tier", "search_rank", "search_similarity")[:PER_KIND]
        for row in rows:
            score = float(row["search_rank"] or 0) + float(row["search_similarity"] or 0)
            hits.append(_hit(kind, row, languages, words, row["search_tier"], score))
    return hits


# --- fallback (SQLite and anything else) ----------------------------------------------------


def _fuzzy_title_score(words: list[str], title: str) -> float:
    """Mean best difflib ratio of each query word against the title's words; 0 if any
    word has no close partner."""
    title_words = [w for w in _plain(title).casefold().split() if w]
    if not title_words:
        return 0.0
    total = 0.0
    for word in words:
        best = max(difflib.SequenceMatcher(None, word, t).ratio() for t in title_words)
        if best < FUZZY_RATIO:
            return 0.0
        total += best
    return total / len(words)


def _search_python(query, *, languages, region_ids, fuzzy) -> list[SearchHit]:
    words = [w.casefold() for w in query.split()]
    hits: list[SearchHit] = []
    steps_text: dict[int, str] = {}
    step_cols = [column(f, lang) for f in STEP_FIELDS for lang in languages]
    visible_processes = _visible(Process, region_ids).values("pk")
    for row in Step.objects.filter(process__in=visible_processes).values("process_id", *step_cols):
        text = " ".join(_plain(row[c]) for c in step_cols if row[c])
        steps_text[row["process_id"]] = steps_text.get(row["process_id"], "") + " " + text
    for kind, (model, fields) in SEARCHED.items():
        title_cols = [column(model.TITLE_FIELD, lang) for lang in languages]
        text_cols = [column(f, lang) for f in fields for lang in languages]
        rows = _visible(model, region_ids).values(
            "pk", "source_language", *_columns(model, fields, languages)
        )
        for row in rows:
            titles = [_plain(row[c]).casefold() for c in title_cols if row[c]]
            in_title = [t for t in titles if all(w in t for w in words)]
            if in_title:
                # Earlier and tighter matches first: "Kurs" before "Sprachkurs für Eltern".
                best = max(
                    1.0 / (1 + min(t.find(w) for w in words)) + len(query) / max(len(t), 1)
                    for t in in_title
                )
                hits.append(_hit(kind, row, languages, words, TIER_TITLE, best))
                continue
            if fuzzy:
                score = max((_fuzzy_title_score(words, t) for t in titles), default=0.0)
                if score:
                    hits.append(_hit(kind, row, languages, words, TIER_FUZZY_TITLE, score))
                    continue
            body = " ".join(_plain(row[c]) for c in text_cols if row[c])
            if model is Process:
                body += steps_text.get(row["pk"], "")
            haystack = " ".join([*titles, body.casefold()])
            if all(w in haystack for w in words):
                score = sum(haystack.count(w) for w in words) / (1 + len(haystack) / 1000)
                hits.append(_hit(kind, row, languages, words, TIER_TEXT, score))
    return hits
