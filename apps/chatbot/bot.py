"""The embedded bot: small talk, then the best 1-3 published items for a question.

`answer(message, language=..., region=...)` never needs a server: it detects small
talk (intents.py), otherwise ranks the region's published content in the user's
language (index.py) and answers with the best item's one-line answer and links to
up to three items. When nothing fits well enough it says so honestly and offers the
contacts of counselling places (NGOs and offices marked as counselling) and the
municipality's own contact.

Replies have the shape of Rasa's REST channel, so the widget does not care which
backend answered: a list of
`{"recipient_id", "text", "buttons": [{"title", "payload"}], "custom": {"links": [...]}}`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cache

from django.utils import translation
from django.utils.translation import gettext as _

from apps.chatbot import intents
from apps.chatbot import text as textmod
from apps.chatbot.index import Doc, Index, get_index
from apps.chatbot.stopwords import STOPWORDS
from apps.regions.models import Region
from apps.regions.selectors import tenant_settings_for_region

MAX_LINKS = 3
# A question is answered when its best item scores high enough and covers enough of
# the question's weight (idf of the words it holds / idf of all content words; unknown
# words count as rare, cue words not at all). The score is taken relative to the idf of
# a word found in one item only (log(1 + number of items)), so the same threshold holds
# for a village's ten items and a city's thousand. Calibrated per language on the
# evaluation set (apps/chatbot/evaluation: the answerable questions and the negative
# set, on the demo content): the least strict (min relative score, min coverage) that
# keeps top-1 >= 70 % and top-3 >= 85 % and lets the fewest unanswerable questions
# through. Languages differ because stemmers, word segmentation and the length of the
# content's texts differ; see docs/chatbot.md before changing a value.
THRESHOLDS: dict[str, tuple[float, float]] = {
    "en": (1.15, 0.2),
    "de": (1.0, 0.25),
    "nl": (0.75, 0.2),
    "it": (1.0, 0.5),
    "es": (0.2, 0.4),
    "ru": (0.2, 0.4),
    "uk": (1.1, 0.3),
    "ar": (0.2, 0.35),
    "prs": (0.9, 0.3),
    "ur": (0.2, 0.4),
    "zh-hans": (0.2, 0.45),
}
DEFAULT_THRESHOLD = (0.9, 0.3)  # a language added later, until it is calibrated
RELATIVE_CUTOFF = 0.35  # further items must score at least this share of the best
KIND_BOOST = 1.6

# Words that say what kind of answer is wanted ("what is ..." -> a glossary term).
CUES: dict[str, dict[str, list[str]]] = {
    "glossary": {
        "en": ["what is", "what does", "mean", "meaning", "what's"],
        "de": ["was ist", "was bedeutet", "bedeutung", "was heißt"],
        "ar": ["ما هو", "ما هي", "ما معنى", "ماذا تعني", "معنى"],
        "zh-hans": ["是什么", "什么意思", "意思"],
        "prs": ["چیست", "یعنی چه", "معنی"],
        "ur": ["کیا ہے", "کا مطلب", "مطلب"],
        "nl": ["wat is", "wat betekent", "betekenis"],
        "it": ["cos'è", "che cos'è", "cosa vuol dire", "significa", "cosa significa"],
        "ru": ["что такое", "что значит", "что означает"],
        "es": ["qué es", "que es", "qué significa", "que significa"],
        "uk": ["що таке", "що означає", "що значить"],
    },
    "office": {
        "en": ["open", "opening hours", "hours", "address", "where is", "closed"],
        "de": ["offen", "geöffnet", "öffnungszeiten", "sprechzeiten", "adresse", "wann hat"],
        "ar": ["يفتح", "مفتوح", "مواعيد", "ساعات العمل", "عنوان"],
        "zh-hans": ["开门", "几点", "营业时间", "办公时间", "地址"],
        "prs": ["باز است", "ساعات کاری", "ساعت کار", "آدرس"],
        "ur": ["کھلتا", "اوقات", "پتہ"],
        "nl": ["open", "openingstijden", "adres", "geopend"],
        "it": ["aperto", "orari", "orario", "indirizzo"],
        "ru": ["открыто", "часы работы", "адрес", "работает"],
        "es": ["abre", "abierto", "horario", "dirección"],
        "uk": ["працює", "години роботи", "відкрито", "адреса"],
    },
    "course": {
        "en": ["course", "class", "lessons"],
        "de": ["kurs", "unterricht"],
        "ar": ["دورة", "دروس", "كورس"],
        "zh-hans": ["课", "课程", "班"],
        "prs": ["کورس", "صنف"],
        "ur": ["کورس", "کلاس"],
        "nl": ["cursus", "les"],
        "it": ["corso", "lezioni"],
        "ru": ["курс", "курсы", "занятия"],
        "es": ["curso", "clases"],
        "uk": ["курс", "заняття"],
    },
}


@dataclass
class Reply:
    messages: list[dict]
    answered: bool  # a question answered from content, or small talk
    intent: str | None = None
    hits: list[Doc] = field(default_factory=list)
    backend: str = "embedded"


@cache
def _stop_terms(language: str) -> frozenset[str]:
    return frozenset(textmod.terms(STOPWORDS.get(language, ""), language))


@cache
def _all_cue_terms(language: str) -> frozenset[str]:
    return frozenset().union(*(cue for kind in CUES for cue in _cue_terms(kind, language)))


@cache
def _cue_terms(kind: str, language: str) -> list[frozenset[str]]:
    phrases = CUES[kind].get(language, []) + (CUES[kind]["en"] if language != "en" else [])
    return [frozenset(textmod.terms(p, language)) for p in phrases if textmod.terms(p, language)]


def _wanted_kinds(message: str, terms: list[str], language: str) -> set[str]:
    have = set(terms)
    folded = textmod.normalise(message)
    wanted = set()
    for kind in CUES:
        for cue in _cue_terms(kind, language):
            if cue <= have:
                wanted.add(kind)
        if language == "zh-hans" and any(
            textmod.normalise(p) in folded for p in CUES[kind]["zh-hans"]
        ):
            wanted.add(kind)
    return wanted


def rank(message: str, index: Index) -> tuple[list[tuple[Doc, float]], float]:
    """Items for a question, best first, and the best item's coverage of the question."""
    terms = textmod.terms(message, index.language)
    if not terms:
        return [], 0.0
    ranked, coverage = index.score(
        terms, _stop_terms(index.language), _all_cue_terms(index.language)
    )
    if not ranked:
        return [], 0.0
    wanted = _wanted_kinds(message, terms, index.language)
    scored = []
    for i, score in ranked[:30]:
        doc = index.docs[i]
        if doc.kind in wanted:
            score *= KIND_BOOST
        scored.append((i, doc, score))
    scored.sort(key=lambda triple: -triple[2])
    return [(doc, score) for _i, doc, score in scored], coverage.get(scored[0][0], 0.0)


