"""The national rehearsal's night: every service's nightly file imported, then the whole
sweep, with the re-evaluation and the sweep on one worker and then on two.

    .venv/bin/python benchmarks/bench_national.py --services 150 --cases 100000 \\
        [--database-url postgres://postgres@127.0.0.1:5432/bench_national] \\
        [--broker amqp://guest:guest@127.0.0.1:5672//] [--workers 1 --workers 2] [--workdir DIR]

Writes one demo caseload per service (`casequality demo-data --seed N --service-code
Snnn`, dated today; kept in --workdir and reused), migrates a template PostgreSQL
database once, then for each number of workers:
- makes a fresh database from the template (the named database is dropped: never point
  it at one you want to keep), and starts that many `casequality worker --concurrency 1`
  processes on a queue of its own;
- runs the night in one process with CASEQUALITY_BROKER_URL set: `casequality import` of
  each service's file in turn (each returns once its records are stored; the workers
  re-evaluate behind it), waits until the workers have drained the re-evaluations, then
  `casequality sweep` (every service's cases split into tasks of 500; it waits for them).
Prints the wall-clock time of each phase and of the night, the sweep's and the night's
ratio of one worker to two, and the machine's load average before each night (the
machine may be shared: a ratio is only meaningful on an otherwise idle machine).
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import subprocess
import sys
from datetime import date
from pathlib import Path
from urllib.parse import urlparse

os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))

ROOT = Path(__file__).resolve().parent.parent
CASEQUALITY = [sys.executable, "-m", "casequality"]

NIGHT = """
import json, os, sys, time
from io import StringIO
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casequality.settings")
import django
django.setup()
from django.core.management import call_command
from django.tasks import TaskResultStatus
from casequality.tasks.models import TaskRun

files = sys.argv[1:]
start = time.perf_counter()
for path in files:
    call_command("import", path, "--no-progress", stdout=StringIO())
imported = time.perf_counter() - start
while TaskRun.objects.exclude(status__in=[TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED]).exists():
    time.sleep(0.2)
drained = time.perf_counter() - start
out = StringIO()
call_command("sweep", "--no-progress", stdout=out)
night = time.perf_counter() - start
print(json.dumps({"import": imported, "reevaluated": drained, "sweep": night - drained, "night": night,
                  "summary": out.getvalue().splitlines()[0],
                  "failed": TaskRun.objects.filter(status=TaskResultStatus.FAILED).count()}))
"""


def run(args: list[str], env: dict[str, str]) -> str:
    result = subprocess.run(args, env=env, cwd=ROOT, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(
            f"{' '.join(args)} failed ({result.returncode}):\n{result.stdout[-2000:]}\n{result.stderr[-3000:]}"
        )
    return result.stdout


GENERATE = """
import json, os, sys
from datetime import date
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casequality.settings")
import django
django.setup()
from casequality.demo.generator import write_caseload
for path, count, seed, code, name, as_of in json.loads(sys.argv[1]):
    with open(path + ".part", "wb") as out:
        service = {"code": code, "name": name}
        write_caseload(out, cases=count, seed=seed, as_of=date.fromisoformat(as_of), service=service)
    os.replace(path + ".part", path)
