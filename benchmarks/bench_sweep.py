"""Benchmark of the rulebook: `casequality sweep` against `casequality export`, one case's
re-evaluation, and `casequality check` of a file.

    .venv/bin/python benchmarks/bench_sweep.py --cases 10000 [--cases 100000]
        [--database-url postgres://postgres@127.0.0.1:5432/bench_sweep] [--check]
        [--workers 1] [--json FILE]

For each size: writes a demo caseload with `casequality demo-data` (kept in --workdir
and reused), migrates a fresh database (a new SQLite file, or the named PostgreSQL
database dropped and created afresh: never point it at a database you want to keep),
imports the file without the rulebook's receivers (so that the sweep starts from no
findings), then times, each in a process of its own:
- `casequality export` of the service (reading every record once: the floor);
- the first `casequality sweep` (evaluates every case and opens every finding);
- a second sweep a day later (the nightly case: updates, closes, opens a few);
- one case's re-evaluation (`cases_evaluate`) in a warm process, as a web process or
  the import's receiver does it: the median and the slowest of 50 random cases, and
  the first call in the process (names, settings and calendar loaded);
- with --check, `casequality check FILE` of the demo file (nothing stored).
Prints a Markdown table for docs/benchmarks.md. Targets: sweep <= 2 x export; one case's
re-evaluation < 50 ms; check of 10,000 cases < 60 s.

CPU times are given beside wall times: on a shared machine wall times depend on what else
runs, CPU times much less. A command's CPU is its process's and its workers' (user +
system). On PostgreSQL served from this machine, the CPU of the server's backends that
serve the command is added ("with PostgreSQL's backends"): the benchmark samples every
client backend of the database (pg_stat_activity) and reads its CPU from
/proc/<pid>/schedstat while the command runs; one case's re-evaluation reads its
connection's backend (pg_backend_pid()) before and after each call. --json FILE appends
every figure as one JSON line, for comparing runs (before and after a change, alternated).
To measure other code (a checkout of an earlier commit), copy this file into that
checkout's benchmarks/ and run it there with PYTHONPATH=. (docs/benchmarks/sweep.md).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import secrets
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

# Benchmarks run on scratch databases, with a key of their own: Casequality refuses to
# start without SECRET_KEY outside the demo (docs/operating.md).
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))

ROOT = Path(__file__).resolve().parent.parent
CASEQUALITY = [sys.executable, "-m", "casequality"]
AS_OF = "2013-06-17"
NEXT_DAY = "2013-06-18"

IMPORT_ONLY = """
import os, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casequality.settings")
import django
django.setup()
from casequality.cases.signals import case_record_changed
case_record_changed.receivers.clear()
from django.core.management import call_command
call_command("import", sys.argv[1], "--no-progress")
"""

ONE_CASE = """
import os, random, statistics, sys, time
from datetime import date
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casequality.settings")
import django
django.setup()
from casequality.cases.models import Case
from casequality.standards.services import cases_evaluate
from casequality.standards.text import reading_grade
pks = list(Case.objects.values_list("pk", flat=True))
rng = random.Random(7)
as_of = date.fromisoformat(sys.argv[1])
start = time.perf_counter()
cases_evaluate(case_ids=[rng.choice(pks)], as_of=as_of)
reading_grade("The first grade in a process loads the pronouncing dictionary.")
first = time.perf_counter() - start
from django.db import connection
def backend_seconds():
    # The CPU of this connection's PostgreSQL backend, if the server runs on this machine.
    if connection.vendor != "postgresql":
        return 0.0
    try:
        with open(f"/proc/{backend}/schedstat") as f:
            return int(f.read().split()[0]) / 1e9
    except OSError:
        return 0.0
backend = None
if connection.vendor == "postgresql":
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]
times, cpu, total = [], [], []
for _ in range(50):
    pk = rng.choice(pks)
    start, start_cpu, start_backend = time.perf_counter(), time.process_time(), backend_seconds()
    cases_evaluate(case_ids=[pk], as_of=as_of)
    times.append(time.perf_counter() - start)
    cpu.append(time.process_time() - start_cpu)
    total.append(cpu[-1] + backend_seconds() - start_backend)
print(f"{first * 1000:.1f} {statistics.median(times) * 1000:.1f} {max(times) * 1000:.1f} "
      f"{statistics.median(cpu) * 1000:.1f} {max(cpu) * 1000:.1f} "
      f"{statistics.median(total) * 1000:.1f} {max(total) * 1000:.1f}")
