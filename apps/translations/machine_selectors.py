"""Reads of machine translation jobs for the PA screens."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.prefetch import GenericPrefetch

from apps.content.fields import CONTENT_MODELS
from apps.translations.models import MachineTranslationJob

SCAN = 500


def job_list(*, user=None, limit: int = 100) -> list[MachineTranslationJob]:
    """Of the latest SCAN jobs, those of items the user may translate (all without a
    user), newest first, at most `limit`, their items loaded: a few queries whatever
    the number of jobs."""
    jobs = (
        MachineTranslationJob.objects.select_related("content_type", "created_by")
        .prefetch_related(
            GenericPrefetch(
                "item",
                [m.objects.select_related("organisation") for m in CONTENT_MODELS.values()],
            )
        )
        .order_by("-created_at", "-pk")[: SCAN if user is not None else limit]
    )
    out = [
        job
        for job in jobs
        if job.item is not None
        and (user is None or user.has_perm("content.translate_item", job.item))
    ]
    return out[:limit]


def job_latest(item, language: str) -> MachineTranslationJob | None:
    """The newest job of one item and language (one query), for the editor's progress."""
    return (
        MachineTranslationJob.objects.filter(
            content_type=ContentType.objects.get_for_model(type(item)),
            object_id=item.pk,
            language=language,
        )
        .order_by("-created_at", "-pk")
        .first()
    )
