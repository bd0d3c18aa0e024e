"""One settings module for every environment, driven by environment variables.

DATABASE_URL selects the database (SQLite file by default, PostgreSQL in production);
THEODOI_SECRET_KEY, THEODOI_DEBUG and THEODOI_ALLOWED_HOSTS configure the rest.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import dj_database_url

PACKAGE_DIR = Path(__file__).resolve().parent
BASE_DIR = Path(os.environ.get("THEODOI_HOME", PACKAGE_DIR.parent)).resolve()


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("THEODOI_DEBUG", False)
SECRET_KEY = os.environ.get("THEODOI_SECRET_KEY") or (
    "dev-only-insecure-key-change-me" if DEBUG or os.environ.get("THEODOI_DEV") else None
)
if not SECRET_KEY:
    # A local install without a configured key still runs, with a key kept beside the data.
    key_file = BASE_DIR / ".secret_key"
    if not key_file.exists():
        import secrets

        key_file.write_text(secrets.token_urlsafe(50))
    SECRET_KEY = key_file.read_text().strip()

ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("THEODOI_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
    if h.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_tables2",
    "django_htmx",
    "auditlog",
    "axes",
    "theodoi.core",
    "theodoi.accounts",
    "theodoi.units",
    "theodoi.plans",
    "theodoi.reporting",
    "theodoi.dashboards",
    "theodoi.documents",
    "theodoi.exchange",
    "theodoi.security",
    "theodoi.synth",
    "theodoi.notifications",
    "theodoi.kpis",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "theodoi.security.middleware.SecurityHeadersMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "theodoi.security.audit.TrustedProxyAuditlogMiddleware",
    # Last, as django-axes requires: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "theodoi.urls"
WSGI_APPLICATION = "theodoi.wsgi.application"

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
                "theodoi.core.context_processors.navigation",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'theodoi.sqlite3'}"),
        conn_max_age=int(os.environ.get("THEODOI_CONN_MAX_AGE", "60")),
    )
}
# PostgreSQL binds parameters on the server and prepares the statements a connection runs often:
# each query is then planned once per connection, not on every call (planning was half of the
# database's work per report submission). THEODOI_DB_PREPARE=0 turns this off, e.g. behind a
# connection pooler in transaction mode that does not track prepared statements.
# JIT-compiling the dashboards' layered CASE expressions costs more than it saves (≈1 s on the
# nation) and nothing else here runs long enough to gain from it: off for the connection.
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
if DATABASES["default"]["ENGINE"].endswith("postgresql") and env_bool("THEODOI_DB_PREPARE", True):
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        server_side_binding=True, prepare_threshold=5
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# --- Security (see docs/security.md) ---------------------------------------------------------
# Passwords: Argon2id first; older hashes are upgraded on the next successful login.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "theodoi.security.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "theodoi.security.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "theodoi.security.password_validation.CommonPasswordValidator"},
    {"NAME": "theodoi.security.password_validation.NumericPasswordValidator"},
]

# Login throttling (django-axes): 5 failures for one user name from one address lock that
# pair out for 15 minutes; a successful login resets the count.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_ENABLED = env_bool("THEODOI_AXES", True)
AXES_FAILURE_LIMIT = int(os.environ.get("THEODOI_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("THEODOI_LOGIN_COOLOFF_HOURS", "0.25"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "security/lockout.html"
AXES_USERNAME_FORM_FIELD = "username"
AXES_VERBOSE = False
# Behind a reverse proxy set THEODOI_PROXY_COUNT=1 so that X-Forwarded-For gives the address.
AXES_IPWARE_PROXY_COUNT = int(os.environ.get("THEODOI_PROXY_COUNT", "0")) or None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if AXES_IPWARE_PROXY_COUNT else ["REMOTE_ADDR"]
)

# HTTPS: THEODOI_HTTPS=1 when the site is served over TLS (usually behind a proxy that sets
# X-Forwarded-Proto). Cookies become Secure, HTTP is redirected, HSTS is sent.
HTTPS = env_bool("THEODOI_HTTPS", False) and not DEBUG
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = int(os.environ.get("THEODOI_HSTS_SECONDS", "31536000")) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = False
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("THEODOI_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = int(os.environ.get("THEODOI_SESSION_HOURS", "12")) * 3600
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Content-Security-Policy: theodoi.security.middleware.DEFAULT_POLICY (no inline scripts).
THEODOI_CSP_REPORT_ONLY = env_bool("THEODOI_CSP_REPORT_ONLY", False)

LANGUAGE_CODE = "vi"
# Our Vietnamese catalogue first: it gives the messages Django REST framework leaves in English.
LOCALE_PATHS = [str(PACKAGE_DIR / "locale")]
LANGUAGES = [("vi", "Tiếng Việt")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("THEODOI_MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# The app serves its own static files (intranets have no CDN), in development too.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # TokenAuthentication that also names the actor in the audit log.
        "theodoi.security.authentication.AuditedTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["theodoi.core.api.filters.FilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "theodoi.core.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    # JSON only: a form-encoded body cannot say null, a number or a list of rows.
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    # 400 for a request the schema refuses, 422 for a rule it cannot state (core/api/exceptions.py).
    "EXCEPTION_HANDLER": "theodoi.core.api.exceptions.exception_handler",
    # Every status and error body of every operation documented (core/api/schema.py).
    "DEFAULT_SCHEMA_CLASS": "theodoi.core.api.schema.AutoSchema",
}
INSTALLED_APPS.append("rest_framework.authtoken")

SPECTACULAR_SETTINGS = {
    "TITLE": "theodoi API",
    "DESCRIPTION": "API theo dõi thực hiện Nghị quyết 57-NQ/TW: đơn vị, cơ quan, kế hoạch, nhiệm vụ, chỉ tiêu.",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "PlanStatusEnum": "theodoi.plans.choices.PlanStatus",
        "ReportStatusEnum": "theodoi.reporting.choices.ReportStatus",
        "TaskStatusEnum": "theodoi.reporting.choices.TaskStatus",
        "TaskLinkStatusEnum": "theodoi.plans.models.TaskLink.Status",
        "ExtensionStatusEnum": "theodoi.reporting.choices.ExtensionStatus",
        "PlanKindEnum": "theodoi.plans.choices.PlanKind",
        "PeriodKindEnum": "theodoi.reporting.choices.PeriodKind",
        "AgencyKindEnum": "theodoi.units.choices.AgencyKind",
        "RecommendationStatusEnum": "theodoi.reporting.choices.RecommendationStatus",
    },
}

DJANGO_TABLES2_TEMPLATE = "django_tables2/bootstrap5.html"
DJANGO_TABLES2_TABLE_ATTRS = {"class": "table table-sm table-hover align-middle"}

AUDITLOG_INCLUDE_ALL_MODELS = False

# Email (reminders of `theodoi remind`): SMTP when THEODOI_EMAIL_HOST is set, else the console.
EMAIL_HOST = os.environ.get("THEODOI_EMAIL_HOST", "")
EMAIL_BACKEND = os.environ.get(
    "THEODOI_EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = EMAIL_HOST or "localhost"
EMAIL_PORT = int(os.environ.get("THEODOI_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("THEODOI_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("THEODOI_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("THEODOI_EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = int(os.environ.get("THEODOI_EMAIL_TIMEOUT", "30"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "theodoi <theodoi@localhost>")
# The address the links in emails start with, e.g. https://theodoi.example.gov.vn
THEODOI_SITE_URL = os.environ.get("THEODOI_SITE_URL", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("THEODOI_LOG_LEVEL", "WARNING")},
}

# Where `make demo` and tests find the real plans.
CORPUS_DIR = Path(os.environ.get("THEODOI_CORPUS_DIR", BASE_DIR.parent / "shared" / "corpus"))

# Weights of the agency and unit score (docs/evaluation.md), e.g.
# THEODOI_SCORING='{"completion_on_time": 50, "report_timeliness": 10}'.
THEODOI_SCORING = json.loads(os.environ.get("THEODOI_SCORING", "{}"))
# Evidence files attached to report rows: the largest accepted, in bytes (20 MB by default).
THEODOI_EVIDENCE_MAX_BYTES = int(os.environ.get("THEODOI_EVIDENCE_MAX_BYTES", 20 * 1024 * 1024))