"""


CPU: dict[str, float] = {}


class BackendCpu:
    """The CPU seconds of a PostgreSQL database's client backends while a command runs,
    when the server runs on this machine: every `interval` seconds, the backends of the
    database (pg_stat_activity, the sampler's own excluded) and each one's CPU so far
    (/proc/<pid>/schedstat, nanoseconds since the backend was forked for its connection).
    A backend's last sample is taken at most `interval` before it ends: the few
    milliseconds of a connection's closing are not counted."""

    def __init__(self, url: str, interval: float = 0.05) -> None:
        import psycopg

        parsed = urlparse(url)
        self.name = parsed.path.lstrip("/")
        self.connection = psycopg.connect(parsed._replace(path="/postgres").geturl(), autocommit=True)
        self.interval = interval
        self.seen: dict[int, float] = {}
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self.sample_until_stopped, daemon=True)

    def sample(self) -> None:
        rows = self.connection.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND backend_type = 'client backend' "
            "AND pid <> pg_backend_pid()",
            (self.name,),
        ).fetchall()
        for (pid,) in rows:
            try:
                with open(f"/proc/{pid}/schedstat") as f:
                    seconds = int(f.read().split()[0]) / 1e9
            except (OSError, ValueError, IndexError):
                continue
            self.seen[pid] = max(seconds, self.seen.get(pid, 0.0))

    def sample_until_stopped(self) -> None:
        while not self.stopping.wait(self.interval):
            self.sample()

    def __enter__(self) -> BackendCpu:
        self.sample()
        self.before = dict(self.seen)
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopping.set()
        self.thread.join()
        self.connection.close()

    def seconds(self) -> float:
        """The backends' CPU while sampled: new backends' whole, earlier ones' growth."""
        return sum(seconds - self.before.get(pid, 0.0) for pid, seconds in self.seen.items())


def backend_cpu_measurable(url: str | None) -> bool:
    """Whether the PostgreSQL server at `url` runs on this machine and its backends' CPU
    can be read here."""
    if url is None or urlparse(url).hostname not in ("127.0.0.1", "localhost", "::1", None, ""):
        return False
    return Path("/proc/self/schedstat").exists()


