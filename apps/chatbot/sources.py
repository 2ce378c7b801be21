"""What the embedded bot answers from: a registry of content sources.

A source says which published items of a kind a region shows, which of their texts
go into which index field (title, summary, keywords, body), what one-line answer an
item gives and where it links to. The built-in sources cover processes, glossary
terms, information pages (and counselling offers, which are information pages of the
kind "counselling"), events, courses and offices. Another app adds a source with a
few lines at start-up (in its AppConfig.ready):

    from apps.chatbot.sources import Source, register_source
    register_source(Source(kind="counselling_offer", model=CounsellingOffer,
                           title="title", summary=("summary",), keywords=("topics",),
                           url_name="migrants:counselling-detail"))

`items(region_ids)` defaults to the model's published items of those regions
(`content.selectors.published_q`), so a new source needs no loader of its own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Prefetch
from django.urls import NoReverseMatch, reverse
from django.utils.html import strip_tags

from apps.content import selectors
from apps.content.fields import column, texts
from apps.content.mentions import mentions_to_plain_text
from apps.content.models import (
    Course,
    Event,
    GlossaryTerm,
    Information,
    Office,
    Process,
    Step,
)


def plain(text: str | None) -> str:
    """Text of a rich field without markup and mention markers, on one line."""
    return " ".join(strip_tags(mentions_to_plain_text(text or "")).replace("\xa0", " ").split())


def first_sentence(text: str, limit: int = 220) -> str:
    text = plain(text)
    for stop in (". ", "。", "؟ ", "? ", "! ", "۔ "):
        at = text.find(stop)
        if 0 < at < limit:
            return text[: at + len(stop)].strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def text_of(obj: Any, name: str, language: str) -> str:
    """A translated field in `language`, else in the fallback languages, else the source's."""
    codes = [
        language,
        *settings.MODELTRANSLATION_FALLBACK_LANGUAGES.get("default", ()),
        getattr(obj, "source_language", settings.LANGUAGE_CODE),
    ]
    for code in codes:
        value = getattr(obj, column(name, code), None)
        if value:
            return value
    return getattr(obj, name, "") or ""


@dataclass(frozen=True)
class Source:
    kind: str
    model: type
    title: str
    summary: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()  # translated fields; "topics" means the topic names
    body: tuple[str, ...] = ()
    url_name: str | None = None
    # The published items shown in these regions; relations the callables below use loaded.
    items: Callable[[list[int]], Iterable[Any]] | None = None
    # Extra keyword texts and the one-line answer, per item and language.
    extra_keywords: Callable[[Any, str], list[str]] | None = None
    answer: Callable[[Any, str], str] | None = None
    # Links of an item that has no page of its own (an office: the guides that use it).
    links: Callable[[Any, str], list[tuple[str, str]]] | None = None
    is_contact: Callable[[Any], bool] | None = None
    prefetch: tuple[str, ...] = field(default=())

    def load(self, region_ids: list[int]) -> list[Any]:
        if self.items is not None:
            return list(self.items(region_ids))
        qs = self.model.objects.filter(
            selectors.published_q(self.model), region_id__in=region_ids
        ).prefetch_related("topics", *self.prefetch)
        return list(qs)

    def url(self, obj: Any) -> str | None:
        if not self.url_name:
            return None
        try:
            return reverse(self.url_name, kwargs={"pk": obj.pk})
        except NoReverseMatch:
            return None


SOURCES: dict[str, Source] = {}


def register_source(source: Source) -> None:
    SOURCES[source.kind] = source


def _topics(obj: Any, language: str) -> list[str]:
    return [text_of(t, "name", language) for t in obj.topics.all()]


# --- built-in sources -----------------------------------------------------------------


def _process_items(region_ids: list[int]):
    steps = Step.objects.select_related("office").prefetch_related("required_documents")
    return (
        Process.objects.filter(selectors.published_q(Process), region_id__in=region_ids)
        .prefetch_related("topics", Prefetch("steps", queryset=steps))
        .order_by("pk")
    )


