"""Template tags of the migrant app: translated texts with mentions linked, icons, maps.

`{% text obj "summary" %}` and `{% rich obj "description" %}` show a translated field
in the language the object is served in (see display.localize), turn mention markers
into links with the page's `mention_targets`, and mark a text in another language
than the page's (a fallback) with its own `lang` and `dir`.
"""

from django import template
from django.templatetags.static import static
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from apps.content import mentions
from apps.migrants import display

register = template.Library()


def _value(context, obj, field_name):
    language = get_language()
    text, code = display.resolve(obj, field_name, language)
    # Text from another language than the page's is marked with its own lang and dir.
    return text, code, language, context.get("mention_targets") or {}


def _plain_with_mentions(text: str, targets: dict) -> str:
    parts, last = [], 0
    for match in mentions.MENTION_RE.finditer(text):
        parts.append(escape(text[last : match.start()]))
        parts.append(mentions.render_mentions(match.group(0), targets, html=False))
        last = match.end()
    parts.append(escape(text[last:]))
    return "".join(parts)


@register.simple_tag(takes_context=True)
def text(context, obj, field_name, multiline=False):
    """A plain-text field, escaped, mentions as links (line breaks kept if multiline)."""
    value, code, container, targets = _value(context, obj, field_name)
    if not value:
        return ""
    html = _plain_with_mentions(value, targets)
    if multiline:
        html = html.replace("\r\n", "\n").replace("\n", "<br>")
    html = mark_safe(html)  # noqa: S308 - every piece escaped above
    if code != container:
        return format_html(
            '<span lang="{}" dir="{}">{}</span>', code, display.language_dir(code), html
        )
    return html


@register.simple_tag(takes_context=True)
def rich(context, obj, field_name):
    """A rich-text field (sanitised when saved), mentions as links."""
    value, code, container, targets = _value(context, obj, field_name)
    if not value:
        return ""
    html = mark_safe(mentions.render_mentions(value, targets))  # noqa: S308 - sanitised on save
    if code != container:
        return format_html(
            '<div lang="{}" dir="{}">{}</div>', code, display.language_dir(code), html
        )
    return html


@register.simple_tag
def icon(name, css_class="icon"):
    """An icon of the local SVG sprite; decorative (the text next to it says what it is)."""
    return format_html(
        '<svg class="{}" aria-hidden="true" focusable="false" width="24" height="24">'
        '<use href="{}#{}"></use></svg>',
        css_class,
        static("img/migrants-icons.svg"),
        name,
    )


@register.simple_tag
def topic_icon(topic, css_class="icon icon-topic"):
    name = display.icon_name(
        topic.icon, getattr(topic, "name_en", ""), getattr(topic, "name_de", "")
    )
    return icon(name, css_class)


@register.filter
def osm_url(office):
    return display.osm_url(office)
