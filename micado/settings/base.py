"""Settings shared by every environment. Values come from the environment.

See docs/settings.md for the table of variables.
"""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from .env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env_str("MICADO_VAR_DIR", str(BASE_DIR / "var")))

SECRET_KEY = env_str("SECRET_KEY", "insecure-development-key-do-not-use-in-production")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    # modeltranslation must come before django.contrib.admin
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    # domain apps
    "apps.core",
    "apps.accounts",
    "apps.regions",
    "apps.content",
    "apps.translations",
    "apps.dashboard",
    "apps.speech",
    "apps.chatbot",
    # role apps and the API
    "apps.migrants",
    "apps.administration",
    "apps.organisations",
    "apps.api",
    # above everything: importers of other systems' content and the demo loader
    "apps.importers",
    "apps.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "apps.core.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Brotli/gzip only for responses without secrets (BREACH); ETags (304s) for repeat visits.
    "apps.core.compression.PublicCompressionMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "apps.core.middleware.AcceptLanguageAliasMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "apps.core.middleware.LanguageCookieMiddleware",
    "apps.migrants.pages.cache.PageCacheMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "apps.core.middleware.SignedInPrivateCacheMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "apps.accounts.middleware.StaffTwoFactorMiddleware",
]

ROOT_URLCONF = "micado.urls"
WSGI_APPLICATION = "micado.wsgi.application"
ASGI_APPLICATION = "micado.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "apps.core.context_processors.platform",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'micado.sqlite3'}")
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60), conn_health_checks=True
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the development server read while a task writes.
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = (
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
    )
    # Writers from several processes (render_audio's pool, a worker beside runserver):
    # take the write lock when a transaction begins and wait up to 20 s for it, instead
    # of failing with "database is locked" when a read-then-write transaction meets
    # another writer (SQLite cannot upgrade a deferred transaction then).
    DATABASES["default"]["OPTIONS"]["transaction_mode"] = "IMMEDIATE"
    DATABASES["default"]["OPTIONS"]["timeout"] = 20
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache, broker, tasks ---------------------------------------------------
REDIS_URL = env_str("REDIS_URL", "")
CACHE_KEY_PREFIX = env_str("CACHE_KEY_PREFIX", "micado")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
        }
    }
    CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", REDIS_URL)
    CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND", REDIS_URL)
    CELERY_TASK_ALWAYS_EAGER = False
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "micado",
            "KEY_PREFIX": CACHE_KEY_PREFIX,
        }
    }
    # No broker configured: tasks run in-process, in the calling thread.
    CELERY_BROKER_URL = "memory://"
    CELERY_RESULT_BACKEND = None
    CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 300)
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 360)
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_RESULT_EXPIRES = 3600
CELERY_TIMEZONE = "Europe/Berlin"
CELERY_BEAT_SCHEDULE: dict = {}
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")

# --- Authentication -------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "migrants:home"
ACCOUNT_LOGOUT_REDIRECT_URL = "migrants:home"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = env_str("ACCOUNT_EMAIL_VERIFICATION", "mandatory")
ACCOUNT_SIGNUP_FORM_CLASS = "apps.accounts.forms.SignupForm"
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = env_str("ACCOUNT_EMAIL_SUBJECT_PREFIX", "[micado] ")
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key"}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = env_str("MFA_TOTP_ISSUER", "micado")
# Staff (every PA and NGO role, and Django-admin users) must set up two-factor
# authentication before they can use anything but the set-up pages.
MICADO_STAFF_REQUIRE_2FA = env_bool("MICADO_STAFF_REQUIRE_2FA", True)

# --- Email ----------------------------------------------------------------
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "micado <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Languages ------------------------------------------------------------
# Every language the platform supports: content columns exist for all of them,
# so a deployment picks its set with MICADO_LANGUAGES and never writes a migration.
SUPPORTED_LANGUAGES = [
    ("ar", "Arabic"),
    ("zh-hans", "Simplified Chinese"),
    ("prs", "Dari"),
    ("nl", "Dutch"),
    ("en", "English"),
    ("de", "German"),
    ("it", "Italian"),
    ("ru", "Russian"),
    ("es", "Spanish"),
    ("uk", "Ukrainian"),
    ("ur", "Urdu"),
]
_supported_codes = [code for code, _name in SUPPORTED_LANGUAGES]
_enabled = env_list("MICADO_LANGUAGES", _supported_codes)
_unknown = sorted(set(_enabled) - set(_supported_codes))
if _unknown:
    raise ImproperlyConfigured(
        f"MICADO_LANGUAGES names unsupported languages {_unknown}; supported: {_supported_codes}."
    )