def _message(session: str, text: str, *, links=(), buttons=()) -> dict:
    return {
        "recipient_id": session,
        "text": text,
        "buttons": [{"title": t, "payload": p} for t, p in buttons],
        "custom": {"links": [{"title": t, "url": u} for t, u in links]},
    }


def _region_name(region: Region | None) -> str:
    if region is None:
        return ""
    tenant = tenant_settings_for_region(region)
    return tenant.display_name if tenant else region.name


def _contacts(index: Index, region: Region | None) -> tuple[list[str], list[tuple[str, str]]]:
    lines, links = [], []
    if region is not None:
        tenant = tenant_settings_for_region(region)
        if tenant and (tenant.contact_phone or tenant.contact_email):
            contact = " · ".join(p for p in (tenant.contact_phone, tenant.contact_email) if p)
            lines.append(f"{tenant.display_name}: {contact}")
    for doc in index.docs:
        if doc.is_contact and doc.contact and len(lines) < 3:
            lines.append(f"{doc.title}: {doc.contact}")
        if doc.is_contact and doc.url and len(links) < 2:
            links.append((doc.title, doc.url))
    return lines, links


def _suggestions(index: Index) -> list[tuple[str, str]]:
    return [(d.title, d.title) for d in index.docs if d.kind == "process"][:3]


