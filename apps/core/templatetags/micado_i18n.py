"""The language switcher's links: the same page in every enabled language."""

from __future__ import annotations

from django import template
from django.urls import translate_url
from django.utils.translation import get_language

from apps.core.languages import languages_enabled

register = template.Library()


def _same_page_in(path: str, current: str, code: str) -> str:
    """`path` (with its query string) in the language `code`: reversed again under that
    language (`translate_url`); for a path no URL pattern knows, the prefix swapped."""
    url = translate_url(path, code)
    if url == path and code != current:
        prefix = f"/{current}/"
        url = f"/{code}/{path.removeprefix(prefix)}" if path.startswith(prefix) else f"/{code}/"
    return url


@register.simple_tag(takes_context=True)
def language_links(context) -> list[dict]:
    """[{"language": Language, "url": str, "current": bool}] for the enabled languages.

    Plain links, no form and no CSRF token, so a page that shows them can be shared
    by every anonymous visitor (`migrants.pages.cache`). Opening one remembers the
    language (`core.middleware.LanguageCookieMiddleware`)."""
    request = context.get("request")
    current = get_language() or ""
    path = request.get_full_path() if request is not None else f"/{current}/"
    languages = context.get("languages_enabled") or languages_enabled()
    return [
        {
            "language": language,
            "url": _same_page_in(path, current, language.code),
            "current": language.code == current,
        }
        for language in languages
    ]
