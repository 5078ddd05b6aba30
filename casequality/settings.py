"""Django settings for Casequality.

Everything a deployment changes comes from the environment (see docs/operating.md).
SQLite in the working directory by default; one variable, DATABASE_URL, switches to
PostgreSQL.
"""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from casequality.env import env_bool, env_int, env_list, env_str

PACKAGE_DIR = Path(__file__).resolve().parent
BASE_DIR = Path.cwd()

DEBUG = env_bool("CASEQUALITY_DEBUG", False)
# The demo (`casequality demo`, cli.py) and the tests (tests/settings.py) say they are;
# anything else is a deployment and must bring its own key (docs/operating.md).
DEMO_OR_TEST = env_bool("CASEQUALITY_DEMO", False)
SECRET_KEY = env_str("SECRET_KEY") or ""
if not SECRET_KEY:
    if not (DEBUG or DEMO_OR_TEST):
        raise ImproperlyConfigured(
            "Set SECRET_KEY: a long random string kept secret (docs/operating.md). Only the demo "
            "(CASEQUALITY_DEMO=true) and CASEQUALITY_DEBUG=true run without one."
        )
    # A fixed key is only acceptable for the demo and tests, which hold no real child.
    SECRET_KEY = "casequality-development-key-not-for-production"
# The access log's key (accounts/chain.py, decision 0030): keys each entry's hash and signs
# the checkpoints. From the environment only, never stored in the database.
CASEQUALITY_ACCESS_LOG_KEY = env_str("CASEQUALITY_ACCESS_LOG_KEY") or ""
if not CASEQUALITY_ACCESS_LOG_KEY:
    if not (DEBUG or DEMO_OR_TEST):
        raise ImproperlyConfigured(
            "Set CASEQUALITY_ACCESS_LOG_KEY: a long random string kept secret, outside the database, the "
            "same on every machine (docs/operating.md). Only the demo (CASEQUALITY_DEMO=true) and "
            "CASEQUALITY_DEBUG=true run without one."
        )
    CASEQUALITY_ACCESS_LOG_KEY = "casequality-demo-access-log-key-not-for-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rules.apps.AutodiscoverRulesConfig",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "mozilla_django_oidc",
    "casequality.accounts",
    "casequality.cases",
    "casequality.standards",
    "casequality.oversight",
    "casequality.audits",
    "casequality.reports",
    "casequality.demo",
    "casequality.web",
    # The JSON API for case management systems at /api/v1/ (docs/api.md).
    "casequality.api",
    "casequality.privacy",
    # Background work (docs/decisions/0022-background-tasks.md).
    "casequality.tasks",
    # Email: the daily digest and emails at once (docs/decisions/0042-email.md).
    "casequality.notifications",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Pages (HTML only) compressed for browsers that ask (a case page: about 29 KB to 6 KB on a phone's
    # connection). Django pads each compressed page at random against BREACH, and the CSRF
    # token in a page is masked anew on each request (decision 0044).
    "casequality.web.middleware.PageGZipMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After the messages: a change whose task the broker did not take says it is saved.
    "casequality.tasks.middleware.BrokerNoticeMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # A signed-in person with a local account enters their second factor before any
    # other page; every session ends SESSION_ABSOLUTE_SECONDS after sign-in.
    "casequality.web.middleware.SignInMiddleware",
    # Single sign-on: the identity provider asked again every CASEQUALITY_SSO_RECHECK_MINUTES.
    "casequality.web.middleware.IdentityRecheckMiddleware",
    "casequality.accounts.middleware.AccessLogMiddleware",
    "casequality.web.middleware.NoStoreMiddleware",
    # Last, as django-axes asks: it answers a locked-out sign-in with the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "casequality.urls"

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
                "casequality.web.context_processors.demo_database",
                "django.template.context_processors.csp",
            ],
            # Dates shown as "6 December 2026" in every template (decision 0050).
            "builtins": ["casequality.web.templatetags.dates"],
        },
    },
    # The busiest pages' tables (casequality/web/jinja2/, decision 0033): autoescape on,
    # each template compiled once per process (reloaded when changed only with DEBUG).
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {"environment": "casequality.web.jinja_env.environment", "autoescape": True},
    },
]

WSGI_APPLICATION = "casequality.wsgi.application"

_default_db = f"sqlite:///{(BASE_DIR / 'casequality.sqlite3').as_posix()}"
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or _default_db,
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
# A web process keeps its database connection between requests (opening one costs a page
# more than its queries; docs/decisions/0020-page-speed.md); DATABASE_CONN_MAX_AGE=0 closes
# it after each request, as a connection pooler in front of PostgreSQL may want.

