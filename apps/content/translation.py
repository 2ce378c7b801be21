"""Translated fields of the content model (django-modeltranslation).

Every field listed here gets one column per supported language (`title_de`,
`title_zh_hans`, `title_prs` ...). `TRANSLATED_FIELDS` is read by services,
revisions and the API so the list lives in one place.
"""

from modeltranslation.translator import TranslationOptions, register

from apps.content.models import (
    Comment,
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


def _options(model_fields: tuple[str, ...]) -> type[TranslationOptions]:
    return type("Options", (TranslationOptions,), {"fields": model_fields})


for _model, _fields in TRANSLATED_FIELDS.items():
    register(_model)(_options(_fields))
