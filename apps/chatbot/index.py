"""The embedded bot's search index: BM25F over title, summary, keywords and body.

One index per (region, language): the published items the region shows (its own and its
ancestors'), with their texts in that language (missing translations fall back as pages
do) plus the source-language title, so the German word on a letter ("Anmeldung") is
found in every language.

Built once per content generation (`content.cache`): every publication, edit or
withdrawal bumps the generation, and the next question in that region and language
builds a new index; until then every question uses the stored one. Stored in the
process (a small dict) and in the shared cache (pickled), so other workers reuse it.

Scoring is BM25F (Robertson & Zaragoza): per term, field frequencies are weighted and
length-normalised, summed, then saturated; the query-independent part is computed at
build time, so a question costs one dictionary look-up per term. Query words that are
not in the vocabulary are expanded: a word that begins or contains an indexed word
(German compounds, "kitaplatz" -> "kita"), an indexed word that begins with it
("deutsch" -> "deutschkurs"), and, for typos, the closest indexed words by rapidfuzz.
"""

from __future__ import annotations

import math
import threading
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.core.cache import cache
from django.urls import reverse
from django.utils import translation
from rapidfuzz import fuzz
from rapidfuzz import process as fuzz_process

from apps.chatbot import text as textmod
from apps.chatbot.sources import SOURCES, plain, text_of
from apps.content.cache import content_generation
from apps.regions.models import Region
from apps.regions.selectors import region_ancestor_ids

FIELD_WEIGHTS = {"title": 3.0, "summary": 1.2, "keywords": 1.0, "body": 0.4}
K1, B = 1.2, 0.6
BODY_CHARS = 600
FUZZY_CUTOFF = 80
PREFIX_WEIGHT = 0.7
STOP_WEIGHT = 0.15  # function words still rank a little ("what is" + term)
COVERAGE_EXPANSION_POWER = 2  # a part or near spelling holds w**2 of a word's weight
CACHE_SECONDS = 24 * 3600
INDEX_VERSION = 1  # bump when the index's shape changes


@dataclass
class Doc:
    kind: str
    pk: int
    key: str  # "<kind>:<external id or pk>": stable across databases for demo content
    title: str
    answer: str
    url: str | None
    links: list[tuple[str, str]]
    is_contact: bool
    contact: str  # phone / e-mail of a counselling place


@dataclass
class Index:
    language: str
    region_id: int | None
    generation: int
    docs: list[Doc] = field(default_factory=list)
    postings: dict[str, list[tuple[int, float]]] = field(default_factory=dict)
    idf: dict[str, float] = field(default_factory=dict)
    vocab: list[str] = field(default_factory=list)

    def expand(self, term: str) -> list[tuple[str, float]]:
        """Indexed terms a query term stands for, with weights: itself, then the parts and
        compounds it shares letters with, then (if it is not indexed) near spellings."""
        memo = self.__dict__.setdefault("_memo", {})
        if term in memo:
            return memo[term]
        found: dict[str, float] = {}
        if term in self.idf:
            found[term] = 1.0
        han = term.startswith("·") or textmod.has_han(term)
        if len(term) >= 3 and not han:
            for v in self.vocab:
                if v == term or textmod.has_han(v):
                    continue
                if len(v) >= 4 and (term.startswith(v) or (len(term) >= 5 and v in term)):
                    found[v] = max(found.get(v, 0), PREFIX_WEIGHT * len(v) / len(term))
                elif v.startswith(term) or (len(term) >= 5 and term in v):
                    found[v] = max(found.get(v, 0), PREFIX_WEIGHT * len(term) / len(v))
        if len(term) >= 4 and not han and term not in self.idf:
            for v, score, _i in fuzz_process.extract(
                term, self.vocab, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=3
            ):
                found[v] = max(found.get(v, 0), PREFIX_WEIGHT * score / 100)
        best = sorted(found.items(), key=lambda kv: -kv[1])[:4]
        memo[term] = best
        return best

    def score(
        self,
        query_terms: list[str],
        stop: frozenset[str] = frozenset(),
        uncounted: frozenset[str] = frozenset(),
    ) -> tuple[list[tuple[int, float]], dict[int, float]]:
        """(doc index, score) best first, and per doc the share of the question's weight
        (idf of its content words, unknown words counted as rare) that the doc holds.

        `stop` words rank a little and do not count for coverage; `uncounted` words (the
        cue words "what is", "opening hours") rank fully and do not count for coverage.
        A word the doc holds only through a part or a near spelling counts for coverage
        with its expansion weight squared: "marri" is not "arriv"."""
        scores: dict[int, float] = defaultdict(float)
        held: dict[int, dict[str, float]] = defaultdict(dict)
        total = 0.0
        rare = math.log(1 + len(self.docs))
        for term, count in Counter(query_terms).items():
            expansions = self.expand(term)
            content = term not in stop and term not in uncounted
            weight = (0.5 if term.startswith("·") else 1.0) * (STOP_WEIGHT if term in stop else 1.0)
            if content:
                total += (
                    max(self.idf[v] * w for v, w in expansions) if expansions else rare
                ) * weight
            for v, w in expansions:
                idf = self.idf[v] * w * weight
                share = self.idf[v] * w**COVERAGE_EXPANSION_POWER * weight
                for doc, tfw in self.postings[v]:
                    scores[doc] += idf * tfw * (K1 + 1) / (K1 + tfw) * min(count, 2)
                    if content and held[doc].get(term, 0.0) < share:
                        held[doc][term] = share
        ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
        coverage = {doc: sum(h.values()) / total if total else 0.0 for doc, h in held.items()}
        return ranked, coverage