# Timeouts, in seconds (0: none), per context (docs/operating.md, "Timeouts"; decision
# 0029): how long a statement waits for another's lock, how long it may run, and (for
# all) how long a transaction may sit idle holding its locks. The `casequality` command
# names its context (cli.py: import, sweep, worker, migrate, or command); anything else,
# a gunicorn worker, is web: short enough to answer 503 well before gunicorn's timeout.
CASEQUALITY_DB_CONTEXT = env_str("CASEQUALITY_DB_CONTEXT") or "web"
_TIMEOUT_DEFAULTS = {
    "web": (5, 20),
    "import": (60, 600),
    "sweep": (60, 600),
    "worker": (60, 600),
    "migrate": (60, 0),
    "command": (30, 300),
}  # (lock, statement)
if CASEQUALITY_DB_CONTEXT not in _TIMEOUT_DEFAULTS:
    raise ImproperlyConfigured(f"CASEQUALITY_DB_CONTEXT must be one of {', '.join(_TIMEOUT_DEFAULTS)}")
CASEQUALITY_DB_TIMEOUTS = {
    context: {
        "lock": env_int(f"CASEQUALITY_LOCK_TIMEOUT_{context.upper()}", lock),
        "statement": env_int(f"CASEQUALITY_STATEMENT_TIMEOUT_{context.upper()}", statement),
    }
    for context, (lock, statement) in _TIMEOUT_DEFAULTS.items()
}
CASEQUALITY_IDLE_IN_TRANSACTION_TIMEOUT = env_int("CASEQUALITY_IDLE_IN_TRANSACTION_TIMEOUT", 300)
_timeouts = CASEQUALITY_DB_TIMEOUTS[CASEQUALITY_DB_CONTEXT]
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {})
    # The statements casequality.data.planned prepares are planned once a connection and keep
    # their generic plan (decision 0068): psycopg prepares only with a threshold set, and only
    # on a cursor that binds on the server, which Django's never does unless asked to
    # (`server_side_binding`); asked to, Django's cursors would prepare every statement run
    # five times, and none is made to keep a generic plan. Off behind a pooler that cannot
    # keep prepared statements (PgBouncer before 1.21 in transaction mode).
    _PLANNED_ONCE = env_bool("DATABASE_PREPARED_STATEMENTS", True) and not DATABASES["default"]["OPTIONS"].get(
        "server_side_binding"
    )
    # No JIT compilation: the pages' queries are short, and PostgreSQL's JIT, which its
    # planner turns on by cost for the big queue queries, took 30 ms of a 150 ms query.
    # The timeouts go with each new connection (behind PgBouncer in transaction mode, which
    # drops them, set them on the database role instead: docs/operating.md).
    DATABASES["default"]["OPTIONS"].setdefault(
        "options",
        (
            f"-c jit=off -c lock_timeout={_timeouts['lock'] * 1000}"
            f" -c statement_timeout={_timeouts['statement'] * 1000}"
            f" -c idle_in_transaction_session_timeout={CASEQUALITY_IDLE_IN_TRANSACTION_TIMEOUT * 1000}"
            + (" -c plan_cache_mode=force_generic_plan" if _PLANNED_ONCE else "")
        ),
    )
    if _PLANNED_ONCE:
        DATABASES["default"]["OPTIONS"].setdefault("prepare_threshold", 5)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {
            # WAL lets the web server read while a sweep or import writes.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            # SQLite's busy timeout: how long a writer waits for the one writer before it.
            "timeout": _timeouts["lock"] or 3600,
        }
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
# django-axes first (it refuses a locked-out account before any password is checked);
# permissions come from the role table only (rules); local accounts sign in with a
# password that grants nothing by itself (accounts/backends.py); single sign-on by
# OpenID Connect when OIDC_OP_ISSUER... is set (below).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "casequality.accounts.backends.LocalAccountBackend",
]
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/accounts/login/"

