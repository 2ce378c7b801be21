"""Template tags for read aloud and feedback on migrant pages.

`{% read_aloud "id1 id2" obj "field" %}` renders the box of a "Read aloud" button for
the elements with those ids; the button itself is made by `js/migrants-read-aloud.js`
where it can work (none in the HTML: no dead control without JavaScript). If the view
put an `audio_urls` mapping in the context (key `"<model name>:<pk>:<field>"`, value
the URL of the rendered audio in the page's language), the button plays that file;
otherwise the browser's speech synthesis reads the text. Today no view fills
`audio_urls`: the speech app will, with one query per page (see docs/migrants.md,
"Read aloud").
"""

from django import template

from apps.content.feedback import feedback_ref
from apps.content.models import Feedback
from apps.migrants.feedback_views import already_given

register = template.Library()


def audio_key(obj, field_name: str) -> str:
    return f"{obj._meta.model_name}:{obj.pk}:{field_name}"


@register.inclusion_tag("migrants/_read_aloud.html", takes_context=True)
def read_aloud(context, targets: str, obj=None, field_name: str = ""):
    audio_urls = context.get("audio_urls") or {}
    audio_url = ""
    if obj is not None and field_name and getattr(obj, "pk", None) is not None:
        audio_url = audio_urls.get(audio_key(obj, field_name), "")
    return {
        "targets": targets,
        "audio_url": audio_url,
        "audio_id": "audio-" + targets.split()[0],
    }


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
