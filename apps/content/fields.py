"""The registry of content models and their fields: the one place that says which
models hold content, which of their fields are translated, which plain fields an
author may set and which texts are a model's title, summary and body.

Everything that handles content fields reads this module instead of writing the lists
out again: modeltranslation (`translation.py`, one column per language for every
translated field), the services (what a save may change, what a revision keeps), the
API serializers, the PA forms, the importers and the demo loader, the translation
export and exchange, speech text preparation, search and the chatbot index. A field
added here is offered by all of them.

Which translated fields hold rich text (sanitised HTML) and which one is the title stay
on the models (`RICH_FIELDS`, `TITLE_FIELD`): `__str__` and the model's own code use
them; `rich_fields()` and `title_field()` read them for everybody else.

This module imports only the models (no services, no selectors), so any module of the
app may import it without a cycle.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings

from apps.content.models import (
    Comment,
    ContentItem,
    CounsellingOffer,
    Course,
    DocumentType,
    DocumentTypeImage,
    Event,
    GlossaryTerm,
    Information,
    Office,
    OrganisationProfile,
    Process,
    Step,
    StepLink,
    Topic,
    UserType,
)

# --- translated fields (one column per language: `title_de`, `title_zh_hans` ...) --------

TRANSLATED_FIELDS: dict[type, tuple[str, ...]] = {
    Topic: ("name", "description"),
    UserType: ("name", "description"),
    Office: ("name", "description", "opening_hours", "accessibility"),
    DocumentType: ("name", "description", "issuer"),
    DocumentTypeImage: ("caption",),
    GlossaryTerm: ("term", "explanation"),
    Information: ("title", "summary", "body"),
    Process: ("title", "summary", "description"),
    Step: ("title", "description", "cost", "duration"),
    StepLink: ("label",),
    Event: ("title", "summary", "description", "location", "cost"),
    Course: ("title", "summary", "description", "schedule", "location", "cost"),
    Comment: ("text",),
    CounsellingOffer: ("title", "summary", "description", "location", "hours", "booking"),
    OrganisationProfile: ("description", "opening_hours", "accessibility", "contact_note"),
}

# --- plain (not translated) fields an author may set ------------------------------------

# Every content item (ContentItem subclass) has these besides its EDITABLE_FIELDS.
COMMON_FIELDS = ("source_language", "publish_at", "withdraw_at", "external_source", "external_id")
# The publication window: shown on every PA content form (a part of COMMON_FIELDS).
SCHEDULE_FIELDS = ("publish_at", "withdraw_at")
# Kept by the services and importers but not shown on the PA forms.
HIDDEN_FIELDS = frozenset({"external_source", "external_id", "position"})
EDITABLE_FIELDS: dict[type, tuple[str, ...]] = {
    Office: (
        "address",
        "postcode",
        "city",
        "latitude",
        "longitude",
        "is_counselling",
        "phone",
        "email",
        "website",
    ),
    DocumentType: ("validity_days", "icon"),
    GlossaryTerm: (),
    Information: ("kind", "link"),
    Process: ("link", "allow_cycles"),
    Event: ("start", "end", "recurrence", "recurrence_until", "office", "organiser", "link"),
    Course: (
        "kind",
        "level",
        "start_date",
        "end_date",
        "office",
        "provider",
        "places_total",
        "places_left",
        "registration_contact",
        "link",
    ),
    Comment: (),
    CounsellingOffer: ("kind", "languages", "office", "phone", "email", "link"),
    Step: ("office", "link", "position", "continues", "external_source", "external_id"),
    StepLink: ("external_source", "external_id"),
}
# Topics and user types (not content items): their plain fields.
TAXONOMY_FIELDS: dict[type, tuple[str, ...]] = {
    Topic: ("icon", "parent", "position"),
    UserType: ("icon", "position"),
}
# An NGO's public profile: its plain fields (besides its translated texts).
PROFILE_FIELDS = ("languages",)

# --- the content models ----------------------------------------------------------------

CONTENT_MODELS: dict[str, type[ContentItem]] = {
    "process": Process,
    "document_type": DocumentType,
    "glossary_term": GlossaryTerm,
    "information": Information,
    "event": Event,
    "course": Course,
    "office": Office,
    "comment": Comment,
    "counselling_offer": CounsellingOffer,
}
# What NGOs write in their app; every one of them goes through moderation.
NGO_MODELS: dict[str, type[ContentItem]] = {
    "course": Course,
    "event": Event,
    "information": Information,
    "counselling-offer": CounsellingOffer,
    "office": Office,
    "comment": Comment,
}


# --- reading order: title, summary, body --------------------------------------------------


@dataclass(frozen=True)
class Texts:
    """Which translated fields are a model's title, its short summary and its body (read
    aloud in this order by speech, indexed by the chatbot, searched by search)."""

    title: str
    summary: tuple[str, ...] = ()
    body: tuple[str, ...] = ()

    @property
    def all(self) -> tuple[str, ...]:
        return (self.title, *self.summary, *self.body)


TEXTS: dict[type, Texts] = {
    Process: Texts("title", ("summary",), ("description",)),
    GlossaryTerm: Texts("term", ("explanation",)),
    Information: Texts("title", ("summary",), ("body",)),
    Event: Texts("title", ("summary",), ("description",)),
    Course: Texts("title", ("summary",), ("description",)),
    CounsellingOffer: Texts("title", ("summary",), ("description",)),
    Office: Texts("name", ("description",)),
    DocumentType: Texts("name", ("description",)),
    Step: Texts("title", (), ("description",)),
}


# --- helpers ----------------------------------------------------------------------------


def language_codes() -> list[str]:
    """The platform's languages (codes as in settings.SUPPORTED_LANGUAGES)."""
    return [code for code, _name in settings.SUPPORTED_LANGUAGES]


def column(field: str, language: str) -> str:
    """The column of a translated field in one language: ("title", "zh-hans") -> title_zh_hans."""
    return f"{field}_{language.replace('-', '_')}"


def translated_fields(model: type) -> tuple[str, ...]:
    return TRANSLATED_FIELDS.get(model, ())


def translated_columns(model: type, *, languages: Iterable[str] | None = None) -> list[str]:
    langs = list(languages) if languages is not None else language_codes()
    return [column(f, lang) for f in translated_fields(model) for lang in langs]


def editable_fields(model: type) -> tuple[str, ...]:
    """The plain fields an author may set: a content item's own and the common ones."""
    own = EDITABLE_FIELDS.get(model, ())
    if isinstance(model, type) and issubclass(model, ContentItem):
        return (*own, *COMMON_FIELDS)
    return own


def rich_fields(model: type) -> tuple[str, ...]:
    """The translated fields holding rich text (sanitised HTML)."""
    return tuple(getattr(model, "RICH_FIELDS", ()))


def title_field(model: type) -> str:
    return getattr(model, "TITLE_FIELD", "title")


def texts(model: type) -> Texts:
    """The model's title, summary and body fields (a model not listed: its title only)."""
    return TEXTS.get(model) or Texts(title_field(model))