LANGUAGES = [(code, name) for code, name in SUPPORTED_LANGUAGES if code in _enabled]
LANGUAGE_CODE = env_str("MICADO_DEFAULT_LANGUAGE", "de")
if LANGUAGE_CODE not in _enabled:
    raise ImproperlyConfigured(
        f"MICADO_DEFAULT_LANGUAGE={LANGUAGE_CODE!r} is not one of MICADO_LANGUAGES {_enabled}."
    )
LANGUAGES_BIDI = ["ar", "prs", "ur", "fa", "he"]
# Browser language tags that mean one of our languages (Dari phones send fa-AF).
MICADO_LANGUAGE_ALIASES = {"fa-af": "prs", "zh-cn": "zh-hans", "zh-sg": "zh-hans", "zh": "zh-hans"}
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_vendor"]
USE_I18N = True
USE_TZ = True
# Number formats Django lacks (ar grouping, prs, ur): micado/formats/<locale>/formats.py.
FORMAT_MODULE_PATH = ["micado.formats"]
TIME_ZONE = env_str("TIME_ZONE", "Europe/Berlin")
LANGUAGE_COOKIE_NAME = "micado_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"

MODELTRANSLATION_LANGUAGES = tuple(_supported_codes)
MODELTRANSLATION_DEFAULT_LANGUAGE = LANGUAGE_CODE
MODELTRANSLATION_FALLBACK_LANGUAGES = {
    "default": tuple(env_list("MICADO_FALLBACK_LANGUAGES", [LANGUAGE_CODE, "en"]))
}
MODELTRANSLATION_AUTO_POPULATE = False

# --- Platform -------------------------------------------------------------
# The region whose tenant settings (name, colours, languages) the site shows
# when the visitor has not chosen a region.
MICADO_DEFAULT_REGION = env_str("MICADO_DEFAULT_REGION", "DE")
MICADO_SITE_NAME = env_str("MICADO_SITE_NAME", "micado")

# --- Static and media -----------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
# Files that only their owner may read (document wallet); never served directly.
PRIVATE_MEDIA_ROOT = Path(env_str("PRIVATE_MEDIA_ROOT", str(VAR_DIR / "private")))
# Document wallet of the migrant app: the largest file one may upload, and what one
# account may keep in all.
MICADO_WALLET_MAX_BYTES = env_int("MICADO_WALLET_MAX_BYTES", 10 * 1024 * 1024)
MICADO_WALLET_QUOTA_BYTES = env_int("MICADO_WALLET_QUOTA_BYTES", 50 * 1024 * 1024)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# --- Security headers -----------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Content-Security-Policy: only this origin; no inline scripts, no third parties.
MICADO_CSP = env_str(
    "MICADO_CSP",
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; media-src 'self' blob:; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
)

# --- REST API -------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "EXCEPTION_HANDLER": "apps.api.errors.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": [
        "apps.api.throttling.PublicAnonThrottle",
        "apps.api.throttling.PublicUserThrottle",
    ],
    # Every throttle's rate, read at each request (apps.core.ratelimit.SettingsRateMixin).
    # The public API: requests per client address (anonymous) or per account (signed in);
    # "" switches one off. The chat's two scopes are added in its section below.
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_str("MICADO_API_RATE_ANON", "300/minute") or None,
        "user": env_str("MICADO_API_RATE_USER", "1200/minute") or None,
    },
}
# Answers to "Was this helpful?" per client address and hour, on top of the per-session cap;
# generous, since a reception centre puts many visitors behind one address.
MICADO_FEEDBACK_RATE_PER_HOUR = env_int("MICADO_FEEDBACK_RATE_PER_HOUR", 300)
SPECTACULAR_SETTINGS = {
    "TITLE": "micado API",
    "DESCRIPTION": "Public REST API v1 of the micado migrant-integration platform.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": r"/api/v[0-9]+",
    "ENUM_NAME_OVERRIDES": {
        "InformationKindEnum": "apps.content.models.InformationKind",
        "CourseKindEnum": "apps.content.models.CourseKind",
        "CounsellingKindEnum": "apps.content.models.CounsellingKind",
        "OrganisationKindEnum": "apps.accounts.roles.OrganisationKind",
    },
}

