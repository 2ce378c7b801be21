"""Signal receivers, connected in SpeechConfig.ready(). Thin: they queue renders after
the transaction that changed the content commits; nothing renders in a web request."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from apps.content.models import Status
from apps.speech import services


def on_item_published(sender, *, model_label: str, pk: int, **kwargs: Any) -> None:
    if not services.speakable(model_label):
        return
    item = services.item_get(model_label, pk)
    services.audio_queue(
        model_label=model_label, item_id=pk, languages=services.item_languages(item)
    )


def on_revision_written(sender, *, item, revision, **kwargs: Any) -> None:
    label = item._meta.label_lower
    if not services.speakable(label) or item.status != Status.PUBLISHED:
        return
    languages = services.changed_languages(item, revision)
    if not languages:
        return
    pk = item.pk
    transaction.on_commit(
        lambda: services.audio_queue(model_label=label, item_id=pk, languages=languages)
    )
