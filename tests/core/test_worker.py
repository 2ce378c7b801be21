"""A task round-trips through the real broker to a real worker (.ci/run starts both).

Without REDIS_URL the same task runs in-process, which is the embedded default.
"""

import os
import uuid

import pytest
from django.conf import settings

from apps.core.tasks import health_ping


def test_task_runs_in_process_without_a_broker():
    if not settings.CELERY_TASK_ALWAYS_EAGER:
        pytest.skip("a broker is configured; see the worker test")
    result = health_ping.delay("local").get(timeout=5)
    assert result["token"] == "local"
    assert result["eager"] is True


@pytest.mark.worker
def test_task_is_executed_by_a_real_worker_through_redis():
    if not os.environ.get("MICADO_EXPECT_WORKER"):
        pytest.skip("set MICADO_EXPECT_WORKER=1 with a running worker (.ci/run does)")
    assert settings.CELERY_BROKER_URL.startswith("redis://")
    assert not settings.CELERY_TASK_ALWAYS_EAGER
    token = uuid.uuid4().hex
    result = health_ping.delay(token).get(timeout=30)
    assert result["token"] == token
    assert result["eager"] is False
    assert result["worker"].startswith("celery@")
    print(f"\nTask {token} executed by worker {result['worker']} via {settings.CELERY_BROKER_URL}")
