"""Feedback from migrants ("Was this helpful?"): the one write and the PA's read.

Kept in its own module (a service and a selector) because it is small and separate
from authoring; the migrant app writes through `feedback_create`, the PA app reads
through `feedback_list`.
"""

from __future__ import annotations

import re
import unicodedata

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, QuerySet

from apps.content.models import Course, Event, Feedback, GlossaryTerm, Information, Process

# Kinds of item a feedback form may name (model name -> model): the pages migrants read.
FEEDBACK_KINDS: dict[str, type[Model]] = {
    model._meta.model_name: model for model in (Process, Information, GlossaryTerm, Event, Course)
}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def feedback_ref(item: Model | None) -> str:
    """The form value naming an item, "process:5"; "" when the page shows no (known) item."""
    if item is None or getattr(item, "pk", None) is None:
        return ""
    name = item._meta.model_name
    return f"{name}:{item.pk}" if name in FEEDBACK_KINDS else ""


def feedback_item(ref: str) -> Model | None:
    """The item a `feedback_ref` names, or None (unknown kind, bad id, deleted item)."""
    kind, _sep, pk = (ref or "").partition(":")
    model = FEEDBACK_KINDS.get(kind)
    if model is None or not pk.isdigit():
        return None
    return model.objects.filter(pk=int(pk)).first()


def clean_comment(text: str) -> str:
    """Plain text: normalised (NFC), control characters dropped, trimmed, at most
    COMMENT_MAX_LENGTH characters. Never HTML: templates escape it when shown."""
    text = unicodedata.normalize("NFC", text or "").replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", text).strip()[: Feedback.COMMENT_MAX_LENGTH]


def feedback_create(
    *, path: str, helpful: bool, language: str, comment: str = "", item: Model | None = None
) -> Feedback:
    feedback = Feedback(
        path=path[:500],
        helpful=helpful,
        language=language,
        comment=clean_comment(comment),
    )
    if item is not None:
        feedback.content_type = ContentType.objects.get_for_model(item)
        feedback.object_id = item.pk
    feedback.full_clean()
    feedback.save()
    return feedback


def feedback_list(*, language: str | None = None, helpful: bool | None = None) -> QuerySet:
    """Newest first, with the items (one query per kind of item, whatever the count)."""
    queryset = Feedback.objects.select_related("content_type").prefetch_related("item")
    if language:
        queryset = queryset.filter(language=language)
    if helpful is not None:
        queryset = queryset.filter(helpful=helpful)
    return queryset
