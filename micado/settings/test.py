"""Tests: fast hashing, mail in memory, the same database and cache switch as base."""

import os

from .base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
MICADO_STAFF_REQUIRE_2FA = True
ACCOUNT_RATE_LIMITS = False
MEDIA_ROOT = VAR_DIR / "test-media"
PRIVATE_MEDIA_ROOT = VAR_DIR / "test-private"
LOGGING["root"]["level"] = "WARNING"

# Tasks run in-process in the suite even when a broker is configured: a worker process
# cannot see the rows of a test's open transaction. tests/core/test_worker.py sends a
# task through the real broker to the real worker that .ci/run starts.
CELERY_TASK_ALWAYS_EAGER = True
# pytest-xdist workers share one Redis: each gets its own key prefix, so one cannot
# read or clear the other's entries (tests/conftest.py clears by prefix).
if os.environ.get("PYTEST_XDIST_WORKER"):
    CACHES["default"]["KEY_PREFIX"] = f"{CACHE_KEY_PREFIX}-{os.environ['PYTEST_XDIST_WORKER']}"  # noqa: F405

# Publishing does not render audio in the suite (tests/speech switch it on for themselves).
MICADO_SPEECH_QUEUE = "off"

# .ci/run step 3c: the test database is the one its Celery worker reads (made and migrated
# before the worker starts; pytest runs with --reuse-db), so the worker sees the test's rows.
if os.environ.get("MICADO_TEST_DB_NAME"):
    DATABASES["default"]["TEST"] = {"NAME": os.environ["MICADO_TEST_DB_NAME"]}  # noqa: F405