# --- Logging --------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# --- Schedules (Celery beat) ----------------------------------------------
# Each app adds its own entries below, one statement each.
CELERY_BEAT_SCHEDULE["content-scheduled-publication"] = {
    "task": "content.apply_schedule",
    "schedule": 300.0,
}
CELERY_BEAT_SCHEDULE["content-flush-view-counts"] = {
    "task": "content.flush_view_counts",
    "schedule": 600.0,
}
CELERY_BEAT_SCHEDULE["dashboard-platform-figures"] = {
    "task": "dashboard.compute_platform_figures",
    "schedule": 24 * 3600.0,
}

# --- Speech (apps/speech, docs/speech.md) -------------------------------------
# Backend per language ("default" for the rest): "espeak-ng" (offline) or "gtts" (online).
MICADO_SPEECH_BACKENDS = {"default": env_str("MICADO_SPEECH_BACKEND", "espeak-ng")}
MICADO_SPEECH_BACKEND_CLASSES = {
    "espeak-ng": "apps.speech.backends.espeak.EspeakBackend",
    "gtts": "apps.speech.backends.gtts.GttsBackend",
}
MICADO_SPEECH_FALLBACK_BACKEND = "espeak-ng"
# "auto": the Celery worker when a broker is configured, else a background thread;
# "inline": render in the caller (tests); "off": never queue on publication.
MICADO_SPEECH_QUEUE = env_str("MICADO_SPEECH_QUEUE", "auto")
MICADO_SPEECH_SLOTS_PER_LANGUAGE = env_int("MICADO_SPEECH_SLOTS_PER_LANGUAGE", 2)
MICADO_SPEECH_SLOT_WAIT = env_int("MICADO_SPEECH_SLOT_WAIT", 120)
MICADO_SPEECH_OPUS_KBPS = env_int("MICADO_SPEECH_OPUS_KBPS", 24)
MICADO_SPEECH_MP3_KBPS = env_int("MICADO_SPEECH_MP3_KBPS", 32)
MICADO_ESPEAK_WPM = env_int("MICADO_ESPEAK_WPM", 160)
MICADO_GTTS_URL = env_str("MICADO_GTTS_URL", "")
MICADO_GTTS_TIMEOUT = env_int("MICADO_GTTS_TIMEOUT", 10)
# Serve /media/speech/ from Django (with byte ranges) when no proxy does it.
MICADO_SPEECH_SERVE_FILES = env_bool("MICADO_SPEECH_SERVE_FILES", True)
CELERY_BEAT_SCHEDULE["speech-render-missing"] = {
    "task": "speech.render_missing",
    "schedule": 3600.0,
}
# Health checks of other apps for /healthz (apps/core/health.py), {name: dotted path}.
MICADO_HEALTH_CHECKS = {"speech": "apps.speech.health.check_speech"}
# --- Chatbot (apps/chatbot; docs/chatbot.md) ------------------------------------------
# Without RASA_URL the embedded bot answers; with it Rasa's REST channel does, and the
# embedded bot answers whenever Rasa is down, slower than RASA_TIMEOUT seconds or errs.
RASA_URL = env_str("RASA_URL", "")
RASA_TOKEN = env_str("RASA_TOKEN", "")
RASA_TIMEOUT = float(env_str("RASA_TIMEOUT", "3"))
MICADO_CHAT_MAX_LENGTH = env_int("MICADO_CHAT_MAX_LENGTH", 500)
MICADO_CHAT_HISTORY = env_int("MICADO_CHAT_HISTORY", 20)  # messages kept in the session
MICADO_HEALTH_CHECKS["chatbot"] = "apps.chatbot.health.check_rasa"
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"].update(
    chat_session=env_str("MICADO_CHAT_RATE_SESSION", "20/min"),
    chat_client=env_str("MICADO_CHAT_RATE_CLIENT", "60/min"),
)
# --- Machine translation (apps/translations/providers) ----------------------
# "" (off), "libretranslate" or "deepl"; nothing leaves the deployment unless set.
MICADO_MT_PROVIDER = env_str("MICADO_MT_PROVIDER", "")
MICADO_MT_URL = env_str("MICADO_MT_URL", "")
MICADO_MT_API_KEY = env_str("MICADO_MT_API_KEY", "")
MICADO_MT_TIMEOUT = float(env_str("MICADO_MT_TIMEOUT", "30"))
# --- Where staff land after signing in (apps/accounts/adapter.py) -------------
ACCOUNT_ADAPTER = "apps.accounts.adapter.AccountAdapter"