def run(args: list[str], env: dict[str, str], backend_url: str | None = None) -> tuple[float, str]:
    """Run a command to its end; its wall time and its standard output. Its CPU time
    (user + system, its worker processes included) is left in CPU["last"]: on a shared
    machine, wall times depend on what else runs; CPU times much less. With backend_url
    (a PostgreSQL database on this machine), the CPU of the database's backends while the
    command ran is left in CPU["backend"]."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    if backend_url is None:
        result = subprocess.run(args, env=env, cwd=ROOT, capture_output=True, text=True)
        CPU["backend"] = 0.0
    else:
        with BackendCpu(backend_url) as backends:
            result = subprocess.run(args, env=env, cwd=ROOT, capture_output=True, text=True)
        CPU["backend"] = backends.seconds()
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU["last"] = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if result.returncode != 0:
        raise SystemExit(
            f"{' '.join(args)} failed ({result.returncode}):\n{result.stdout[-2000:]}\n{result.stderr[-3000:]}"
        )
    return seconds, result.stdout


def fresh_database(url: str | None, workdir: Path, cases: int) -> str:
    if url is None:
        path = workdir / f"sweep-{cases}.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        return f"sqlite:///{path}"
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    with psycopg.connect(parsed._replace(path="/postgres").geturl(), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    return url


def demo_file(cases: int, workdir: Path, env: dict[str, str]) -> Path:
    path = workdir / f"demo-{cases}-seed1.json"
    if not path.exists():
        print(f"writing {cases} demo cases to {path}", file=sys.stderr)
        run([*CASEQUALITY, "demo-data", "--cases", str(cases), "--seed", "1", "--out", str(path)], env)
    return path


def bench(
    cases: int, url: str | None, workdir: Path, check: bool, workers: int, figures: dict[str, object]
) -> list[tuple[str, str]]:
    env = {**os.environ, "CASEQUALITY_DEBUG": "false"}
    env.pop("DATABASE_URL", None)
    source = demo_file(cases, workdir, env)
    env["DATABASE_URL"] = fresh_database(url, workdir, cases)
    database = "PostgreSQL" if url else "SQLite"
    backend_url = url if backend_cpu_measurable(url) else None
    run([*CASEQUALITY, "migrate", "--verbosity", "0"], env)
    print(f"{database} {cases}: importing", file=sys.stderr)
    run([sys.executable, "-c", IMPORT_ONLY, str(source)], env)
    rows = []

    def with_backends(cpu: float, export_total: float | None) -> str:
        if backend_url is None:
            return ""
        total = cpu + CPU["backend"]
        ratio = f" = {total / export_total:.2f} x export's" if export_total else ""
        return f"; with PostgreSQL's backends {total:.1f} s{ratio}"

    export_s, _ = run([*CASEQUALITY, "export", "--out", str(workdir / "export.json")], env, backend_url)
    export_cpu, export_backend = CPU["last"], CPU["backend"]
    export_total = export_cpu + export_backend
    (workdir / "export.json").unlink(missing_ok=True)
    rows.append(
        (
            f"{database}, {cases:,} cases",
            f"`casequality export`: {export_s:.1f} s (CPU {export_cpu:.1f} s{with_backends(export_cpu, None)})",
        )
    )
    print(f"{database} {cases}: export {export_s:.1f} s; sweeping", file=sys.stderr)
    sweep_s, out = run(
        [*CASEQUALITY, "sweep", "--as-of", AS_OF, "--no-progress", "--workers", str(workers)], env, backend_url
    )
    sweep_cpu, sweep_backend = CPU["last"], CPU["backend"]
    first_line = out.splitlines()[0]
    rows.append(
        (
            "",
            f"first `casequality sweep --workers {workers}`: {sweep_s:.1f} s = {sweep_s / export_s:.2f} x export "
            f"(CPU {sweep_cpu:.1f} s = {sweep_cpu / export_cpu:.2f} x export's"
            f"{with_backends(sweep_cpu, export_total)}) ({first_line})",
        )
    )
    again_s, _ = run(
        [*CASEQUALITY, "sweep", "--as-of", NEXT_DAY, "--no-progress", "--workers", str(workers)], env, backend_url
    )
    again_cpu, again_backend = CPU["last"], CPU["backend"]
    rows.append(
        (
            "",
            f"next day's sweep: {again_s:.1f} s = {again_s / export_s:.2f} x export "
            f"(CPU {again_cpu:.1f} s = {again_cpu / export_cpu:.2f} x export's"
            f"{with_backends(again_cpu, export_total)})",
        )
    )
    _s, one = run([sys.executable, "-c", ONE_CASE, NEXT_DAY], env)
    first, median, worst, cpu_median, cpu_worst, total_median, total_worst = one.split()
    with_backend = (
        f"; with its PostgreSQL backend median {total_median} ms, slowest {total_worst} ms"
        if backend_url is not None
        else ""
    )
    rows.append(
        (
            "",
            f"one case's re-evaluation: median {median} ms, slowest {worst} ms of 50 "
            f"(CPU median {cpu_median} ms, slowest {cpu_worst} ms{with_backend}); "
            f"first in a process (settings, names, dictionary loaded) {first} ms",
        )
    )
    figures.update(
        {
            "database": database,
            "cases": cases,
            "workers": workers,
            "first_sweep_line": first_line,
            "export": {"wall": export_s, "cpu": export_cpu, "backend_cpu": export_backend},
            "sweep": {"wall": sweep_s, "cpu": sweep_cpu, "backend_cpu": sweep_backend},
            "next_day": {"wall": again_s, "cpu": again_cpu, "backend_cpu": again_backend},
            "one_case_ms": {
                "first": float(first),
                "median": float(median),
                "slowest": float(worst),
                "cpu_median": float(cpu_median),
                "cpu_slowest": float(cpu_worst),
                "with_backend_median": float(total_median),
                "with_backend_slowest": float(total_worst),
            },
        }
    )
    if check:
        check_s, _ = run([*CASEQUALITY, "check", str(source), "--as-of", AS_OF, "--format", "json"], env)
        rows.append(("", f"`casequality check` of the file: {check_s:.1f} s (CPU {CPU['last']:.1f} s)"))
        figures["check"] = {"wall": check_s, "cpu": CPU["last"]}
    for left, right in rows:
        print(f"{left}: {right}", file=sys.stderr)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, action="append", help="caseload size (repeatable); default 10000")
    parser.add_argument("--database-url", help="PostgreSQL database to drop, create and use (default: SQLite)")
    parser.add_argument("--workdir", default="/tmp/casequality-bench", help="where demo files and SQLite go")
    parser.add_argument("--check", action="store_true", help="also time `casequality check` of the demo file")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="sweep workers (default: CPUs)")
    parser.add_argument("--json", help="append every figure of each size as one JSON line to this file")
    args = parser.parse_args()
    workdir = Path(args.workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    load = os.getloadavg()[0]
    print(
        f"Machine: {platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"load average {load:.1f} at the start"
    )
    print("| caseload | measurement |\n|---|---|")
    for cases in args.cases or [10000]:
        figures: dict[str, object] = {"code": str(ROOT), "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
        figures["load_at_start"] = load
        for left, right in bench(cases, args.database_url, workdir, args.check, args.workers, figures):
            print(f"| {left} | {right} |")
        figures["load_at_end"] = os.getloadavg()[0]
        if args.json:
            with open(args.json, "a") as out:
                out.write(json.dumps(figures) + "\n")


if __name__ == "__main__":
    main()
