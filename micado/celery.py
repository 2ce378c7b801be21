"""The Celery application.

Without REDIS_URL, settings make every task run eagerly in the calling process
(the embedded default); with it, Redis is broker and result backend and
`celery -A micado worker` runs them.

Pattern for tasks that talk to something that can fail (docs/architecture.md):

    @shared_task(bind=True, autoretry_for=(ConnectionError,), retry_backoff=True,
                 retry_backoff_max=600, retry_jitter=True, max_retries=5)
    def speech_render(self, *, rendition_id: int) -> None:
        services.rendition_render(rendition_id=rendition_id)

Tasks take ids, never model instances, and call a service.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "micado.settings.dev")

app = Celery("micado")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
