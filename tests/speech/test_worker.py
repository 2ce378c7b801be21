"""Publishing an item makes the real Celery worker render its audio through Redis.

The worker is the one `.ci/run` starts for its step 3c: it reads the same PostgreSQL
database as this test (`micado_ci_worker`: the worker's DATABASE_URL, and the test
database's name through MICADO_TEST_DB_NAME, read by micado/settings/test.py, with
--reuse-db) and writes into the same MEDIA_ROOT (var/test-media: both use the test
settings from the same directory). The item is published through the content service;
its on_commit hook queues `speech.render_item` per language; the test waits for the
worker's rows and files. Without MICADO_EXPECT_WORKER=1 it skips; with it, a missing
worker, a database the worker cannot see or a render that never arrives fails.
"""

import os
import time
from pathlib import Path

import pytest
from django.db import connection

from apps.content import services as content
from apps.content.models import Information, Status
from apps.speech.models import AudioRendition
from micado.celery import app
from tests.speech.conftest import TEXTS, col, require_speech

LANGUAGES = ("de", "ar")
TIMEOUT = 120


def wait_for(condition, timeout: float):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.5)
    return condition()


@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_publishing_makes_the_real_worker_render_the_audio(
    make_user, pa_organisation, municipality, settings
):
    if not os.environ.get("MICADO_EXPECT_WORKER"):
        pytest.skip("set MICADO_EXPECT_WORKER=1 with a worker on the test database (.ci/run 3c)")
    require_speech()
    assert connection.vendor == "postgresql", "a worker cannot see an SQLite test database"
    assert settings.CELERY_BROKER_URL.startswith("redis://"), settings.CELERY_BROKER_URL
    shared = os.environ.get("MICADO_TEST_DB_NAME")
    assert shared and connection.settings_dict["NAME"] == shared, (
        "the worker reads MICADO_TEST_DB_NAME; this test must use that database",
        connection.settings_dict["NAME"],
    )
    replies = app.control.ping(timeout=2)
    assert replies, "no Celery worker answers on " + settings.CELERY_BROKER_URL

    editor = make_user("pa_editor")
    admin = make_user("pa_admin")
    item = content.item_create(
        model=Information,
        user=editor,
        organisation=pa_organisation,
        region=municipality,
        data={
            **{col("title", code): TEXTS[code][0] for code in LANGUAGES},
            **{col("summary", code): TEXTS[code][1] for code in LANGUAGES},
        },
    )
    assert not AudioRendition.objects.filter(object_id=item.pk).exists()
    settings.MICADO_SPEECH_QUEUE = "auto"  # the suite's default is "off"
    app.conf.task_always_eager = False
    try:
        content.item_publish(item=Information.objects.get(pk=item.pk), user=admin)
        rows = wait_for(
            lambda: (
                list(
                    AudioRendition.objects.filter(
                        object_id=item.pk, content_type__model="information"
                    ).order_by("language", "format")
                )
                if AudioRendition.objects.filter(object_id=item.pk).count() == 2 * len(LANGUAGES)
                else None
            ),
            TIMEOUT,
        )
    finally:
        app.conf.task_always_eager = True
    assert Information.objects.get(pk=item.pk).status == Status.PUBLISHED
    assert rows, f"the worker rendered nothing for item {item.pk} within {TIMEOUT} s"
    assert {(r.language, r.format) for r in rows} == {
        (code, fmt) for code in LANGUAGES for fmt in ("opus", "mp3")
    }
    for row in rows:
        path = Path(settings.MEDIA_ROOT) / row.file.name
        assert path.is_file() and path.stat().st_size == row.size > 1000, row
        assert row.backend == "espeak-ng" and row.duration > 1
        assert f"speech/{row.language}/" in row.file.name
    print(
        f"\nAudio of item {item.pk} ({', '.join(LANGUAGES)}) rendered by worker "
        f"{next(iter(replies[0]))} via {settings.CELERY_BROKER_URL}"
    )