def _fields(source, obj, language: str) -> dict[str, str]:
    def texts(names):
        out = []
        for name in names:
            if name == "topics":
                out.extend(text_of(t, "name", language) for t in obj.topics.all())
            else:
                out.append(plain(text_of(obj, name, language)))
        return " ".join(out)

    keywords = texts(source.keywords)
    if source.extra_keywords:
        keywords += " " + " ".join(plain(t) for t in source.extra_keywords(obj, language) if t)
    source_title = getattr(obj, f"{source.title}_{obj.source_language.replace('-', '_')}", "")
    keywords += " " + (source_title or "")
    return {
        "title": plain(text_of(obj, source.title, language)),
        "summary": texts(source.summary)[:BODY_CHARS],
        "keywords": keywords,
        "body": texts(source.body)[:BODY_CHARS],
    }


def build(*, region: Region | None, language: str, generation: int) -> Index:
    region_ids = region_ancestor_ids(region) if region is not None else None
    index = Index(language=language, region_id=region.pk if region else None, generation=generation)
    field_terms: list[dict[str, Counter]] = []
    with translation.override(language):
        for source in SOURCES.values():
            if region_ids is None:
                objs = source.load(list(Region.objects.values_list("pk", flat=True)))
            else:
                objs = source.load(region_ids)
            for obj in objs:
                fields = _fields(source, obj, language)
                ext = getattr(obj, "external_id", "") or str(obj.pk)
                contact = " · ".join(
                    p for p in (getattr(obj, "phone", ""), getattr(obj, "email", "")) if p
                )
                index.docs.append(
                    Doc(
                        kind=source.kind,
                        pk=obj.pk,
                        key=f"{source.kind}:{ext}",
                        title=fields["title"] or f"#{obj.pk}",
                        answer=source.answer(obj, language) if source.answer else "",
                        url=source.url(obj),
                        links=source.links(obj, language) if source.links else [],
                        is_contact=bool(source.is_contact and source.is_contact(obj)),
                        contact=contact,
                    )
                )
                field_terms.append(
                    {name: Counter(textmod.terms(v, language)) for name, v in fields.items()}
                )
    n = len(index.docs)
    avg = {
        name: (sum(sum(ft[name].values()) for ft in field_terms) / n if n else 1.0) or 1.0
        for name in FIELD_WEIGHTS
    }
    postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for i, ft in enumerate(field_terms):
        lengths = {name: sum(c.values()) for name, c in ft.items()}
        weighted: dict[str, float] = defaultdict(float)
        for name, counter in ft.items():
            norm = 1 - B + B * lengths[name] / avg[name]
            for term, tf in counter.items():
                weighted[term] += FIELD_WEIGHTS[name] * tf / norm
        for term, tfw in weighted.items():
            postings[term].append((i, tfw))
    index.postings = dict(postings)
    index.idf = {t: math.log(1 + (n - len(p) + 0.5) / (len(p) + 0.5)) for t, p in postings.items()}
    index.vocab = sorted(index.idf)
    return index


_local: dict[tuple[int | None, str], Index] = {}
_lock = threading.Lock()


def _cache_key(region_id: int | None, language: str, generation: int) -> str:
    return f"chatbot:index:v{INDEX_VERSION}:{region_id}:{language}:{generation}"


def get_index(*, region: Region | None, language: str) -> Index:
    """The index of this region and language for the current content generation."""
    generation = content_generation()
    region_id = region.pk if region is not None else None
    local = _local.get((region_id, language))
    if local is not None and local.generation == generation:
        return local
    key = _cache_key(region_id, language, generation)
    index = cache.get(key)
    if index is None:
        index = build(region=region, language=language, generation=generation)
        cache.set(key, index, CACHE_SECONDS)
    with _lock:
        _local[(region_id, language)] = index
    return index


def clear_local() -> None:
    """Forget the indexes held in this process (tests)."""
    _local.clear()


def detail_url(kind: str, pk: int) -> str:
    return reverse(f"migrants:{kind}-detail", kwargs={"pk": pk})
