"""The production profile: the stack docs/operating.md deploys, started for the tests.

- PostgreSQL: a fresh database of this run's own on 127.0.0.1:5432, built by
  `casequality demo --no-serve` and then made a service's database (tests/production/seed.py:
  no demo mark, every login a long password and an authenticator app);
- two gunicorn instances (one of two workers, one of one) of the production settings
  (casequality.settings, a SECRET_KEY of the run's own, not tests/settings.py), sharing
  Redis as their page cache (database 13; keys HMAC'd with the run's key, so another run
  sharing it never meets them, and they expire in CASEQUALITY_PAGE_CACHE_SECONDS: nothing
  is flushed or deleted);
- RabbitMQ with a queue of the run's own and a `casequality worker`;
- the web instances reach the broker and the database through TCP proxies the tests
  control (tests/production/proxy.py), to cut them and restore them;
- headless Chromium (Debian's package) through Playwright.

The stack is started once for the session and waited on through /healthz and /readyz.
Without PostgreSQL, Redis or RabbitMQ on their usual ports the profile is skipped with a
line saying what is missing; with CASEQUALITY_REQUIRE_PRODUCTION_PROFILE=1 (.ci/run) the
skip is a failure. `make test` runs it once, in a step of its own (Makefile).
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.production.proxy import TcpProxy

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def _where(name: str, port: int) -> tuple[str, int]:
    """Loopback and the usual port, or the port CASEQUALITY_PRODUCTION_<NAME>_PORT names."""
    return ("127.0.0.1", int(os.environ.get(f"CASEQUALITY_PRODUCTION_{name}_PORT") or port))


POSTGRES = _where("POSTGRES", 5432)
REDIS = _where("REDIS", 6379)
RABBITMQ = _where("RABBITMQ", 5672)
REDIS_DB = 13
REQUIRED = os.environ.get("CASEQUALITY_REQUIRE_PRODUCTION_PROFILE", "") in ("1", "true", "yes")
CASES = 40
# The API's rate for the profile's token: requests a day (a window that does not turn
# over during a run), counted across every web process.
API_RATE = 40


def _missing() -> list[str]:
    """What the production profile needs and this machine lacks."""
    missing = []
    try:
        import psycopg

        psycopg.connect(
            host=POSTGRES[0], port=POSTGRES[1], user="postgres", dbname="postgres", connect_timeout=3
        ).close()
    except Exception as error:  # noqa: BLE001 - any failure means: not here
        missing.append(f"PostgreSQL at {POSTGRES[0]}:{POSTGRES[1]} ({_first_line(error)})")
    try:
        import redis

        redis.Redis(host=REDIS[0], port=REDIS[1], db=REDIS_DB, socket_connect_timeout=3).ping()
    except Exception as error:  # noqa: BLE001
        missing.append(f"Redis at {REDIS[0]}:{REDIS[1]} ({_first_line(error)})")
    try:
        from kombu import Connection

        with Connection(_amqp(RABBITMQ[1]), connect_timeout=3) as conn:
            conn.ensure_connection(max_retries=1, timeout=3)
    except Exception as error:  # noqa: BLE001
        missing.append(f"RabbitMQ at {RABBITMQ[0]}:{RABBITMQ[1]} ({_first_line(error)})")
    if not shutil.which("/usr/bin/chromium"):
        missing.append("Debian's chromium at /usr/bin/chromium (make browser-deps)")
    if not (BIN / "gunicorn").exists():
        missing.append(f"gunicorn in {BIN} (make install)")
    return missing


def _first_line(error: BaseException) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0][:160]


def _amqp(port: int) -> str:
    return f"amqp://guest:guest@127.0.0.1:{port}//"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str, timeout: float = 10) -> tuple[int, bytes, dict[str, str]]:
    """GET `url` without cookies or redirects: (status, body, headers)."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(url, timeout=timeout) as response:
            return response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read(), dict(error.headers)


