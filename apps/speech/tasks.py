"""Celery tasks of the speech app: thin, they take ids and call services."""

from celery import shared_task

from apps.speech import services


@shared_task(
    name="speech.render_item",
    bind=True,
    # Transient trouble only (a busy language slot, a slow disk, an encoder timeout);
    # a missing voice or engine (VoiceUnavailable) is not retried.
    autoretry_for=(OSError, TimeoutError),
    retry_backoff=True,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=5,
)
def render_item(self, model_label: str, item_id: int, language: str) -> dict:
    result = services.item_audio_render(model_label=model_label, item_id=item_id, language=language)
    return {
        "rendered": result.rendered,
        "unchanged": result.unchanged,
        "removed": result.removed,
        "backend": result.backend,
        "seconds": round(result.seconds, 2),
    }


@shared_task(name="speech.render_missing")
def render_missing() -> int:
    """Beat job: queue what has no current audio, then prune files nothing points at."""
    jobs = services.missing_renders()
    for label, pk, language in jobs:
        services.audio_queue(model_label=label, item_id=pk, languages=[language])
    services.renditions_prune()
    return len(jobs)
