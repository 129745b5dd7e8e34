"""Django settings: every value comes from the environment (see `.env.example`).

A bad value stops start-up with an ``ImproperlyConfigured`` naming the variable. With nothing set,
the project runs on embedded defaults: SQLite, a file-system Celery broker and a file cache, so
`make run` needs no PostgreSQL and no Redis.
"""

import logging
from pathlib import Path

from core.observability.logging import logging_config
from core.observability.sentry import sentry_init
from recruitment.api_settings import REST_FRAMEWORK, SPECTACULAR_SETTINGS  # noqa: F401  (settings)
from recruitment.booking_settings import booking_settings
from recruitment.content_security import CONTENT_SECURITY_POLICY  # noqa: F401  (a setting: every page's CSP)
from recruitment.database_settings import database_settings
from recruitment.email_settings import email_settings
from recruitment.environment import Env
from recruitment.hh_settings import hh_settings
from recruitment.max_settings import max_settings
from recruitment.task_queue import *  # noqa: F403  (Celery's fixed task settings)
from recruitment.telegram_settings import telegram_settings

env = Env()
logger = logging.getLogger("recruitment")

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env.str("VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env.bool("DEBUG", False)

SECRET_KEY = env.str("SECRET_KEY")
if not SECRET_KEY and DEBUG:
    SECRET_KEY = "insecure-development-key-never-use-in-production"
SECRET_KEY_CONFIGURED = bool(SECRET_KEY)
# Outside DEBUG an empty key stops every process that serves or works (core.checks):
# the web app, the Celery worker and beat, and the Telegram bot worker. Offline
# commands such as makemigrations need no key; `check --deploy` reports it.

PUBLIC_BASE_URL = env.url("PUBLIC_BASE_URL", "http://127.0.0.1:8000")
ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", PUBLIC_BASE_URL.split("://", 1)[1].split(":")[0]]
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", [PUBLIC_BASE_URL])

INSTALLED_APPS = [
    # Before the admin: its templates override the admin's own (index, login).
    "backoffice",
    "backoffice.apps.BackofficeAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "backoffice.apps.TwoFactorConfig",  # django_otp.plugins.otp_totp, named in the reader's language
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "csp",
    "core",
    "candidates",
    "messaging",
    "interviews",
    "tests_app",
    "onef_api",
    "webhooks",
    "hr_notifications",
    "operations",
    "careers",
    "booking",
    "telegram_bot",
    "max_bot",
    "job_boards",
    "automation",
]

MIDDLEWARE = [
    # First: every response, whatever answers it, carries X-Request-ID.
    "core.observability.request_id.RequestIdMiddleware",
    "core.observability.metrics.MetricsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # recruitment.browser_middleware: the browser's middleware, skipped under /api/ and /telegram/.
    "recruitment.browser_middleware.CSPMiddleware",
    "onef_api.middleware.ApiBodyLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "recruitment.browser_middleware.SessionMiddleware",
    "recruitment.browser_middleware.LocaleMiddleware",
    "core.middleware.ApiSpeaksEnglishMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",  # not wrapped: `check --deploy` looks for it by name
    "recruitment.browser_middleware.AuthenticationMiddleware",
    "recruitment.browser_middleware.OTPMiddleware",
    # After LocaleMiddleware and the user: an HR user's stored back-office language wins.
    "recruitment.browser_middleware.UserLanguageMiddleware",
    "recruitment.browser_middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "recruitment.browser_middleware.TelegramMiniAppPolicyMiddleware",
]

ROOT_URLCONF = "recruitment.urls"
WSGI_APPLICATION = "recruitment.wsgi.application"
ASGI_APPLICATION = "recruitment.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
            ],
        },
    },
]

# --- Database: DATABASE_URL, DATABASE_POOLER, DATABASE_DIRECT_URL (recruitment/database_settings.py) ---
globals().update(database_settings(env, base_dir=BASE_DIR))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and Celery -----------------------------------------------------------------------
REDIS_URL = env.url("REDIS_URL", "", schemes=("redis", "rediss", "unix"))
# A Redis that hangs costs one short timeout, then the cache fails fast for REDIS_BREAKER_SECONDS
# (core/redis_breaker.py); the rate limits fail open meanwhile.
REDIS_SOCKET_TIMEOUT_MS = env.int("REDIS_SOCKET_TIMEOUT_MS", 200, minimum=10, maximum=10_000)
REDIS_BREAKER_SECONDS = env.int("REDIS_BREAKER_SECONDS", 5, minimum=1, maximum=3600)
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {
                "CLIENT_CLASS": "core.redis_breaker.BreakerClient",
                "SOCKET_CONNECT_TIMEOUT": REDIS_SOCKET_TIMEOUT_MS / 1000,
                "SOCKET_TIMEOUT": REDIS_SOCKET_TIMEOUT_MS / 1000,
            },
        }
    }
    CELERY_BROKER_URL = REDIS_URL
