"""Presentation helpers of the PA authoring screens (no queries)."""

from django.conf import settings

from apps.content.services import column


def enabled_languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def title_coverage(obj) -> list[str]:
    """Enabled languages in which the item has a title (no query)."""
    field = getattr(type(obj), "TITLE_FIELD", "name")
    return [lang for lang in enabled_languages() if getattr(obj, column(field, lang), "")]