def _process_keywords(obj: Process, language: str) -> list[str]:
    found = []
    for step in obj.steps.all():
        found.append(text_of(step, "title", language))
        if step.office is not None:
            found.append(text_of(step.office, "name", language))
        found.extend(text_of(d, "name", language) for d in step.required_documents.all())
    return found


def _summary_answer(obj: Any, language: str) -> str:
    return first_sentence(text_of(obj, "summary", language))


def _glossary_answer(obj: GlossaryTerm, language: str) -> str:
    return first_sentence(text_of(obj, "explanation", language), limit=300)


def _office_items(region_ids: list[int]):
    users = Step.objects.filter(process__in=Process.objects.filter(selectors.published_q(Process)))
    return (
        Office.objects.filter(selectors.published_q(Office), region_id__in=region_ids)
        .prefetch_related(
            "topics", Prefetch("steps", queryset=users.select_related("process").order_by("pk"))
        )
        .order_by("pk")
    )


def _office_answer(obj: Office, language: str) -> str:
    parts = []
    hours = plain(text_of(obj, "opening_hours", language).replace("\n", "; "))
    if hours:
        parts.append(hours)
    address = ", ".join(p for p in (obj.address, f"{obj.postcode} {obj.city}".strip()) if p)
    if address:
        parts.append(address)
    if obj.phone:
        parts.append(obj.phone)
    return " · ".join(parts)


def _office_links(obj: Office, language: str) -> list[tuple[str, str]]:
    seen, links = set(), []
    for step in obj.steps.all():
        process = step.process
        if process.pk in seen:
            continue
        seen.add(process.pk)
        links.append(
            (
                text_of(process, "title", language),
                reverse("migrants:process-detail", kwargs={"pk": process.pk}),
            )
        )
    return links[:2]


def _event_items(region_ids: list[int]):
    return (
        Event.objects.filter(selectors.published_q(Event), region_id__in=region_ids)
        .select_related("office")
        .prefetch_related("topics")
        .order_by("start", "pk")
    )


def _course_items(region_ids: list[int]):
    return (
        Course.objects.filter(selectors.published_q(Course), region_id__in=region_ids)
        .select_related("office")
        .prefetch_related("topics")
        .order_by("pk")
    )


def _course_keywords(obj: Course, language: str) -> list[str]:
    return [obj.level, obj.get_kind_display()]


def _texts(model) -> dict[str, Any]:
    """A built-in source's title, summary and body fields: the content field registry's."""
    found = texts(model)
    return {"title": found.title, "summary": found.summary, "body": found.body}


register_source(
    Source(
        kind="process",
        model=Process,
        **_texts(Process),
        keywords=("topics",),
        url_name="migrants:process-detail",
        items=_process_items,
        extra_keywords=_process_keywords,
        answer=_summary_answer,
    )
)
register_source(
    Source(
        kind="glossary",
        model=GlossaryTerm,
        **_texts(GlossaryTerm),
        keywords=("topics",),
        url_name="migrants:glossary-detail",
        answer=_glossary_answer,
    )
)
register_source(
    Source(
        kind="information",
        model=Information,
        **_texts(Information),
        keywords=("topics",),
        url_name="migrants:information-detail",
        answer=_summary_answer,
        is_contact=lambda obj: obj.kind == "counselling",
    )
)
register_source(
    Source(
        kind="event",
        model=Event,
        **_texts(Event),
        keywords=("topics", "location"),
        url_name="migrants:event-detail",
        items=_event_items,
        answer=_summary_answer,
    )
)
register_source(
    Source(
        kind="course",
        model=Course,
        **_texts(Course),
        keywords=("topics", "schedule"),
        url_name="migrants:course-detail",
        items=_course_items,
        extra_keywords=_course_keywords,
        answer=_summary_answer,
    )
)
register_source(
    Source(
        kind="office",
        model=Office,
        **_texts(Office),
        keywords=("topics", "opening_hours"),
        items=_office_items,
        answer=_office_answer,
        links=_office_links,
        is_contact=lambda obj: obj.is_counselling and bool(obj.phone or obj.email),
    )
)
