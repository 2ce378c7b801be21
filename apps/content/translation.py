"""Translated fields of the content model (django-modeltranslation).

Every field the registry (`apps/content/fields.py`, TRANSLATED_FIELDS) lists as
translated gets one column per supported language (`title_de`, `title_zh_hans`,
`title_prs` ...). Read the lists from the registry, not from here.
"""

from modeltranslation.translator import TranslationOptions, register

from apps.content.fields import TRANSLATED_FIELDS


def _options(model_fields: tuple[str, ...]) -> type[TranslationOptions]:
    return type("Options", (TranslationOptions,), {"fields": model_fields})


for _model, _fields in TRANSLATED_FIELDS.items():
    register(_model)(_options(_fields))
