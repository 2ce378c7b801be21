"""Rich text: a safe subset of HTML, cleaned with nh3 on every save.

Dangerous markup (scripts, event-handler attributes, `javascript:` links,
images and embedded frames) is refused with a translated error rather than
silently dropped, so an author knows their text was not kept as written.
Harmless markup outside the allow-list (a `<span>`, a `class`) is stripped.
"""

import re

import nh3
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

ALLOWED_TAGS = frozenset(
    {
        "h2", "h3", "h4", "p", "br", "hr", "blockquote",
        "ul", "ol", "li",
        "strong", "em", "b", "i", "u", "s", "sub", "sup", "code",
        "a",
        "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "hreflang"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
}
ALLOWED_URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})

_DANGEROUS = [
    re.compile(r"<\s*/?\s*(script|style|iframe|object|embed|svg|math|form|base|meta|link)\b", re.I),
    re.compile(r"<[^>]*\son[a-z]+\s*=", re.I),
    re.compile(r"(java|vb)script\s*:", re.I),
    re.compile(r"<\s*img\b", re.I),
]


def dangerous_markup(text: str) -> bool:
    return any(pattern.search(text) for pattern in _DANGEROUS)


def check_text(text: str, *, field_label: str) -> None:
    if text and dangerous_markup(text):
        raise ValidationError(
            _(
                "“%(field)s” contains scripts, event attributes, images or embedded content, "
                "which are not allowed. Remove them and save again."
            )
            % {"field": field_label},
            code="unsafe_markup",
        )


def sanitize_html(text: str) -> str:
    """Keep only the allow-listed tags and attributes; links get rel="noopener noreferrer"."""
    if not text:
        return ""
    return nh3.clean(
        text,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(ALLOWED_URL_SCHEMES),
        link_rel="noopener noreferrer",
        strip_comments=True,
    ).strip()