# A session idles out after 30 minutes without a request (children's records).
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_SECONDS", 30 * 60)
# ... and 10 hours after signing in, however busy (a working day; docs/operating.md).
SESSION_ABSOLUTE_SECONDS = env_int("SESSION_ABSOLUTE_SECONDS", 10 * 60 * 60)
# Each request keeps the session alive, but the session row is written at most once a
# SESSION_RENEW_SECONDS (web/middleware.py), not on every page: a session idles out
# between SESSION_IDLE_SECONDS - SESSION_RENEW_SECONDS and SESSION_IDLE_SECONDS after the
# last request.
SESSION_SAVE_EVERY_REQUEST = False
# Django's database sessions, each request's session read by one plain statement
# (accounts/sessions.py, decision 0064).
SESSION_ENGINE = "casequality.accounts.sessions"
SESSION_RENEW_SECONDS = env_int("SESSION_RENEW_SECONDS", 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", False)

# Behind TLS (docs/operating.md, "Behind TLS"): each set from the environment, off by
# default so that the demo runs on http://127.0.0.1.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# A load balancer's health check reaches /healthz and /readyz over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
# The proxy in front says the request came over HTTPS with X-Forwarded-Proto, and adds the
# client's address last to X-Forwarded-For (the access log's "from where").
CASEQUALITY_BEHIND_PROXY = env_bool("CASEQUALITY_BEHIND_PROXY", False)
if CASEQUALITY_BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (Django's own): only this site's scripts, styles and images;
# an inline script or style runs only with the request's nonce ({{ csp_nonce }}).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": env_int("PASSWORD_MIN_LENGTH", 12)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Django's admin lives here (a path people guess less often than admin/).
ADMIN_PATH = (env_str("ADMIN_PATH") or "admin/").strip("/") + "/"

# Failed sign-ins (django-axes), on every login page including the admin's: after
# AXES_FAILURE_LIMIT failures for one username that username is locked for
# AXES_COOLOFF_TIME, whether or not the account exists (the page cannot tell).
AXES_FAILURE_LIMIT = env_int("SIGN_IN_FAILURE_LIMIT", 10)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("SIGN_IN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username"]
# Not by address as well: a service's staff share one office address, and ten typos there
# would lock everyone out. A second factor and 12-character passwords answer spraying
# (docs/decisions/0013-sign-in-sso-mfa-lockout.md).
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "casequality.web.views.accounts.locked_out"
AXES_USERNAME_FORM_FIELD = "username"
AXES_VERBOSE = False

# A second factor (django-otp, TOTP) for every local account; the issuer names the
# entry in the person's authenticator app.
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER") or "Casequality"

# Single sign-on by OpenID Connect (mozilla-django-oidc): on when OIDC_RP_CLIENT_ID is
# set. Role and service come from the identity provider's claims (docs/operating.md).
OIDC_RP_CLIENT_ID = env_str("OIDC_RP_CLIENT_ID") or ""
OIDC_ENABLED = bool(OIDC_RP_CLIENT_ID)
OIDC_RP_CLIENT_SECRET = env_str("OIDC_RP_CLIENT_SECRET") or ""
OIDC_RP_SIGN_ALGO = env_str("OIDC_RP_SIGN_ALGO") or "RS256"
OIDC_OP_AUTHORIZATION_ENDPOINT = env_str("OIDC_OP_AUTHORIZATION_ENDPOINT") or ""
OIDC_OP_TOKEN_ENDPOINT = env_str("OIDC_OP_TOKEN_ENDPOINT") or ""
OIDC_OP_USER_ENDPOINT = env_str("OIDC_OP_USER_ENDPOINT") or ""
OIDC_OP_JWKS_ENDPOINT = env_str("OIDC_OP_JWKS_ENDPOINT") or ""
OIDC_RP_SCOPES = env_str("OIDC_RP_SCOPES") or "openid email profile"
OIDC_USERNAME_CLAIM = env_str("OIDC_USERNAME_CLAIM") or "preferred_username"
OIDC_ROLE_CLAIM = env_str("OIDC_ROLE_CLAIM") or "groups"
OIDC_SERVICE_CLAIM = env_str("OIDC_SERVICE_CLAIM") or "service"
try:
    # The identity provider's group (or role claim value) -> Casequality role.
    OIDC_ROLE_MAP = json.loads(env_str("OIDC_ROLE_MAP") or "{}")
except json.JSONDecodeError as error:
    raise ImproperlyConfigured(f"OIDC_ROLE_MAP must be a JSON object: {error}") from None
OIDC_SERVICE_MAP = json.loads(env_str("OIDC_SERVICE_MAP") or "{}")
OIDC_CREATE_USER = True
OIDC_STORE_ID_TOKEN = False
# A person removed or deactivated at the identity provider: their session is checked there
# again once their sign-in is this many minutes old, and ends (web/middleware.py).
OIDC_RENEW_ID_TOKEN_EXPIRY_SECONDS = env_int("CASEQUALITY_SSO_RECHECK_MINUTES", 15) * 60
LOGIN_REDIRECT_URL_FAILURE = "/accounts/login/?sso=failed"
if OIDC_ENABLED:
    AUTHENTICATION_BACKENDS.append("casequality.accounts.oidc.SingleSignOnBackend")

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT") or (BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [PACKAGE_DIR / "web" / "vendor"] if (PACKAGE_DIR / "web" / "vendor").exists() else []
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Every static file collected (`casequality collectstatic`, which `make install` and
    # `casequality demo` run) under a name with its content's hash, and compressed (gzip,
    # and Brotli where installed); WhiteNoise serves the hashed names cached for a year
    # (decision 0044). A page naming a file that was not collected fails loudly.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Served from STATIC_ROOT only: what a page names is what was collected.
WHITENOISE_USE_FINDERS = False

# The service's own rulebook settings live in the database (standards.RuleSetting);
# this names an optional extra framework directory for audits.
CASEQUALITY_FRAMEWORK_DIRS = env_list("CASEQUALITY_FRAMEWORK_DIRS", [])
# Days after an audit's report is published during which its inspectors and second
# markers may still read (never change) the audit, their cases' answers and records.
# A local choice, not a published rule (docs/operating.md).
CASEQUALITY_INSPECTOR_READ_DAYS = env_int("CASEQUALITY_INSPECTOR_READ_DAYS", 28)

# The API (docs/api.md): requests each token may make per window of seconds (then 429),
# and the largest request body it reads (then 413). The count is kept in the Redis the
# web processes share (CASEQUALITY_PAGE_CACHE_URL), so it holds across workers and
# machines; without one, in each process's own memory (N workers: up to N times the rate).
CASEQUALITY_API_RATE_REQUESTS = env_int("CASEQUALITY_API_RATE_REQUESTS", 600)
CASEQUALITY_API_RATE_SECONDS = env_int("CASEQUALITY_API_RATE_SECONDS", 60)
# Bounded input (docs/operating.md, "Limits"; decision 0029): a PUT's body (one case or
# member of staff) and a whole file to POST /imports (streamed to a temporary file, never
# held in memory), JSON nesting levels, one case's size, and the problems listed (the rest
# are counted). Past a limit the input is refused before the parser reads further.
CASEQUALITY_API_MAX_BODY_BYTES = env_int("CASEQUALITY_API_MAX_BODY_BYTES", 2 * 1024 * 1024)
CASEQUALITY_API_MAX_IMPORT_BYTES = env_int("CASEQUALITY_API_MAX_IMPORT_BYTES", 4 * 1024 * 1024 * 1024)
CASEQUALITY_JSON_MAX_DEPTH = env_int("CASEQUALITY_JSON_MAX_DEPTH", 32)
CASEQUALITY_CASE_MAX_BYTES = env_int("CASEQUALITY_CASE_MAX_BYTES", 1024 * 1024)
CASEQUALITY_PROBLEMS_MAX = env_int("CASEQUALITY_PROBLEMS_MAX", 1000)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL") or "WARNING"},
    # Each task's start and end is news only when looking for trouble; a failure is an error.
    "loggers": {"django.tasks": {"level": env_str("LOG_LEVEL") or "WARNING"}},
}

# Data protection (docs/security.md): how long what is held is kept. A case's record goes
# this many years after its last order ended (or, with no order, after it was last
# changed); access-log entries go after their own period. Both in whole years.
CASEQUALITY_RETENTION = {
    "case_years_after_last_order": env_int("RETENTION_CASE_YEARS", 6),
    "access_log_years": env_int("RETENTION_ACCESS_LOG_YEARS", 7),
}

# Background work (Django's Tasks; docs/decisions/0022-background-tasks.md). Without a
# broker every task runs in the process that enqueues it, as it always has (the demo,
# SQLite, the tests). With one, tasks go to the workers (`casequality worker`, any number,
# on any machine that reaches the broker and the database): amqp://user:password@host:5672/vhost
# (RabbitMQ; redis:// is refused, docs/operating.md says why).
CASEQUALITY_BROKER_URL = env_str("CASEQUALITY_BROKER_URL") or ""
# The broker's queue this deployment's tasks go through (one per deployment on a shared broker).
CASEQUALITY_TASK_QUEUE = env_str("CASEQUALITY_TASK_QUEUE") or "casequality"
# A task that raises is run this many times in all, then kept as failed (Django admin).
CASEQUALITY_TASK_ATTEMPTS = env_int("CASEQUALITY_TASK_ATTEMPTS", 3)
# The outbox (docs/decisions/0028-task-outbox.md): a waiting task whose message the broker did
# not take, or that no worker picked up, within this many seconds is sent again by the relay
# each `casequality worker` runs; a running task whose worker has not said it is alive for
# CASEQUALITY_TASK_LEASE_SECONDS is taken as lost, and run again (an attempt counted).
CASEQUALITY_TASK_RESEND_SECONDS = env_int("CASEQUALITY_TASK_RESEND_SECONDS", 60)
CASEQUALITY_TASK_LEASE_SECONDS = env_int("CASEQUALITY_TASK_LEASE_SECONDS", 120)
# The sweep on the workers: cases per task (each task's findings are written in one transaction).
CASEQUALITY_SWEEP_PART = env_int("CASEQUALITY_SWEEP_PART", 500)
# /readyz (web/views/health.py) reports the task backlog behind when a task has waited
# for a worker longer than this.
CASEQUALITY_READY_TASK_AGE_SECONDS = env_int("CASEQUALITY_READY_TASK_AGE_SECONDS", 600)
TASKS = {
    "default": {
        "BACKEND": "casequality.tasks.backend.CeleryBackend"
        if CASEQUALITY_BROKER_URL
        else "django.tasks.backends.immediate.ImmediateBackend",
    }
}

# Email (docs/decisions/0042-email.md): Django's SMTP mailer (MAILERS, Django 6.1's form of
# the EMAIL_* settings), from the environment. Mail leaves the service's systems: it carries
# case references, initials and links, never a child's name or the record's text. Links in
# emails start with CASEQUALITY_BASE_URL.
MAILERS = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": env_str("EMAIL_HOST") or "localhost",
            "port": env_int("EMAIL_PORT", 25),
            "username": env_str("EMAIL_HOST_USER") or "",
            "password": env_str("EMAIL_HOST_PASSWORD") or "",
            "use_tls": env_bool("EMAIL_USE_TLS", False),
            "timeout": env_int("EMAIL_TIMEOUT", 20),
        },
    }
}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL") or "Casequality <casequality@localhost>"
CASEQUALITY_BASE_URL = env_str("CASEQUALITY_BASE_URL") or "http://127.0.0.1:8000"
# The daily digest: when `casequality beat` (one per deployment) asks for it, London time.
CASEQUALITY_DIGEST_TIME = env_str("CASEQUALITY_DIGEST_TIME") or "07:00"
CASEQUALITY_DIGEST_DAYS = env_str("CASEQUALITY_DIGEST_DAYS") or "mon-fri"