@dataclass
class Stack:
    tmp: Path
    database: str
    queue: str
    env: dict[str, str]
    broker_proxy: TcpProxy
    database_proxy: TcpProxy
    cache_proxy: TcpProxy
    password: str = ""
    users: dict[str, dict] = field(default_factory=dict)
    api_token: str = ""
    web: list[str] = field(default_factory=list)  # base URLs, one a gunicorn instance
    processes: list[subprocess.Popen] = field(default_factory=list)

    @property
    def database_url(self) -> str:
        return f"postgres://postgres@{POSTGRES[0]}:{POSTGRES[1]}/{self.database}"

    def command(self, *args: str, **extra: str) -> subprocess.CompletedProcess:
        """`casequality ARGS` as the cron machine runs it (straight to the database and broker)."""
        result = subprocess.run(
            [str(BIN / "casequality"), *args],
            env={**self.env, **extra},
            cwd=self.tmp,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert result.returncode == 0, f"casequality {' '.join(args)}: {result.stdout[-2000:]}{result.stderr[-4000:]}"
        return result

    def start(self, name: str, argv: list[str], **extra: str) -> subprocess.Popen:
        log = open(self.tmp / f"{name}.log", "w")  # noqa: SIM115 - closed with the process
        process = subprocess.Popen(
            argv, env={**self.env, **extra}, cwd=self.tmp, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.processes.append(process)
        return process

    def query(self, sql: str, params: tuple = ()) -> list[tuple]:
        import psycopg

        with psycopg.connect(self.database_url, autocommit=True) as conn:
            return conn.execute(sql, params).fetchall()

    def wait_for(self, sql: str, params: tuple = (), *, timeout: float = 90, what: str = "") -> list[tuple]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            rows = self.query(sql, params)
            if rows:
                return rows
            time.sleep(0.2)
        raise AssertionError(f"Waited {timeout} s for {what or sql}; logs:\n{self.logs()}")

    def wait_ready(self, base: str, *, timeout: float = 90) -> None:
        """Until the instance answers /healthz and then /readyz with 200."""
        deadline = time.monotonic() + timeout
        for path in ("/healthz", "/readyz"):
            while True:
                try:
                    status, body, _ = get(base + path, timeout=5)
                except OSError:
                    status, body = 0, b""
                if status == 200:
                    break
                assert time.monotonic() < deadline and all(p.poll() is None for p in self.processes), (
                    f"{base}{path} answered {status} {body[:300]!r}; logs:\n{self.logs()}"
                )
                time.sleep(0.3)

    def logs(self) -> str:
        return "\n".join(f"--- {p.name}\n{p.read_text()[-3000:]}" for p in sorted(self.tmp.glob("*.log")))

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=20)


def _environment(tmp: Path, database: str, queue: str) -> dict[str, str]:
    """The production settings' environment (docs/operating.md), nothing of tests/settings.py."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("CASEQUALITY_", "DATABASE_", "DJANGO_", "SECRET_KEY", "PYTEST", "OIDC_"))
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "casequality.settings",
            "PYTHONPATH": str(ROOT),
            "SECRET_KEY": secrets.token_urlsafe(50),
            "CASEQUALITY_ACCESS_LOG_KEY": secrets.token_urlsafe(50),
            "DATABASE_URL": f"postgres://postgres@{POSTGRES[0]}:{POSTGRES[1]}/{database}",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "STATIC_ROOT": str(tmp / "static"),
            "CASEQUALITY_PAGE_CACHE_URL": f"redis://{REDIS[0]}:{REDIS[1]}/{REDIS_DB}",
            "CASEQUALITY_PAGE_CACHE_SECONDS": "120",
            "CASEQUALITY_BROKER_URL": _amqp(RABBITMQ[1]),
            "CASEQUALITY_TASK_QUEUE": queue,
            "CASEQUALITY_API_RATE_REQUESTS": str(API_RATE),
            "CASEQUALITY_API_RATE_SECONDS": "86400",
            "DATABASE_CONN_MAX_AGE": "60",
            "LOG_LEVEL": "WARNING",
        }
    )
    return env


@pytest.fixture(scope="session")
def stack(tmp_path_factory) -> Stack:
    missing = _missing()
    if missing:
        line = (
            "Production profile (tests/production/) not run: no "
            + "; no ".join(missing)
            + ". It needs PostgreSQL, Redis and RabbitMQ on their usual ports and Debian's chromium."
        )
        if REQUIRED:
            pytest.fail(line + " CASEQUALITY_REQUIRE_PRODUCTION_PROFILE=1 makes this a failure.", pytrace=False)
        pytest.skip(line)
    import psycopg

    tmp = tmp_path_factory.mktemp("production")
    database = f"cq_production_{int(time.time())}_{os.getpid()}"
    queue = f"casequality-production-{uuid.uuid4().hex[:12]}"
    with psycopg.connect(
        host=POSTGRES[0], port=POSTGRES[1], user="postgres", dbname="postgres", autocommit=True
    ) as conn:
        conn.execute(f'CREATE DATABASE "{database}"')
    broker_proxy = TcpProxy(*RABBITMQ).start()
    database_proxy = TcpProxy(*POSTGRES).start()
    cache_proxy = TcpProxy(*REDIS).start()
    made = Stack(
        tmp=tmp,
        database=database,
        queue=queue,
        env=_environment(tmp, database, queue),
        broker_proxy=broker_proxy,
        database_proxy=database_proxy,
        cache_proxy=cache_proxy,
    )
    try:
        # The demo's caseload, evaluated in process (no broker: the sweep runs here), dated today.
        made.command("demo", "--cases", str(CASES), "--no-serve", CASEQUALITY_BROKER_URL="")
        seeded = subprocess.run(
            [sys.executable, str(ROOT / "tests" / "production" / "seed.py")],
            env=made.env,
            cwd=tmp,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert seeded.returncode == 0, seeded.stderr[-4000:]
        facts = json.loads(seeded.stdout.strip().splitlines()[-1])
        made.password, made.users, made.api_token = facts["password"], facts["users"], facts["api_token"]
        made.command("collectstatic", "--noinput", "--verbosity", "0")
        # The worker reaches the broker and the database directly; the web instances through the
        # proxies (broker, database, Redis).
        made.start("worker", [str(BIN / "casequality"), "worker", "--concurrency", "1", "--loglevel", "INFO"])
        through_proxies = {
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:{database_proxy.port}/{database}",
            "CASEQUALITY_BROKER_URL": _amqp(broker_proxy.port),
            "CASEQUALITY_PAGE_CACHE_URL": f"redis://127.0.0.1:{cache_proxy.port}/{REDIS_DB}",
        }
        for name, workers in (("web-a", 2), ("web-b", 1)):
            port = _free_port()
            made.start(
                name,
                [
                    str(BIN / "gunicorn"),
                    "casequality.wsgi",
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--workers",
                    str(workers),
                    "--timeout",
                    "60",
                    "--graceful-timeout",
                    "5",
                ],
                **through_proxies,
            )
            made.web.append(f"http://127.0.0.1:{port}")
        for base in made.web:
            made.wait_ready(base)
        deadline = time.monotonic() + 90
        while " ready." not in (tmp / "worker.log").read_text():
            assert time.monotonic() < deadline, f"The worker did not start:\n{made.logs()}"
            time.sleep(0.2)
        yield made
    finally:
        made.stop()
        broker_proxy.stop()
        database_proxy.stop()
        cache_proxy.stop()
        try:
            from kombu import Connection

            with Connection(_amqp(RABBITMQ[1]), connect_timeout=3) as conn:
                conn.default_channel.queue_delete(queue)
        except Exception:  # noqa: BLE001, S110 - a queue never declared is no queue to delete
            pass
        with psycopg.connect(
            host=POSTGRES[0], port=POSTGRES[1], user="postgres", dbname="postgres", autocommit=True
        ) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


@pytest.fixture
def broker_restored(stack):
    """The broker proxy as it was, whatever the test did to it."""
    yield stack.broker_proxy
    stack.broker_proxy.restore()


@pytest.fixture
def cache_restored(stack):
    """The Redis proxy as it was, whatever the test did to it."""
    yield stack.cache_proxy
    stack.cache_proxy.restore()


@pytest.fixture
def database_restored(stack):
    """The database proxy as it was, whatever the test did to it."""
    yield stack.database_proxy
    stack.database_proxy.restore()
