"""Tests: fast hashing, mail in memory, the same database/broker switch as base."""

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
