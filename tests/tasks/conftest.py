"""Real workers for the background-task tests: `casequality worker` processes on the broker.

The broker is RabbitMQ on 127.0.0.1 (CI runs it; CASEQUALITY_TEST_BROKER_URL names
another); without one these tests are skipped, saying so. Each test has a queue of its
own on it (tests run side by side under xdist, and other runs share the broker), and a
database the workers reach too: on PostgreSQL the test database itself (transactional,
so what a worker commits is seen), on SQLite a file copied from a migrated one (an
in-memory database cannot be shared with another process).
"""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
BROKER = os.environ.get("CASEQUALITY_TEST_BROKER_URL") or "amqp://guest:guest@127.0.0.1:5672//"
AS_OF = "2013-06-17"


def _broker_problem(url: str) -> str | None:
    from kombu import Connection

    try:
        with Connection(url, connect_timeout=2) as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception as error:  # noqa: BLE001 - any failure means: no broker here
        return str(error) or type(error).__name__
    return None


@pytest.fixture(scope="session")
def broker_url() -> str:
    problem = _broker_problem(BROKER)
    if problem:
        pytest.skip(
            f"No broker at {BROKER} ({problem}): start RabbitMQ there, or name one in "
            "CASEQUALITY_TEST_BROKER_URL, to run the worker tests"
        )
    return BROKER


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("template") / "migrated.sqlite3"
    subprocess.run(
        [sys.executable, "-m", "casequality", "migrate", "--verbosity", "0"],
        env=_env(f"sqlite:///{path}"),
        cwd=path.parent,
        check=True,
        capture_output=True,
        timeout=300,
    )
    return path


@pytest.fixture(scope="session")
def demo_file(tmp_path_factory) -> Path:
    """A small demo caseload: 40 cases, five parts of a sweep of 8."""
    path = tmp_path_factory.mktemp("demo") / "demo.json"
    call_command("demo-data", "--cases", "40", "--out", str(path), "--jobs", "1", stdout=StringIO())
    return path


@pytest.fixture(scope="session")
def imported_sqlite(migrated_sqlite, demo_file) -> Path:
    """The migrated database with the demo caseload imported (and evaluated) in process."""
    path = migrated_sqlite.with_name("imported.sqlite3")
    shutil.copy(migrated_sqlite, path)
    subprocess.run(
        [sys.executable, "-m", "casequality", "import", str(demo_file), "--no-progress"],
        env=_env(f"sqlite:///{path}"),
        cwd=path.parent,
        check=True,
        capture_output=True,
        timeout=300,
    )
    return path


def _env(database_url: str, **extra: str) -> dict[str, str]:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "casequality.settings",
        "CASEQUALITY_DEMO": "true",
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
    }
    env.pop("CASEQUALITY_BROKER_URL", None)
    env.update(extra)
    return env