# The page cache (casequality/data/page_cache.py, docs/decisions/0024-page-cache.md): the
# caseload, a case's page and the oversight queue, kept per user until anything they show
# changes (the database moves each service's record version at every COMMIT that changes
# it). Pages are kept at most this many seconds; 0 turns the cache off. By default each
# web process keeps its own in memory; CASEQUALITY_PAGE_CACHE_URL (redis://host:6379/1, or
# rediss:// with TLS) shares one between web processes. It holds children's records:
# docs/security.md says how to run it.
CASEQUALITY_PAGE_CACHE_SECONDS = env_int("CASEQUALITY_PAGE_CACHE_SECONDS", 600)
CASEQUALITY_PAGE_CACHE_URL = env_str("CASEQUALITY_PAGE_CACHE_URL") or ""


def _code_build() -> str:
    """Names this code by what it holds (each file's name and the hash of its bytes): the
    same on every machine running the same release, whatever its files' times; a page
    rendered by another release, or before an edit, is never taken from a shared cache."""
    import hashlib

    digest = hashlib.sha256()
    for path in sorted(PACKAGE_DIR.rglob("*")):
        if path.suffix in (".py", ".html", ".yaml") and "vendor" not in path.parts and path.is_file():
            digest.update(
                path.relative_to(PACKAGE_DIR).as_posix().encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest()
            )
    return digest.hexdigest()[:16]


CASEQUALITY_PAGE_CACHE_BUILD = _code_build()
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CASEQUALITY_PAGE_CACHE_URL,
            "KEY_PREFIX": "casequality",
            # A Redis that does not answer costs a page at most this long, then it is rendered.
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
        if CASEQUALITY_PAGE_CACHE_URL
        else {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "casequality-pages",
            "OPTIONS": {"MAX_ENTRIES": env_int("CASEQUALITY_PAGE_CACHE_ENTRIES", 500)},
        }
    ),
}
