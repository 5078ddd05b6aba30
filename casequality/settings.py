"""Django settings for Casequality.

Everything a deployment changes comes from the environment (see docs/operating.md).
SQLite in the working directory by default; one variable, DATABASE_URL, switches to
PostgreSQL.
"""
from __future__ import annotations

import warnings
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

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rules.apps.AutodiscoverRulesConfig",
    "casequality.accounts",
    "casequality.cases",
    "casequality.standards",
    "casequality.oversight",
    "casequality.audits",
    "casequality.reports",
    "casequality.demo",
    "casequality.web",
    "casequality.privacy",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "casequality.accounts.middleware.AccessLogMiddleware",
    "casequality.web.middleware.NoStoreMiddleware",
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
                "django.template.context_processors.csp",
            ],
        },
    },
]

WSGI_APPLICATION = "casequality.wsgi.application"

_default_db = f"sqlite:///{(BASE_DIR / 'casequality.sqlite3').as_posix()}"
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or _default_db, conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0)
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {
            # WAL lets the web server read while a sweep or import writes.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/accounts/login/"

# A session idles out after 30 minutes without a request (children's records).
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_SECONDS", 30 * 60)
SESSION_SAVE_EVERY_REQUEST = True
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
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT") or (BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [PACKAGE_DIR / "web" / "vendor"] if (PACKAGE_DIR / "web" / "vendor").exists() else []
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
# Outside a deployment (demo, tests) the finders serve static files and there is no
# collected STATIC_ROOT; WhiteNoise's warning about it would only be noise.
warnings.filterwarnings("ignore", message="No directory at: ")

# The service's own rulebook settings live in the database (standards.RuleSetting);
# this names an optional extra framework directory for audits.
CASEQUALITY_FRAMEWORK_DIRS = env_list("CASEQUALITY_FRAMEWORK_DIRS", [])

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL") or "WARNING"},
}

# Data protection (docs/security.md): how long what is held is kept. A case's record goes
# this many years after its last order ended (or, with no order, after it was last
# changed); access-log entries go after their own period. Both in whole years.
CASEQUALITY_RETENTION = {
    "case_years_after_last_order": env_int("RETENTION_CASE_YEARS", 6),
    "access_log_years": env_int("RETENTION_ACCESS_LOG_YEARS", 7),
}
