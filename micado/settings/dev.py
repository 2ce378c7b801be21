"""Development: `make run`. SQLite under var/, tasks in-process, mail on the console."""

from .base import *  # noqa: F403
from .env import env_bool, env_str

DEBUG = env_bool("DEBUG", True)
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
MICADO_STAFF_REQUIRE_2FA = env_bool("MICADO_STAFF_REQUIRE_2FA", False)
MICADO_DEFAULT_REGION = env_str("MICADO_DEFAULT_REGION", "06999001")
ACCOUNT_EMAIL_VERIFICATION = env_str("ACCOUNT_EMAIL_VERIFICATION", "optional")
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
