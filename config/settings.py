"""Settings for the procuratorial supervision system.

One module, configured from environment variables. Every default is the *embedded* mode
(SQLite, Celery on kombu's filesystem transport, console e-mail), so ``./dev up`` works on a
fresh machine with no server to install; production (docker-compose.yml) sets the variables.
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.utils.translation import gettext_lazy
from kombu import Exchange, Queue

from supervision.monitoring.logs import logging_config

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)
DEMO_MODE = env_bool("DEMO_MODE", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "embedded-mode-insecure-key-change-me-in-production")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "config.admin.SupervisionAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # the API documentation page's assets, offline
    "drf_standardized_errors",
    "knox",
    "guardian",
    "axes",
    # Two-factor (issue 15): TOTP authenticators and recovery codes (supervision/two_factor.py).
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_htmx",
    "csp",
    "bootstrap",
    "js_lib_htmx",
    "django_prometheus",
    "django_structlog",
    "pgtrigger",  # the audit table's append-only triggers (supervision/models/audit.py)
    "supervision",
    "supervision.monitoring",
    "agencies",
    "cases",
    "congress",
    "recommendations",
    "hearings",
    "duties",
    "inspections",
    "litigation",
    "quality",
    "adjudication",
    "portal",
    "reporting",
    "integrations",
    "publication",
    "demo",
]

MIDDLEWARE = [
    # First and (next to) last: django-prometheus' request counters and latency histograms.
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    # The request id (X-Request-ID in and out) and the request_finished line (django-structlog).
    "django_structlog.middlewares.RequestMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Audit entries carry the client's address (issue 15).
    "supervision.middleware.AuditContextMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Inside the session's: reads stay on the primary after this browser wrote (supervision.db).
    "supervision.db.ReadYourWritesMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # django-otp's: the device that verified this session (request.user.is_verified()),
    # checked against ids loaded with the user, not read on every request.
    "supervision.two_factor.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Content-Security-Policy on every response (CONTENT_SECURITY_POLICY below).
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Inside htmx's: a timed-out session comes back to its page after login (not a fragment).
    "supervision.middleware.SessionReturnMiddleware",
    # Idle and absolute session lifetimes (issue 15).
    "supervision.middleware.SessionLifetimeMiddleware",
    # A password-only session reaches no protected page: the verify step or enrolment first
    # (TWO_FACTOR_REQUIRED below; issue 15).
    "supervision.two_factor.TwoFactorMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
    # Last, as django-axes asks: it turns a lockout raised during login into the locked page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "supervision.context_processors.navigation",
                "agencies.context_processors.liaison_agencies",
                "duties.context_processors.duties_navigation",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------------------
DATABASE_URL = os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}")
# PostgreSQL: persistent connections (one per gunicorn thread), checked once by each request
# that reuses one; SQLite: one per request. Why not psycopg's pool: docs/scaling.md.
DB_CONN_MAX_AGE = int(os.environ.get("DB_CONN_MAX_AGE",
                                     "0" if DATABASE_URL.startswith("sqlite") else "60"))
DB_OPTIONS = {"conn_max_age": DB_CONN_MAX_AGE, "conn_health_checks": DB_CONN_MAX_AGE > 0}
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, **DB_OPTIONS)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE transactions take the write lock at BEGIN, so two concurrent writers queue
    # instead of failing with "database is locked" half-way through (document-number races).
    # WAL lets the web process read while the Celery worker writes.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # A file, not :memory:, so that a real Celery worker process sees the test database.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}
# Optional: a PostgreSQL streaming replica read by the pages that opt in (supervision.db,
# docs/scaling.md). Tests never create a database on it: the alias mirrors default's.
# PostgreSQL, least privilege (issue 15, supervision/db_roles.py): the role the application
# connects as (DATABASE_URL's user in production); `migrate` runs as the owner and grants it
# its rights. Empty: no grants (SQLite, or a single-role development database).
DATABASE_APP_ROLE = os.environ.get("DATABASE_APP_ROLE", "")

# Where `manage.py audit_archive` writes audit entries older than six months (issue 15); keep
# it on backed-up storage.
AUDIT_ARCHIVE_DIR = Path(os.environ.get("AUDIT_ARCHIVE_DIR", str(VAR_DIR / "audit-archive")))

DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(DATABASE_REPLICA_URL, **DB_OPTIONS)
    if "postgresql" in DATABASES["replica"]["ENGINE"]:
        DATABASES["replica"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 3)  # fail fast
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["supervision.db.ReplicaRouter"]
REPLICA_PIN_SECONDS = int(os.environ.get("REPLICA_PIN_SECONDS", "15"))
REPLICA_MAX_LAG_SECONDS = float(os.environ.get("REPLICA_MAX_LAG_SECONDS", "10"))
REPLICA_CHECK_SECONDS = float(os.environ.get("REPLICA_CHECK_SECONDS", "5"))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "supervision.User"

AUTHENTICATION_BACKENDS = [
    # First: refuses an attempt while the username + address is locked out (django-axes).
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, loading the request's user with their procuratorate (one query).
    "supervision.auth.UserBackend",
    "guardian.backends.ObjectPermissionBackend",
    "supervision.roles.RoleBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    # 等保三级: at least 12 characters of three kinds (issue 15).
    {"NAME": "supervision.passwords.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "supervision.passwords.CharacterClassValidator", "OPTIONS": {"min_classes": 3}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "supervision.passwords.PublishedPasswordValidator"},
]
# Sessions end after SESSION_IDLE_SECONDS without a request, and SESSION_COOKIE_AGE after the
# login whatever happens (supervision.middleware.SessionLifetimeMiddleware).
SESSION_IDLE_SECONDS = int(os.environ.get("SESSION_IDLE_SECONDS", str(30 * 60)))
# Brute-force protection (django-axes): lock a username from one address after repeated failures.
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("LOGIN_LOCKOUT_HOURS", "0.5"))
# Per username *and* client address, so an outsider cannot lock someone else's account; behind
# reverse proxies the client address comes from X-Forwarded-For as far as TRUSTED_PROXY_COUNT
# proxies vouch for it (supervision/client_ip.py).
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "supervision.client_ip.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# Two-factor (TOTP + recovery codes) for procuratorate staff, observers and the three
# administrators; optional for liaisons, and required of anyone who enrolled. On by default;
# off by default in demo mode, whose published accounts have no authenticator (set it to
# turn it on there too).
TWO_FACTOR_REQUIRED = env_bool("TWO_FACTOR_REQUIRED", not DEMO_MODE)
# The name the authenticator app shows beside the account.
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "检察监督")
# The admin never shows an authenticator's secret or QR code: a system administrator could
# otherwise copy anyone's second factor (and the QR view answered a 500 for an unknown id).
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(12 * 3600)))
# A shared cache (Redis) when CACHE_URL names one, as the production shape does: sessions are
# then read from it (written through to the database), sparing every request a query, and
# rendered 送达回证 are shared between workers. Without it (the embedded default, tests) each
# process has its own memory cache and sessions stay in the database alone — a per-process
# session cache would keep a session alive in other workers after its logout.
CACHE_URL = os.environ.get("CACHE_URL", "")
if CACHE_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                          "LOCATION": CACHE_URL, "KEY_PREFIX": "jiancha"}}
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# --- Language and time --------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
#: Dates as users read them: 2026年3月5日 in Chinese, ISO in English (templates use ``|date``
#: and ``|date:"DATETIME_FORMAT"``; official documents keep their own Chinese dates).
FORMAT_MODULE_PATH = ["config.formats"]
USE_I18N = True
TIME_ZONE = "Asia/Shanghai"
USE_TZ = True

# --- Static and media ---------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media-not-served/"  # files are only ever served through permission-checked views
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
FILE_UPLOAD_MAX_BYTES = int(os.environ.get("FILE_UPLOAD_MAX_BYTES", str(20 * 1024 * 1024)))

# --- Celery -------------------------------------------------------------------------------
BROKER_DIR = VAR_DIR / "broker"
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", os.environ.get("REDIS_URL", "filesystem://"))
if CELERY_BROKER_URL.startswith("filesystem://"):
    for sub in ("out", "processed", "control"):
        (BROKER_DIR / sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_DIR / "out"),
        "data_folder_out": str(BROKER_DIR / "out"),
        "processed_folder": str(BROKER_DIR / "processed"),
        "control_folder": str(BROKER_DIR / "control"),
        "store_processed": False,
    }
# Four queues, so that each kind of work has workers of its own (compose: worker-sweep,
# worker-email, worker-documents): "sweep" (the deadline sweep and its deliveries), "email"
# (the outbox, digests), "documents" (PDF rendering and freezing, exports), "default" (the
# rest). Broker names carry the CELERY_QUEUE prefix ("supervision.sweep" …) so that two
# deployments, or a test's worker, can share one broker. A worker without -Q consumes all four.
TASK_QUEUE_PREFIX = os.environ.get("CELERY_QUEUE", "supervision")
TASK_QUEUES = {role: f"{TASK_QUEUE_PREFIX}.{role}"
               for role in ("default", "sweep", "email", "documents")}
# Each its own direct exchange and routing key (a bare Queue(name) would be bound to the
# default queue's exchange and key, and receive its messages too).
CELERY_TASK_QUEUES = [Queue(name, Exchange(name), routing_key=name)
                      for name in TASK_QUEUES.values()]
CELERY_TASK_DEFAULT_QUEUE = TASK_QUEUES["default"]
# Every task of ours, by name (tests/test_ops.py fails for a task missing here).
CELERY_TASK_ROUTES = {
    "recommendations.tasks.sweep_deadlines": {"queue": TASK_QUEUES["sweep"]},
    "recommendations.tasks.deliver_deadline_event": {"queue": TASK_QUEUES["sweep"]},
    "recommendations.tasks.queue_daily_digests": {"queue": TASK_QUEUES["email"]},
    "supervision.tasks.send_email": {"queue": TASK_QUEUES["email"]},
    "supervision.tasks.nightly_selfcheck": {"queue": TASK_QUEUES["default"]},
    "supervision.tasks.purge_form_submissions": {"queue": TASK_QUEUES["default"]},
    "reporting.tasks.render_congress_report": {"queue": TASK_QUEUES["documents"]},
    "integrations.tasks.deliver_webhook": {"queue": TASK_QUEUES["default"]},
    "integrations.tasks.requeue_webhooks": {"queue": TASK_QUEUES["default"]},
}
# A worker started with it serves its Prometheus metrics on this port (compose's workers).
WORKER_METRICS_PORT = int(os.environ.get("CELERY_WORKER_METRICS_PORT", "0") or 0)
# django-structlog: a task's log lines carry its task_id and the request_id that queued it.
DJANGO_STRUCTLOG_CELERY_ENABLED = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
DEADLINE_SWEEP_SECONDS = int(os.environ.get("DEADLINE_SWEEP_SECONDS", "300"))
CELERY_BEAT_SCHEDULE = {
    "deadline-sweep": {
        "task": "recommendations.tasks.sweep_deadlines",
        "schedule": DEADLINE_SWEEP_SECONDS,
    },
    # Crontabs are in CELERY_TIMEZONE (Asia/Shanghai). Each task keys its work (user + date,
    # report date), so a second beat running by mistake changes nothing.
    "daily-digest": {
        "task": "recommendations.tasks.queue_daily_digests",
        "schedule": crontab(hour=7, minute=30),
    },
    "nightly-selfcheck": {
        "task": "supervision.tasks.nightly_selfcheck",
        "schedule": crontab(hour=2, minute=30),
    },
    "purge-form-submissions": {
        "task": "supervision.tasks.purge_form_submissions",
        "schedule": crontab(hour=3, minute=10),
    },
    "webhook-requeue": {
        "task": "integrations.tasks.requeue_webhooks",
        "schedule": int(os.environ.get("WEBHOOK_REQUEUE_SECONDS", "60")),
    },
}
# Days a one-time form token or API idempotency key is remembered (supervision/services/once.py).
FORM_TOKEN_DAYS = int(os.environ.get("FORM_TOKEN_DAYS", "90"))
# Reminder offsets in days before the due date; 0 = on the day.
DEADLINE_REMINDER_DAYS = [int(d) for d in env_list("DEADLINE_REMINDER_DAYS", "7,1,0")]
# Days overdue at which the escalation steps fire: 1 suggest 催告 to the procurator, 2 notify
# the agency's superior authority, 3 the higher procuratorate (刑事诉讼规则 art. 553).
DEADLINE_ESCALATION_DAYS = [int(d) for d in env_list("DEADLINE_ESCALATION_DAYS", "15,30,60")]
# The sweep looks again at running deadlines written since its previous run started, less this
# many seconds: longer than any transaction that writes a deadline may stay open.
DEADLINE_SWEEP_OVERLAP = int(os.environ.get("DEADLINE_SWEEP_OVERLAP", "3600"))
# Tests only: seconds each deadline delivery sleeps inside its transaction, so that a fault
# test can kill a worker in the middle of a batch. Never set in production.
DEADLINE_DELIVERY_TEST_DELAY = float(os.environ.get("DEADLINE_DELIVERY_TEST_DELAY", "0") or 0)

# --- Outbound webhooks (integrations/) ----------------------------------------------------
# Addresses a webhook may not be sent to (private, loopback, link-local, multicast, this
# server's own) are refused unless allowed here: all of them, or listed hosts / networks.
WEBHOOK_ALLOW_PRIVATE_HOSTS = env_bool("WEBHOOK_ALLOW_PRIVATE_HOSTS", False)
# The demo (./dev up) subscribes the court's system on this machine (demo/integrations.py).
WEBHOOK_ALLOWED_HOSTS = env_list("WEBHOOK_ALLOWED_HOSTS", "127.0.0.1/32" if DEMO_MODE else "")
WEBHOOK_TIMEOUT_SECONDS = float(os.environ.get("WEBHOOK_TIMEOUT_SECONDS", "10"))
# A claim older than this is a dead worker's: longer than the timeout, by far.
WEBHOOK_LEASE_SECONDS = int(os.environ.get("WEBHOOK_LEASE_SECONDS", "120"))
WEBHOOK_MAX_ATTEMPTS = int(os.environ.get("WEBHOOK_MAX_ATTEMPTS", "10"))
WEBHOOK_RETRY_BASE_SECONDS = int(os.environ.get("WEBHOOK_RETRY_BASE_SECONDS", "60"))
WEBHOOK_RETRY_MAX_SECONDS = int(os.environ.get("WEBHOOK_RETRY_MAX_SECONDS", "21600"))
# Tests only: seconds a delivery waits between its claim and its POST (a fault test kills the
# worker there). Never set in production.
WEBHOOK_DELIVERY_TEST_DELAY = float(os.environ.get("WEBHOOK_DELIVERY_TEST_DELAY", "0") or 0)

# --- E-mail -------------------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "jiancha@localhost")
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))  # filebased backend
# Deadline e-mail: "digest" (one a day, 07:30) unless the user chose "immediate".
NOTIFICATION_DEFAULT_EMAIL_MODE = os.environ.get("NOTIFICATION_DEFAULT_EMAIL_MODE", "digest")
# Liaisons are not our users by choice: a new instrument, a decision or a reminder reaches them
# by e-mail at once unless they chose the digest.
NOTIFICATION_LIAISON_EMAIL_MODE = os.environ.get("NOTIFICATION_LIAISON_EMAIL_MODE", "immediate")
EMAIL_MAX_ATTEMPTS = int(os.environ.get("EMAIL_MAX_ATTEMPTS", "8"))
EMAIL_RETRY_BASE_SECONDS = int(os.environ.get("EMAIL_RETRY_BASE_SECONDS", "30"))
EMAIL_RETRY_MAX_SECONDS = int(os.environ.get("EMAIL_RETRY_MAX_SECONDS", "3600"))
DIGEST_RENDERER = "recommendations.services.digest.render_digest"
# Absolute links in e-mails and calendar feeds (no request to take the host from).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

# --- Documents ----------------------------------------------------------------------------
DOCUMENT_FONT_FAMILY = os.environ.get("DOCUMENT_FONT_FAMILY", '"Noto Serif CJK SC", "Noto Serif CJK", serif')
DOCUMENT_HEADING_FONT_FAMILY = os.environ.get(
    "DOCUMENT_HEADING_FONT_FAMILY", '"Noto Sans CJK SC", "Noto Sans CJK", sans-serif'
)

# --- Signed documents (issue 15; recommendations/signing_keys.py, docs/security.md) ----------
# Per-procuratorate keys outside the repository: <id>.key.pem, <id>.cert.pem, optional
# <id>.chain.pem / <id>.seal.png, and ca.pem (the trust roots). Empty: issued PDFs are unsigned.
# The demo keeps development keys (manage.py signing_keys --dev) under VAR_DIR.
SIGNING_KEYS_DIR = os.environ.get("SIGNING_KEYS_DIR",
                                  str(VAR_DIR / "signing-keys") if DEMO_MODE else "")
SIGNING_KEY_PASSPHRASE = os.environ.get("SIGNING_KEY_PASSPHRASE", "")

# --- Similar-case detection (类案监督, seed 004 §3; reporting/similar.py, docs/similar-cases.md)
# A candidate: one matter at one agency with at least SIMILAR_CASE_MIN_SAME_AGENCY cases, or one
# matter at at least SIMILAR_CASE_MIN_ACROSS_AGENCIES agencies of one type, accepted within the
# period; without one asked for, the period is the last SIMILAR_CASE_DAYS days.
SIMILAR_CASE_MIN_SAME_AGENCY = max(2, int(os.environ.get("SIMILAR_CASE_MIN_SAME_AGENCY", "3")))
SIMILAR_CASE_MIN_ACROSS_AGENCIES = max(2, int(os.environ.get("SIMILAR_CASE_MIN_ACROSS_AGENCIES", "3")))
SIMILAR_CASE_DAYS = max(1, int(os.environ.get("SIMILAR_CASE_DAYS", "365")))

# --- API ----------------------------------------------------------------------------------
#: How long an instrument's API detail stays in the cache (keyed by its revision, so never
#: stale; the time only bounds the memory). 0 turns the cache off.
API_DETAIL_CACHE_SECONDS = int(os.environ.get("API_DETAIL_CACHE_SECONDS", str(24 * 3600)))
# A browser session's API POST without its CSRF token answers the API's error shape.
CSRF_FAILURE_VIEW = "supervision.service_errors.csrf_failure"
REST_FRAMEWORK = {
    # A system's API token first (so an anonymous request is told 401 with
    # ``WWW-Authenticate: Token``), then the browser's session (issue 17).
    "DEFAULT_AUTHENTICATION_CLASSES": ["supervision.api.authentication.ApiTokenAuthentication",
                                       "rest_framework.authentication.SessionAuthentication"],
    # A read-only token may use the safe methods only (supervision/api/permissions.py).
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated",
                                   "supervision.api.permissions.TokenScope"],
    # Per token (a session is not throttled here); the rate is API_TOKEN_THROTTLE_RATE.
    "DEFAULT_THROTTLE_CLASSES": ["supervision.api.throttles.ApiTokenRateThrottle"],
    # django-filter's, refusing a non-text parameter sent empty (supervision/api/filtering.py).
    "DEFAULT_FILTER_BACKENDS": ["supervision.api.filtering.StrictFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "supervision.pagination.KeysetPagination",
    "PAGE_SIZE": 50,
    # Every error in one shape (drf-standardized-errors) through the one adapter, and every
    # operation's schema documents its error answers (supervision/api/schema.py).
    "EXCEPTION_HANDLER": "supervision.service_errors.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "supervision.api.schema.AutoSchema",
    # JSON only, and a body nested too deep is a 400 (supervision/api/parsers.py).
    "DEFAULT_PARSER_CLASSES": ["supervision.api.parsers.BoundedJSONParser",
                               "rest_framework.parsers.FormParser",
                               "rest_framework.parsers.MultiPartParser"],
}
# API tokens for systems (issue 17, django-rest-knox): the header is
# ``Authorization: Token <token>``; the expiry is chosen when a token is made (default
# API_TOKEN_DEFAULT_DAYS, at most API_TOKEN_MAX_DAYS); each token may make
# API_TOKEN_THROTTLE_RATE requests ("600/min", "20/s" …).
KNOX_TOKEN_MODEL = "supervision.ApiToken"
# knox's own migrations create its default token table even when the model is swapped for ours;
# without them (the app unmigrated) Django creates no table for a swapped model, so no stray
# knox_authtoken table holds a foreign key to the users (it broke PostgreSQL's test flush).
MIGRATION_MODULES = {"knox": None}
API_TOKEN_DEFAULT_DAYS = int(os.environ.get("API_TOKEN_DEFAULT_DAYS", "90"))
API_TOKEN_MAX_DAYS = int(os.environ.get("API_TOKEN_MAX_DAYS", "365"))
API_TOKEN_THROTTLE_RATE = os.environ.get("API_TOKEN_THROTTLE_RATE", "600/min")
REST_KNOX = {
    "AUTH_HEADER_PREFIX": "Token",
    "TOKEN_PREFIX": "jc_",
    "TOKEN_TTL": datetime.timedelta(days=API_TOKEN_MAX_DAYS),
    "AUTO_REFRESH": False,
    "TOKEN_LIMIT_PER_USER": None,
}
# The error statuses each operation documents (supervision/api/schema.py adds 409 and 413 where
# they can happen) and the bodies of those whose codes are the project's own.
DRF_STANDARDIZED_ERRORS = {
    "ALLOWED_ERROR_STATUS_CODES": ["400", "401", "403", "404", "405", "406", "409", "413", "415",
                                   "429", "500"],
    "ERROR_SCHEMAS": {
        "403": "supervision.api.schema.ErrorResponse403Serializer",
        "409": "supervision.api.schema.ErrorResponse409Serializer",
        "413": "supervision.api.schema.ErrorResponse413Serializer",
    },
}
_ERRORS = "drf_standardized_errors.openapi_serializers"
# The OpenAPI 3 schema (/api/schema/, /api/docs/, /api/redoc/): descriptions are gettext_lazy
# Chinese, in English with ?lang=en; the documentation pages' assets are packaged
# (drf-spectacular-sidecar), never from a CDN.
SPECTACULAR_SETTINGS = {
    "TITLE": gettext_lazy("检察监督案件管理系统 API"),
    "DESCRIPTION": gettext_lazy(
        "检察监督案件管理系统的接口：监督案件、检察建议等文书及其答复、被监督单位、通知、期限计算和统计。\n\n"
        "**认证**：浏览器会话，或 API 令牌（请求头 `Authorization: Token <令牌>`；在“设置 → API 令牌”中"
        "创建）。只读令牌只能使用 GET、HEAD、OPTIONS。\n\n"
        "**可见范围**：每个接口只返回调用者在页面上能看到的数据；看不到的对象答 404。\n\n"
        "**安全重试**：POST 请求可带 `Idempotency-Key` 请求头，同一个键只办理一次，重复提交答 409，"
        "`extra.result` 为第一次所办结果的地址。\n\n"
        "**错误**：所有错误答同一结构 `{\"type\": \"validation_error\" | \"client_error\" | "
        "\"server_error\", \"errors\": [{\"code\", \"detail\", \"attr\"}]}`；`code` 供程序判断，"
        "`detail` 使用请求者的语言（`Accept-Language`，未指定时为中文），`attr` 为出错字段（嵌套字段以点号"
        "连接）；409 另有 `extra`。\n\n"
        "**分页**：列表使用游标分页，按 `next` 链接翻页。\n\n"
        "本说明的英文版：`/api/schema/?lang=en`。"),
    "VERSION": "0.1.0",
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SERVE_INCLUDE_SCHEMA": False,
    # Request and response bodies as separate components (read-only fields only in answers).
    "COMPONENT_SPLIT_REQUEST": True,
    # drf-standardized-errors' enum hook (its per-operation error components keep their own
    # enums), then the tags' descriptions.
    "POSTPROCESSING_HOOKS": ["drf_standardized_errors.openapi_hooks.postprocess_schema_enums",
                             "supervision.api.schema.postprocess_tags"],
    "ENUM_NAME_OVERRIDES": {
        # Issue 18's choice sets, each by its own name (several share a field name).
        "InspectionKindEnum": "inspections.choices.InspectionKind",
        "InspectionModeEnum": "inspections.choices.InspectionMode",
        "InspectionStatusEnum": "inspections.choices.InspectionStatus",
        "FindingCategoryEnum": "inspections.choices.FindingCategory",
        "FindingSeverityEnum": "inspections.choices.Severity",
        "FindingStatusEnum": "inspections.choices.FindingStatus",
        "FindingDisposalEnum": "inspections.choices.Disposal",
        "SuitKindEnum": "litigation.choices.SuitKind",
        "SuitStatusEnum": "litigation.choices.SuitStatus",
        "AnnouncementMediumEnum": "litigation.choices.AnnouncementMedium",
        "AnnouncementResultEnum": "litigation.choices.AnnouncementResult",
        "CourtSessionKindEnum": "litigation.choices.SessionKind",
        "InstanceEnum": "litigation.choices.Instance",
        "JudgmentResultEnum": "litigation.choices.JudgmentResult",
        "SecondInstanceResultEnum": "litigation.choices.SecondResult",
        "AppellantEnum": "litigation.choices.Appellant",
        "AppealPeriodOutcomeEnum": "litigation.choices.AppealPeriodOutcome",
        "SuitInstrumentOutcomeEnum": "litigation.choices.InstrumentOutcome",
        "QualityReviewKindEnum": "quality.choices.ReviewKind",
        "QualityReviewStatusEnum": "quality.choices.ReviewStatus",
        "ChecklistAppliesToEnum": "quality.choices.AppliesTo",
        "ChecklistGroupEnum": "quality.choices.ChecklistGroup",
        "QualityReviewItemResultEnum": "quality.choices.ItemResult",
        "QualityReviewGradeEnum": "quality.choices.Grade",
        "QualityReviewFeedbackKindEnum": "quality.choices.FeedbackKind",
        "QualityReviewDecisionEnum": "quality.choices.Decision",
        "AttendanceStatusEnum": "adjudication.choices.AttendanceStatus",
        "AttendanceCategoryEnum": "adjudication.choices.Category",
        "AttendanceInitiativeEnum": "adjudication.choices.Initiative",
        "AttendanceAdoptionEnum": "adjudication.choices.Adoption",
        "ApprovalLevelEnum": "recommendations.choices.ApprovalLevel",
        "AgencyLevelEnum": "agencies.choices.AgencyLevel",
        "ApprovalOutcomeEnum": "recommendations.choices.ApprovalOutcome",
        "CommitteeDecisionEnum": "recommendations.choices.CommitteeDecisionKind",
        # Several "status" choice sets (case, instrument, extension) in one schema.
        "InstrumentStatusEnum": "recommendations.choices.InstrumentStatus",
        "ExtensionStatusEnum": "recommendations.choices.ExtensionStatus",
        "CaseStatusEnum": "cases.choices.CaseStatus",
        "ReplyDraftStatusEnum": "recommendations.choices.ReplyDraftStatus",
        "DeliveryStatusEnum": "integrations.models.DeliveryStatus",
        # … several "kind" and "outcome" sets, and one set of webhook events under two names.
        "PartyKindEnum": "cases.choices.PartyKind",
        "PartyRoleEnum": "cases.choices.PartyRole",
        "RelatedNumberKindEnum": "cases.choices.RelatedNumberKind",
        "ReviewKindEnum": "recommendations.choices.ReviewKind",
        "FollowUpKindEnum": "recommendations.choices.FollowUpKind",
        "EvaluationOutcomeEnum": "recommendations.choices.EvaluationOutcome",
        "ReviewOutcomeEnum": "recommendations.choices.ReviewOutcome",
        "EventTypeEnum": "integrations.models.EventType",
        "PoliceDecisionEnum": "duties.models.PoliceDecision",
        # Major-situation reports (duties.models.situation_reports).
        "SituationStatusEnum": "duties.models.situation_reports.SituationStatus",
        "SituationKindEnum": "duties.models.situation_reports.SituationKind",
        # The commutation proposals (duties, issue 19).
        "CommutationKindEnum": "duties.models.commutation.CommutationKind",
        "CommutationStatusEnum": "duties.models.commutation.CommutationStatus",
        "OpinionStanceEnum": "duties.models.commutation.OpinionStance",
        "RulingOutcomeEnum": "duties.models.commutation.RulingOutcome",
        # The joint meetings of the agencies' duties (issue 19).
        "MeetingKindEnum": "duties.models.meetings.MeetingKind",
        "MeetingStatusEnum": "duties.models.meetings.MeetingStatus",
        "MeetingTaskStatusEnum": "duties.models.meetings.MeetingTaskStatus",
        # The hearings' status, role, method and outcome sets (issue 18).
        "HearingStatusEnum": "hearings.choices.HearingStatus",
        "PeopleSupervisorStatusEnum": "hearings.choices.SupervisorStatus",
        "HearingParticipantRoleEnum": "hearings.choices.ParticipantRole",
        "HearingNoticeMethodEnum": "hearings.choices.NoticeMethod",
        "HearingOutcomeEnum": "hearings.choices.Outcome",
        "HearingStanceEnum": "hearings.choices.Stance",
        # The error bodies' "type" and "code" choice sets.
        "ValidationErrorEnum": f"{_ERRORS}.ValidationErrorEnum.choices",
        "ClientErrorEnum": f"{_ERRORS}.ClientErrorEnum.choices",
        "ServerErrorEnum": f"{_ERRORS}.ServerErrorEnum.choices",
        "ErrorCode401Enum": f"{_ERRORS}.ErrorCode401Enum.choices",
        "ErrorCode403Enum": "supervision.api.schema.ErrorCode403Enum.choices",
        "ErrorCode404Enum": f"{_ERRORS}.ErrorCode404Enum.choices",
        "ErrorCode405Enum": f"{_ERRORS}.ErrorCode405Enum.choices",
        "ErrorCode406Enum": f"{_ERRORS}.ErrorCode406Enum.choices",
        "ErrorCode409Enum": "supervision.api.schema.ErrorCode409Enum.choices",
        "ErrorCode413Enum": "supervision.api.schema.ErrorCode413Enum.choices",
        "ErrorCode415Enum": f"{_ERRORS}.ErrorCode415Enum.choices",
        "ErrorCode429Enum": f"{_ERRORS}.ErrorCode429Enum.choices",
        "ErrorCode500Enum": f"{_ERRORS}.ErrorCode500Enum.choices",
        "ParseErrorCodeEnum": f"{_ERRORS}.ParseErrorCodeEnum.choices",
    },
    # The documentation pages' assets from the drf-spectacular-sidecar package.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # No online validator badge (a request to swagger.io).
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None, "filter": True,
                            "displayOperationId": True},
}

# --- Security -----------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
# Served over HTTPS (production: the procuratorate's TLS proxy in front). HTTPS=1 turns on
# Secure cookies, the redirect to HTTPS and a year of HSTS; each can still be set on its own.
# Behind the proxy, SECURE_PROXY_SSL_HEADER=1 trusts its X-Forwarded-Proto (only when the
# proxy sets it and strips a client's own). `manage.py check --deploy` is clean with HTTPS=1
# (tests/test_deploy_check.py).
HTTPS = env_bool("HTTPS", False)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", HTTPS)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", HTTPS)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", HTTPS)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600 if HTTPS else 0)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", HTTPS)
# An intranet host is never on the browsers' public preload list: no preload, and its check
# (security.W021) is silenced on purpose.
SECURE_HSTS_PRELOAD = False
SILENCED_SYSTEM_CHECKS = ["security.W021"]
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The health and metrics endpoints answer the orchestrator and Prometheus over plain HTTP
# inside the cluster.
SECURE_REDIRECT_EXEMPT = [r"^health/", r"^metrics$"]
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True

# --- Logs, metrics, health (docs/operations.md) -----------------------------------------------
# Everything logs to stdout: one JSON object a line with LOG_FORMAT=json (production), readable
# lines with text (the embedded default). Each line of a request carries its request_id
# (X-Request-ID in and out), each line of a Celery task its task_id (django-structlog).
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text").strip().lower()
LOGGING_CONFIG = "supervision.monitoring.logs.configure"
LOGGING = logging_config(LOG_FORMAT, os.environ.get("LOG_LEVEL", "INFO"))
DJANGO_STRUCTLOG_USER_ID_FIELD = None  # the user id is added only once a view loaded the user
DJANGO_STRUCTLOG_STATUS_START_LOG_LEVEL = 10  # request_started at DEBUG: one line a request
# /metrics answers these peer addresses or networks (REMOTE_ADDR, never X-Forwarded-For), or a
# request with "Authorization: Bearer $METRICS_TOKEN"; anyone else gets a 404.
METRICS_ALLOWED_IPS = env_list("METRICS_ALLOWED_IPS", "127.0.0.1,::1")
METRICS_TOKEN = os.environ.get("METRICS_TOKEN", "")


# --- Content-Security-Policy (django-csp; issue 15) ---------------------------------------
# Everything comes from this origin: no inline script or event handler, no inline style, no
# eval (htmx's own indicator <style> is switched off in base.html), no framing. The pages
# keep their behaviour in static/js/; a test fails on any inline handler or style attribute
# in a template, and the browser tests fail on any violation the browser reports.
from csp.constants import NONE, SELF

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}


# --- Personal data at rest (issue 15; supervision/crypto.py, docs/security.md) ---------------
# ID numbers and phone numbers are stored encrypted: FIELD_CRYPTO_BACKEND "aes" (AES-256-GCM,
# HMAC-SHA256 digests) or "sm4" (SM4 + HMAC-SM3). Keys: 32 random bytes, base64. Without them
# the keys are derived from SECRET_KEY, which only the embedded/demo mode may do: a deployment
# that sets SECRET_KEY (compose does) and is neither DEBUG nor DEMO_MODE refuses to start.
FIELD_CRYPTO_BACKEND = os.environ.get("FIELD_CRYPTO_BACKEND", "aes").strip().lower()
FIELD_ENCRYPTION_KEY = os.environ.get("FIELD_ENCRYPTION_KEY", "")
FIELD_DIGEST_KEY = os.environ.get("FIELD_DIGEST_KEY", "")
FIELD_ENCRYPTION_OLD_KEYS = env_list("FIELD_ENCRYPTION_OLD_KEYS", "")  # still readable, never written
if "SECRET_KEY" in os.environ and not (DEBUG or DEMO_MODE) and not (FIELD_ENCRYPTION_KEY and FIELD_DIGEST_KEY):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("Set FIELD_ENCRYPTION_KEY and FIELD_DIGEST_KEY (base64 of 32 random "
                               "bytes each, docs/configuration.md): personal data must not be "
                               "encrypted under a key derived from SECRET_KEY in production.")
