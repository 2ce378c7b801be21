"""Machine translation end to end: the task goes through the real broker (Redis) to a
real Celery worker, which asks the fake LibreTranslate server and writes to PostgreSQL.

The worker must see the test's rows and the fake server's port, which the worker that
.ci/run starts cannot (it reads another database and was configured before the server
existed). So this test starts a worker of its own, pointed at the test database and the
fake server, listening on a queue of its own (the .ci/run worker never takes the task),
and stops it afterwards. Committed data (transactional_db), as a worker is another
process. Runs when MICADO_EXPECT_WORKER=1 (set by .ci/run), on PostgreSQL and Redis.
"""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from apps.translations import machine_services as mt
from apps.translations.models import JobState, MachineTranslationJob
from apps.translations.tasks import machine_translate_item
from micado.celery import app
from tests.translations.fake_mt import FakeMT
from tests.translations.test_machine import BODY, BODY_AR

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_machine_translation_through_redis_and_a_real_worker(
    make_user, pa_organisation, municipality, monkeypatch
):
    if not os.environ.get("MICADO_EXPECT_WORKER"):
        pytest.skip("set MICADO_EXPECT_WORKER=1 with Redis and PostgreSQL (.ci/run does)")
    if connection.vendor != "postgresql" or not settings.CELERY_BROKER_URL.startswith("redis://"):
        pytest.skip("needs PostgreSQL and Redis (a worker cannot see an SQLite test database)")
    from apps.content import services as content
    from apps.content.models import GlossaryTerm, Information

    editor = make_user("pa_editor")
    term = content.item_create(
        model=GlossaryTerm, user=editor, organisation=pa_organisation, region=municipality,
        data={"term_de": "Meldebescheinigung"},
    )  # fmt: skip
    page = content.item_create(
        model=Information, user=editor, organisation=pa_organisation, region=municipality,
        data={"title_de": "Anmelden", "body_de": BODY.format(term=term.pk)},
    )  # fmt: skip
    queue = f"mt-test-{uuid.uuid4().hex[:12]}"
    db = connection.settings_dict
    with FakeMT("libretranslate") as server:
        monkeypatch.setattr(settings, "MICADO_MT_PROVIDER", "libretranslate")
        monkeypatch.setattr(settings, "MICADO_MT_URL", server.url)
        monkeypatch.setattr(mt, "_send", lambda job_id: None)  # sent below, to our queue
        (job,) = mt.mt_jobs_queue(items=[page], languages=["ar"], user=editor)
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "micado.settings.test",
            "DATABASE_URL": (
                f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
                f"/{db['NAME']}"
            ),
            "MICADO_MT_PROVIDER": "libretranslate",
            "MICADO_MT_URL": server.url,
            "MICADO_MT_TIMEOUT": "10",
        }
        worker = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "micado", "worker", "-Q", queue,
             "--pool=solo", "--without-gossip", "--without-mingle", "--without-heartbeat",
             "-n", f"{queue}@%h", "--loglevel=WARNING"],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        )  # fmt: skip
        app.conf.task_always_eager = False
        try:
            result = machine_translate_item.apply_async(args=[job.pk], queue=queue)
            answer = result.get(timeout=90)
        finally:
            app.conf.task_always_eager = True
            worker.terminate()
            output, _ = worker.communicate(timeout=30)
    assert answer == {"job": job.pk, "state": "done", "code": "done", "texts": 2}, output
    job = MachineTranslationJob.objects.get(pk=job.pk)
    assert job.state == JobState.DONE and job.started_at and job.finished_at
    page.refresh_from_db()
    assert page.body_ar == BODY_AR.format(term=term.pk)
    assert page.title_ar == "التسجيل"
    assert [r["path"] for r in server.requests] == ["/translate"]
    print(
        f"\nJob {job.pk} translated by a worker on queue {queue} via {settings.CELERY_BROKER_URL}"
    )