else:
    # Shared between the web server, the worker and beat without any server to run.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(VAR_DIR / "celery" / "queue"),
        "data_folder_out": str(VAR_DIR / "celery" / "queue"),
        "control_folder": str(VAR_DIR / "celery" / "control"),
        "store_processed": False,
    }

CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", 120, minimum=1)
CELERY_TASK_TIME_LIMIT = CELERY_TASK_SOFT_TIME_LIMIT + 30
# Publishing must not hang a web request when the broker is down or hangs: one REDIS_SOCKET_TIMEOUT_MS
# per publish, and the outbox sweeper catches up. Workers allow their own reads longer (recruitment.celery).
CELERY_BROKER_TRANSPORT_OPTIONS = {
    **globals().get("CELERY_BROKER_TRANSPORT_OPTIONS", {}),
    "max_retries": 1,
    "socket_connect_timeout": REDIS_SOCKET_TIMEOUT_MS / 1000,
    "socket_timeout": REDIS_SOCKET_TIMEOUT_MS / 1000,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
CELERY_TASK_PUBLISH_RETRY = False
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")

# --- Internationalisation -------------------------------------------------------------------
# Russian by default: most candidates and HR managers of the platform speak Russian (README,
# "Languages"). The default applies only where nothing better is known: a browser asking for neither
# language, a candidate with no stored language. Names of the languages are given in themselves.
DEFAULT_LANGUAGE = env.choice("DEFAULT_LANGUAGE", "ru", ("ru", "en"))
LANGUAGE_CODE = DEFAULT_LANGUAGE
LANGUAGES = [("ru", "Русский"), ("en", "English")]
# E.164 storage of phone numbers; numbers typed without a country code are read in this region.
PHONE_DEFAULT_REGION = env.phone_region("PHONE_DEFAULT_REGION", "RU")
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.timezone("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files ---------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
WHITENOISE_USE_FINDERS = True
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
CV_MAX_BYTES = env.int("CV_MAX_BYTES", 10 * 1024 * 1024, minimum=1024)
# CVs are parsed in a child process that cannot grow past this address space nor run longer.
CV_PARSE_MAX_MB = env.int("CV_PARSE_MAX_MB", 256, minimum=128)
CV_PARSE_TIMEOUT_SECONDS = env.int("CV_PARSE_TIMEOUT_SECONDS", 30, minimum=1)

# REST_FRAMEWORK and SPECTACULAR_SETTINGS are fixed: recruitment/api_settings.py.

# --- OneF integration -----------------------------------------------------------------------
INTEGRATION_RPS = env.int("INTEGRATION_RPS", 10, minimum=1, maximum=100_000)
ONEF_API_AUTH = env.choice("ONEF_API_AUTH", "required", ("required", "off"))
# API keys are read once per this many seconds per process (a revocation elsewhere takes effect within it).
ONEF_API_KEY_CACHE_SECONDS = env.int("ONEF_API_KEY_CACHE_SECONDS", 5, minimum=0, maximum=300)
ONEF_WEBHOOK_URL = env.url("ONEF_WEBHOOK_URL", "")
ONEF_WEBHOOK_SECRET = env.str("ONEF_WEBHOOK_SECRET", "")
WEBHOOK_RETENTION_DAYS = env.int("WEBHOOK_RETENTION_DAYS", 30, minimum=1)
# When a delivery to an endpoint succeeds, its deliveries that ended failed within the retention
# window are queued again, in their events' order (webhooks/services/recovery.py).
WEBHOOK_REPLAY_ON_RECOVERY = env.bool("WEBHOOK_REPLAY_ON_RECOVERY", True)
WEBHOOK_RETRY_SCHEDULE = env.seconds_list(
    "WEBHOOK_RETRY_SCHEDULE", [5, 30, 120, 600, 1800, 3600, 10800, 21600, 43200, 43200]
)
# How long a worker holds a delivery it is sending; past it the sweeper hands the delivery to another
# worker (the first one died). Longer than the connect + read timeouts (3 s + 10 s).
WEBHOOK_LEASE_SECONDS = env.int("WEBHOOK_LEASE_SECONDS", 60, minimum=1)
# A delivery task also claims, sends and records up to this many - 1 other due deliveries (1: its own only).
WEBHOOK_BATCH_SIZE = env.int("WEBHOOK_BATCH_SIZE", 20, minimum=1, maximum=500)

# --- Telegram and MAX bots: tokens, addresses, polling or webhook (recruitment/{telegram,max}_settings.py) ---
_limit = CELERY_TASK_TIME_LIMIT
globals().update(telegram_settings(env, public_base_url=PUBLIC_BASE_URL, debug=DEBUG, task_time_limit=_limit))
globals().update(max_settings(env, public_base_url=PUBLIC_BASE_URL, debug=DEBUG))  # off without a token
# --- hh.ru (off while unset), interview booking, e-mail (recruitment/{hh,booking,email}_settings.py) ---
globals().update(hh_settings(env, public_base_url=PUBLIC_BASE_URL))
globals().update(booking_settings(env))
globals().update(email_settings(env))

# --- Candidates' consent and the careers page ----------------------------------------------
# The data-processing policy a candidate accepts (bot and web); its version is stored with the consent.
# Empty text: the built-in (translated) policy sentence is shown.
DATA_POLICY_VERSION = env.str("DATA_POLICY_VERSION", "1")
DATA_POLICY_TEXT = env.str("DATA_POLICY_TEXT", "")
DATA_POLICY_URL = env.url("DATA_POLICY_URL", "")
# Applications through the careers page's web form allowed per IP (django-ratelimit's rate syntax).
CAREERS_APPLY_RATE = env.str("CAREERS_APPLY_RATE", "5/h")
# The {company} of message templates; quiet hours (candidate's local time) hold candidate messages.
COMPANY_NAME = env.str("COMPANY_NAME", "Recruitment")

# --- AI screening ---------------------------------------------------------------------------
AI_BACKEND = env.choice("AI_BACKEND", "local", ("local", "openai"))
AI_API_URL = env.url("AI_API_URL", "", required_because="AI_BACKEND=openai" if AI_BACKEND == "openai" else "")
AI_API_KEY = env.str("AI_API_KEY", "")
AI_MODEL = env.str("AI_MODEL", "gpt-4o-mini")
AI_TIMEOUT_SECONDS = env.int("AI_TIMEOUT_SECONDS", 20, minimum=1, maximum=600)

# --- Technical tests ------------------------------------------------------------------------
TEST_HEARTBEAT_SECONDS = env.int("TEST_HEARTBEAT_SECONDS", 10, minimum=1, maximum=3600)
TEST_ESCAPE_AFTER_SECONDS = env.int(
    "TEST_ESCAPE_AFTER_SECONDS", 300, longer_than=("TEST_HEARTBEAT_SECONDS", TEST_HEARTBEAT_SECONDS)
)

# --- Operations ---------------------------------------------------------------------------
# /metrics answers a bearer METRICS_TOKEN or a client in METRICS_ALLOWED_IPS (addresses or CIDRs);
# with neither set it is 404.
METRICS_TOKEN = env.str("METRICS_TOKEN", "")
METRICS_ALLOWED_IPS = env.ip_networks("METRICS_ALLOWED_IPS")

# --- Admin ----------------------------------------------------------------------------------
ADMIN_LOGIN_RATE = env.str("ADMIN_LOGIN_RATE", "10/m")
# Two-factor login (TOTP, django-otp): optional for staff; required for superusers when true.
ADMIN_REQUIRE_2FA = env.bool("ADMIN_REQUIRE_2FA", False)
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", "Recruitment back-office")
# Candidates rejected or inactive this many days are anonymised by beat (backoffice/retention.py);
# 0 turns the rule off.
CANDIDATE_RETENTION_DAYS = env.int("CANDIDATE_RETENTION_DAYS", 365, minimum=0)

# Folders the embedded defaults write to; created at start-up (core.apps), not on import.
RUNTIME_DIRS = [VAR_DIR, STATIC_ROOT]
if not REDIS_URL:
    RUNTIME_DIRS += [VAR_DIR / "celery" / "queue", VAR_DIR / "celery" / "control"]

# --- Production hardening -------------------------------------------------------------------
# An https PUBLIC_BASE_URL turns on HSTS, the redirect to https and secure cookies (not in DEBUG);
# each can be set on its own. SECURE_PROXY_SSL_HEADER is opt-in: only behind a proxy that sets
# X-Forwarded-Proto itself (a client could forge it otherwise). Probes stay reachable over http.
SERVES_HTTPS = PUBLIC_BASE_URL.startswith("https://") and not DEBUG
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", SERVES_HTTPS)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", SERVES_HTTPS)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", 31_536_000 if SERVES_HTTPS else 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", False)
# Preloading is a commitment for the whole domain: the operator opts in, so no warning without it.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
if env.bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOG_LEVEL = env.choice("LOG_LEVEL", "info", ("debug", "info", "warning", "error")).upper()
LOG_FORMAT = env.choice("LOG_FORMAT", "plain", ("plain", "json"))
LOGGING = logging_config(level=LOG_LEVEL, log_format=LOG_FORMAT)

# Errors to Sentry only when a DSN is configured; without it nothing is sent anywhere.
SENTRY_DSN = env.url("SENTRY_DSN", "")
SENTRY_ENVIRONMENT = env.str("SENTRY_ENVIRONMENT", "development" if DEBUG else "production")
SENTRY_ENABLED = sentry_init(dsn=SENTRY_DSN, environment=SENTRY_ENVIRONMENT)