"""


def service_files(services: int, cases: int, workdir: Path, env: dict[str, str]) -> list[Path]:
    """One demo caseload per service (the demo generator, as `casequality demo-data --seed N
    --service-code Snnn` writes it), the cases shared out as evenly as they go; written in
    one process."""
    today = date.today().isoformat()
    files, missing = [], []
    for i in range(services):
        count = cases // services + (1 if i < cases % services else 0)
        code = f"S{i + 1:03d}"
        path = workdir / f"national-{code}-{count}-{today}.json"
        if not path.exists():
            missing.append((str(path), count, 1000 + i, code, f"Youth Justice Service {i + 1}", today))
        files.append(path)
    if missing:
        print(f"writing {len(missing)} services' caseloads to {workdir}", file=sys.stderr)
        run([sys.executable, "-c", GENERATE, json.dumps(missing)], env)
    return files


def admin_url(url: str) -> str:
    return urlparse(url)._replace(path="/postgres").geturl()


def template_database(url: str, env: dict[str, str]) -> str:
    """A migrated, empty database to copy for each night."""
    import psycopg

    parsed = urlparse(url)
    template = parsed.path.lstrip("/") + "_template"
    with psycopg.connect(admin_url(url), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{template}"')
        connection.execute(f'CREATE DATABASE "{template}"')
    run(
        [*CASEQUALITY, "migrate", "--verbosity", "0"],
        {**env, "DATABASE_URL": parsed._replace(path=f"/{template}").geturl()},
    )
    return template


def fresh_database(url: str, template: str) -> None:
    import psycopg

    name = urlparse(url).path.lstrip("/")
    with psycopg.connect(admin_url(url), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')


def night(files: list[Path], url: str, template: str, broker: str, workers: int, env: dict[str, str]) -> dict:
    fresh_database(url, template)
    queue = f"bench-national-{os.getpid()}-{workers}"
    # Workers keep their database connection between tasks, as docs/operating.md advises.
    env = {
        **env,
        "DATABASE_URL": url,
        "CASEQUALITY_BROKER_URL": broker,
        "CASEQUALITY_TASK_QUEUE": queue,
        "DATABASE_CONN_MAX_AGE": "60",
    }
    started = []
    try:
        for n in range(workers):
            log = open(Path(env["BENCH_WORKDIR"]) / f"worker-{workers}-{n}.log", "w")  # noqa: SIM115
            started.append(
                subprocess.Popen(
                    [*CASEQUALITY, "worker", "--concurrency", "1", "--loglevel", "WARNING"],
                    env=env,
                    cwd=ROOT,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            )
        load = os.getloadavg()[0]
        print(f"night on {workers} worker(s), load average {load:.1f}", file=sys.stderr)
        figures = json.loads(run([sys.executable, "-c", NIGHT, *map(str, files)], env).strip().splitlines()[-1])
        figures["load"] = load
        return figures
    finally:
        for process in started:
            process.terminate()
        for process in started:
            process.wait(timeout=60)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--services", type=int, default=150)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/bench_national")
    parser.add_argument("--broker", default="amqp://guest:guest@127.0.0.1:5672//")
    parser.add_argument("--workers", type=int, action="append", help="worker counts to run (default 1 and 2)")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/bench-national"))
    args = parser.parse_args()
    counts = args.workers or [1, 2]
    args.workdir.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "CASEQUALITY_DEBUG": "false", "BENCH_WORKDIR": str(args.workdir)}
    for name in ("DATABASE_URL", "CASEQUALITY_BROKER_URL", "CASEQUALITY_TASK_QUEUE"):
        env.pop(name, None)
    files = service_files(args.services, args.cases, args.workdir, env)
    template = template_database(args.database_url, env)
    results = {n: night(files, args.database_url, template, args.broker, n, env) for n in counts}

    print(f"\n{args.services} services, {args.cases:,} cases, PostgreSQL, {os.cpu_count()} CPUs\n")
    print("| workers | load before | imports stored | re-evaluations drained | sweep | night |")
    print("|---:|---:|---:|---:|---:|---:|")
    for n, r in results.items():
        print(
            f"| {n} | {r['load']:.1f} | {r['import']:.1f} s | {r['reevaluated']:.1f} s | {r['sweep']:.1f} s | "
            f"**{r['night']:.1f} s** |"
        )
    for n, r in results.items():
        print(f"\n{n} worker(s): {r['summary']} ({r['failed']} failed tasks)")
    if 1 in results and 2 in results:
        one, two = results[1], results[2]
        print(
            f"\nTwo workers against one: sweep {one['sweep'] / two['sweep']:.2f} x, imports with their re-evaluation "
            f"{one['reevaluated'] / two['reevaluated']:.2f} x, the night {one['night'] / two['night']:.2f} x "
            "(goal: at least 1.8 x)"
        )


if __name__ == "__main__":
    main()
