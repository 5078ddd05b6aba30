"""Settings for the test suite: the production settings, and what only tests want.

pytest reads this module (pyproject.toml, [tool.pytest.ini_options]); casequality/settings.py
keeps nothing that exists for tests.
"""

import os

from casequality.env import env_str

# The tests hold no real child: they run with the demo's fixed key unless one is given.
os.environ.setdefault("CASEQUALITY_DEMO", "true")

from casequality.settings import *  # noqa: E402, F403 (the production settings, then the test changes)
from casequality.settings import DATABASES  # noqa: E402

# Tests create many users; a real password hash costs about a second each.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # An in-memory test database: nothing of a run is left on disk.
    DATABASES["default"]["TEST"] = {"NAME": None}
elif env_str("CASEQUALITY_TEST_DB_NAME"):
    # `make test-postgres` names a fresh test database per run, so that two runs on one
    # server (two developers, or CI beside a developer) never drop each other's.
    DATABASES["default"]["TEST"] = {"NAME": env_str("CASEQUALITY_TEST_DB_NAME")}

# Tasks run in the test's own process unless a test starts workers of its own
# (tests/tasks/conftest.py), whatever the environment says.
CASEQUALITY_BROKER_URL = ""
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}

# Single sign-on switched on with an identity provider that is never called: the pages
# and URLs exist, and tests hand the backend claims directly (tests/web/test_sso.py).
OIDC_RP_CLIENT_ID = "casequality-tests"
OIDC_RP_CLIENT_SECRET = "not-a-secret"
OIDC_OP_AUTHORIZATION_ENDPOINT = "https://sso.example.invalid/authorize"
OIDC_OP_TOKEN_ENDPOINT = "https://sso.example.invalid/token"
OIDC_OP_USER_ENDPOINT = "https://sso.example.invalid/userinfo"
OIDC_OP_JWKS_ENDPOINT = "https://sso.example.invalid/jwks"
OIDC_ROLE_MAP = {"cq-case-managers": "case_manager", "cq-qa": "qa_lead", "cq-admins": "admin"}
OIDC_SERVICE_MAP = {"Manchester YOS": "MAN"}
OIDC_ENABLED = True
AUTHENTICATION_BACKENDS = [*AUTHENTICATION_BACKENDS, "casequality.accounts.oidc.SingleSignOnBackend"]  # noqa: F405

# Every signed-in request renews the session (production: once a minute at most), so that
# a page's query count never depends on when its session was last saved; the renewal's own
# tests set it back (tests/web/test_sign_in.py).
SESSION_RENEW_SECONDS = 0

# The suite runs on a pinned day (tests/conftest.py), but Chromium keeps the machine's clock:
# a CSRF cookie dated a year from the pinned day would be dropped by the browser once that
# year has passed. It lasts as long as the browser instead (decision 0032).
CSRF_COOKIE_AGE = None

# The suite's own PostgreSQL connection holds each test's transaction open while the test
# waits on processes it started (workers, gunicorn, commands), often for minutes: the
# production idle-in-transaction timeout (5 minutes) would cut it there and fail the next
# test on that connection. Lock and statement timeouts stay the web's. What a deployed web
# process gets is tested in a process of its own (tests/web/test_busy_database.py).
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["OPTIONS"]["options"] = DATABASES["default"]["OPTIONS"]["options"].replace(
        f"idle_in_transaction_session_timeout={CASEQUALITY_IDLE_IN_TRANSACTION_TIMEOUT * 1000}",  # noqa: F405
        "idle_in_transaction_session_timeout=0",
    )