def _unknown(session: str, index: Index, region: Region | None) -> dict:
    lines, links = _contacts(index, region)
    if lines:
        text = _(
            "Sorry, I could not find an answer to that in the information of this site. "
            "A person can help you: %(contacts)s"
        ) % {"contacts": "; ".join(lines)}
    else:
        text = _(
            "Sorry, I could not find an answer to that in the information of this site. "
            "Please ask the citizens' office of your municipality."
        )
    return _message(session, text, links=links, buttons=[(_("Talk to a person"), "/human")])


def _small_talk(intent: str, session: str, index: Index, region: Region | None) -> dict:
    name = _region_name(region)
    if intent == intents.GREET:
        if name:
            text = _(
                "Hello! I answer questions about living in %(region)s: registering your "
                "address, health insurance, school, work, courses and more. "
                "Ask in your own words."
            ) % {"region": name}
        else:
            text = _(
                "Hello! I answer questions about registering your address, health "
                "insurance, school, work, courses and more. Ask in your own words."
            )
        return _message(session, text, buttons=_suggestions(index))
    if intent == intents.THANKS:
        return _message(session, _("You are welcome! Ask me again at any time."))
    if intent == intents.HELP:
        text = _(
            "Write your question in your own words, for example “How do I register my "
            "address?” or “When is the citizens' office open?”. I answer with links to "
            "the guides of this site."
        )
        return _message(session, text, buttons=_suggestions(index))
    if intent == intents.HUMAN:
        lines, links = _contacts(index, region)
        if lines:
            text = _("I am a computer program. These people can help you: %(contacts)s") % {
                "contacts": "; ".join(lines)
            }
        else:
            text = _(
                "I am a computer program. Please ask the citizens' office of your municipality."
            )
        return _message(session, text, links=links)
    # confused
    text = _(
        "Sorry, let me try again. Ask one short question, for example “I need health "
        "insurance” or “German course for beginners”, or talk to a person."
    )
    return _message(session, text, buttons=[(_("Talk to a person"), "/human")])


def confident_answer(score: float, coverage: float, *, language: str, items: int) -> bool:
    """Whether the best item's score (raw BM25F) and coverage make an answer."""
    min_score, min_coverage = THRESHOLDS.get(language, DEFAULT_THRESHOLD)
    relative = score / math.log(1 + max(items, 1))
    return relative >= min_score and coverage >= min_coverage


PAYLOAD_INTENTS = {
    "/greet": intents.GREET,
    "/thanks": intents.THANKS,
    "/help": intents.HELP,
    "/human": intents.HUMAN,
    "/confused": intents.CONFUSED,
}


def answer(message: str, *, language: str, region: Region | None, session: str = "") -> Reply:
    index = get_index(region=region, language=language)
    with translation.override(language):
        payload = PAYLOAD_INTENTS.get(message.strip())
        detected = (payload, 0) if payload else intents.detect(message, language)
        ranked, coverage = rank(message, index) if not payload else ([], 0.0)
        confident = bool(ranked) and confident_answer(
            ranked[0][1], coverage, language=language, items=len(index.docs)
        )
        if detected and (detected[1] == 0 or not confident or detected[0] == intents.HUMAN):
            intent = detected[0]
            return Reply(
                [_small_talk(intent, session, index, region)], answered=True, intent=intent
            )
        if not confident:
            return Reply([_unknown(session, index, region)], answered=False, intent="unknown")
        best = ranked[0][1]
        hits = [doc for doc, score in ranked[:MAX_LINKS] if score >= best * RELATIVE_CUTOFF]
        top = hits[0]
        text = f"{top.title}: {top.answer}" if top.answer else top.title
        links: list[tuple[str, str]] = []
        for doc in hits:
            if doc.url:
                links.append((doc.title, doc.url))
            for link in doc.links:
                if link not in links:
                    links.append(link)
        return Reply(
            [_message(session, text, links=links[:MAX_LINKS])],
            answered=True,
            intent="content",
            hits=hits,
        )
