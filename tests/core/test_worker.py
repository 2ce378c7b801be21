"""A task round-trips through the real broker to a real worker (.ci/run starts both).

Without REDIS_URL the same task runs in-process, which is the embedded default. The
rest of the suite runs tasks in-process even with a broker (micado/settings/test.py),
so this test switches eager mode off for itself.
"""

import os
import uuid

import pytest
from django.conf import settings

from apps.core.tasks import health_ping
from micado.celery import app


def test_task_runs_in_process_in_the_suite():
    assert settings.CELERY_TASK_ALWAYS_EAGER
    result = health_ping.delay("local").get(timeout=5)
    assert result["token"] == "local"
    assert result["eager"] is True


@pytest.mark.worker
def test_task_is_executed_by_a_real_worker_through_redis():
    if not os.environ.get("MICADO_EXPECT_WORKER"):
        pytest.skip("set MICADO_EXPECT_WORKER=1 with a running worker (.ci/run does)")
    assert settings.CELERY_BROKER_URL.startswith("redis://")
    token = uuid.uuid4().hex
    app.conf.task_always_eager = False
    try:
        result = health_ping.delay(token).get(timeout=30)
    finally:
        app.conf.task_always_eager = True
    assert result["token"] == token
    assert result["eager"] is False
    assert result["worker"].startswith("celery@")
    print(f"\nTask {token} executed by worker {result['worker']} via {settings.CELERY_BROKER_URL}")