@dataclass
class Site:
    """A database and a queue that commands, workers and the test all reach."""

    tmp_path: Path
    database_url: str
    broker_url: str | None
    queue: str
    sqlite_path: Path | None = None
    workers: list[subprocess.Popen] = field(default_factory=list)

    def env(self, *, broker: bool, **extra: str) -> dict[str, str]:
        more = {"CASEQUALITY_BROKER_URL": self.broker_url, "CASEQUALITY_TASK_QUEUE": self.queue} if broker else {}
        return _env(self.database_url, **more, **extra)

    def run(self, *args: str, broker: bool, **extra: str) -> subprocess.CompletedProcess:
        """`casequality ARGS` in a process of its own, with or without the broker."""
        result = subprocess.run(
            [sys.executable, "-m", "casequality", *args],
            env=self.env(broker=broker, **extra),
            cwd=self.tmp_path,
            capture_output=True,
            text=True,
            timeout=240,
        )
        assert result.returncode == 0, result.stderr
        return result

    def in_process(self, *args: str) -> str:
        """`casequality ARGS` without the broker, as before: in the test's own process where it
        shares the database (PostgreSQL), else in a process of its own. Returns its output."""
        if self.sqlite_path is not None:
            return self.run(*args, broker=False).stdout
        out = StringIO()
        call_command(*args, stdout=out, stderr=StringIO())
        return out.getvalue()

    def reference(self, request) -> Reference:
        """The in-process sweep's findings as of AS_OF from the same import: on SQLite from a
        copy of it (made once); on PostgreSQL by sweeping again here, which stores what one
        process stores (it would open, close or rewrite any finding that differs)."""
        if self.sqlite_path is not None:
            return request.getfixturevalue("sqlite_reference")
        out = self.in_process("sweep", "--as-of", AS_OF, "--no-progress", "--workers", "1")
        return Reference(per_rule(out), self.query(OPEN_FINDINGS))

    def start(self, *args: str, broker: bool = True, **extra: str) -> subprocess.Popen:
        log = open(self.tmp_path / f"process-{len(self.workers)}.log", "w")  # noqa: SIM115 - closed with the process
        process = subprocess.Popen(
            [sys.executable, "-m", "casequality", *args],
            env=self.env(broker=broker, **extra),
            cwd=self.tmp_path,
            stdout=log,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.workers.append(process)
        return process

    def worker(self, **extra: str) -> subprocess.Popen:
        """A worker of one process, once it listens on the queue."""
        return self.start_workers(1, **extra)[0]

    def start_workers(self, count: int, **extra: str) -> list[subprocess.Popen]:
        """`count` workers of one process each, started side by side; returned once each says "ready"."""
        logs = [self.tmp_path / f"process-{len(self.workers) + n}.log" for n in range(count)]
        started = [self.start("worker", "--concurrency", "1", "--loglevel", "INFO", **extra) for _ in range(count)]
        deadline = time.monotonic() + 90
        for process, log in zip(started, logs, strict=True):
            while " ready." not in log.read_text():
                assert process.poll() is None and time.monotonic() < deadline, f"A worker did not start: {self.logs()}"
                time.sleep(0.1)
        return started

    def query(self, sql: str, params: tuple = ()) -> list[tuple]:
        if self.sqlite_path is not None:
            with sqlite3.connect(self.sqlite_path, timeout=20) as db:
                return db.execute(sql, params).fetchall()
        with connection.cursor() as cursor:
            cursor.execute(sql.replace("?", "%s"), params)
            return cursor.fetchall()

    def wait_for(self, sql: str, params: tuple = (), *, timeout: float = 90, what: str = "") -> list[tuple]:
        """Poll until `sql` gives rows (a worker's work shows); fail after `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            rows = self.query(sql, params)
            if rows:
                return rows
            time.sleep(0.05)
        raise AssertionError(f"Waited {timeout} s for {what or sql}; logs: {self.logs()}")

    def wait_for_log(self, text: str, *, times: int = 1, timeout: float = 90) -> None:
        """Poll the processes' logs until they say `text` `times` times; fail after `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while self.logs(tail=None).count(text) < times:
            assert time.monotonic() < deadline, f"Waited {timeout} s for {text!r} in the logs: {self.logs()}"
            time.sleep(0.05)

    def logs(self, tail: int | None = 3000) -> str:
        return "\n".join(p.read_text()[-tail if tail else 0 :] for p in sorted(self.tmp_path.glob("process-*.log")))

    def stop(self) -> None:
        for process in self.workers:
            if process.poll() is None:
                process.send_signal(signal.SIGKILL)
                process.wait(timeout=30)


def _postgres_url() -> str:
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


OPEN_FINDINGS = """
    SELECT c.ref, f.rule, f.key, f.kind, f.message, f.due, f.opened_on, f.last_seen_on
    FROM standards_finding f JOIN cases_case c ON c.id = f.case_id
    WHERE f.resolved_on IS NULL ORDER BY c.ref, f.rule, f.key
"""


def per_rule(summary: str) -> list[tuple[str, ...]]:
    """The sweep summary's (rule, open findings, tasks due) rows."""
    return [tuple(line.split()[:3]) for line in summary.splitlines()[2:]]


@dataclass
class Reference:
    """What a sweep in one process (no broker) stores and says: the standard to meet."""

    summary: list[tuple[str, ...]]
    findings: list[tuple]


@pytest.fixture(scope="session")
def sqlite_reference(imported_sqlite, tmp_path_factory) -> Reference:
    site = Site(tmp_path=tmp_path_factory.mktemp("reference"), database_url="", broker_url=None, queue="")
    site.sqlite_path = site.tmp_path / "reference.sqlite3"
    site.database_url = f"sqlite:///{site.sqlite_path}"
    shutil.copy(imported_sqlite, site.sqlite_path)
    out = site.in_process("sweep", "--as-of", AS_OF, "--no-progress", "--workers", "1")
    return Reference(per_rule(out), site.query(OPEN_FINDINGS))


@pytest.fixture
def imported_site(request, site, demo_file) -> Site:
    """The site with the demo caseload imported and evaluated in process (no broker)."""
    if site.sqlite_path is not None:
        shutil.copy(request.getfixturevalue("imported_sqlite"), site.sqlite_path)
    else:
        site.in_process("import", str(demo_file), "--no-progress")
    return site


@pytest.fixture
def site(request, tmp_path, broker_url, transactional_db) -> Site:
    queue = f"casequality-test-{uuid.uuid4().hex[:12]}"
    if connection.vendor == "postgresql":
        made = Site(tmp_path=tmp_path, database_url=_postgres_url(), broker_url=broker_url, queue=queue)
    else:
        path = tmp_path / "shared.sqlite3"
        shutil.copy(request.getfixturevalue("migrated_sqlite"), path)
        made = Site(
            tmp_path=tmp_path, database_url=f"sqlite:///{path}", broker_url=broker_url, queue=queue, sqlite_path=path
        )
    yield made
    made.stop()
    from kombu import Connection

    with Connection(broker_url, connect_timeout=2) as conn:
        conn.default_channel.queue_delete(queue)
