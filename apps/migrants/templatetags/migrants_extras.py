"""Template tags for read aloud and feedback on migrant pages.

`{% read_aloud "id1 id2" obj "field" %}` renders the box of a "Read aloud" button for
the elements with those ids; the button itself is made by `js/migrants-read-aloud.js`
where it can work (none in the HTML: no dead control without JavaScript), read by the
browser's speech synthesis. When the view put the speech app's `audio` in the context and
this text has server audio, the audio player (`_player.html`, which works without
JavaScript) is rendered instead (see docs/migrants.md, "Read aloud", and docs/speech.md).
"""

from django import template
from django.template.loader import render_to_string

from apps.content.feedback import feedback_ref
from apps.content.models import Feedback
from apps.migrants.pages.feedback import already_given
from apps.migrants.templatetags.migrants_audio import audio_for, player_context

register = template.Library()


@register.simple_tag(takes_context=True)
def read_aloud(context, targets: str, obj=None, field_name: str = ""):
    """The audio player when the speech app rendered this text (`audio` in the context,
    see migrants_audio.py), else the "Read aloud" button (the browser's own voice)."""
    if obj is not None and audio_for(context, obj):
        return render_to_string("migrants/_player.html", player_context(context, obj))
    return render_to_string(
        "migrants/_read_aloud.html",
        {"targets": targets, "audio_url": "", "audio_id": "audio-" + targets.split()[0]},
    )


@register.inclusion_tag("migrants/_read_aloud.html")
def read_aloud_auto(selector: str):
    """A button the script adds to every element matching `selector` that has no
    button of its own (for templates that cannot name their texts by id)."""
    return {"auto": selector, "targets": "", "audio_url": "", "audio_id": ""}


@register.inclusion_tag("migrants/_feedback.html", takes_context=True)
def feedback_form(context, item=None):
    request = context.get("request")
    path = request.get_full_path() if request is not None else ""
    return {
        "request": request,
        "path": path,
        "item_ref": feedback_ref(item),
        "given": request is not None and already_given(request, path),
        "max_length": Feedback.COMMENT_MAX_LENGTH,
    }
