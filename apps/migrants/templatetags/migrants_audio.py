"""The audio player of migrant pages (templates/migrants/_player.html).

Views put `audio` in the context: `speech.selectors.page_audio(items, language)`, a
mapping "process:12" / "step:34" / "information:5" -> sources and duration (one query
per page). `{% player obj %}` renders the player for that text when it has audio, and
nothing otherwise (the read-aloud button then uses the browser's own voice).
"""

from django import template

from apps.speech.selectors import audio_key

register = template.Library()


def audio_for(context, obj) -> dict | None:
    if obj is None or getattr(obj, "pk", None) is None:
        return None
    return (context.get("audio") or {}).get(audio_key(obj))


@register.filter
def clock(seconds) -> str:
    """83.4 -> "1:23"."""
    try:
        total = round(float(seconds))
    except (TypeError, ValueError):
        return ""
    return f"{total // 60}:{total % 60:02d}"


def player_context(context, obj) -> dict:
    entry = audio_for(context, obj)
    if not entry:
        return {"audio": None}
    page = context.get("audio")
    assets = not getattr(page, "assets_included", True)
    if assets:
        page.assets_included = True
    return {
        "audio": entry,
        "assets": assets,
        "player_id": "player-" + audio_key(obj).replace(":", "-"),
    }


@register.inclusion_tag("migrants/_player.html", takes_context=True)
def player(context, obj):
    return player_context(context, obj)
