"""Benchmark of `casequality import` and `casequality export`: cases per second and peak memory.

    .venv/bin/python benchmarks/bench_import_export.py --cases 10000 [--cases 100000]
        [--database-url postgres://postgres@127.0.0.1:5432/bench]

For each size it writes a demo caseload (the `demo-data` command when the project has
one, else the test suite's example case repeated under new ids), migrates a fresh
database (a new SQLite file, or the named PostgreSQL database dropped and created
afresh: never point it at a database you want to keep), then times, in processes of
their own: the import into the empty database, the export, and a second import of the
export (which replaces every case). The imports run without the receivers of
case_record_changed (the rulebook's re-evaluation of every imported case, which is the
standards app's cost, not the import's); `--with-rules` also times the shipped
`casequality import` with them. Peak memory is the peak resident set size of that
process, from the kernel (wait4's ru_maxrss), so it covers everything the command did.
Prints a Markdown table for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import secrets
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

# Benchmarks run on scratch databases, with a key of their own: Casequality refuses to
# start without SECRET_KEY outside the demo (docs/operating.md).
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CASEQUALITY = [sys.executable, "-m", "casequality"]
# The import command without the receivers of case_record_changed (the rulebook
# re-evaluates every imported case on commit): the import's own cost.
IMPORT_ONLY = [
    sys.executable,
    "-c",
    """
import os, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casequality.settings")
import django
django.setup()
from casequality.cases.signals import case_record_changed
case_record_changed.receivers.clear()
from django.core.management import call_command
call_command("import", sys.argv[1], "--no-progress")
""",
]


@dataclass
class Run:
    step: str
    cases: int
    seconds: float
    cpu_seconds: float
    peak_mib: float
    load: float

    @property
    def rate(self) -> float:
        return self.cases / self.seconds if self.seconds else 0.0


def measured(args: list[str], env: dict[str, str], step: str, cases: int) -> Run:
    """Run a command to its end; its wall time and its own peak RSS (not its parent's)."""
    start = time.perf_counter()
    process = subprocess.Popen(args, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    # wait4 gives this child's own resource usage; communicate() would reap it first.
    stdout = process.stdout.read()
    stderr = process.stderr.read()
    _pid, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(
            f"{' '.join(args[2:])} failed ({process.returncode}):\n{stdout.decode()}\n{stderr.decode()[-3000:]}"
        )
    # ru_maxrss is in KiB on Linux. CPU time is the command's own (not the database
    # server's): a fairer figure than wall time on a machine that others share.
    return Run(step, cases, seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, os.getloadavg()[0])


def has_demo_data_command(env: dict[str, str]) -> bool:
    result = subprocess.run([*CASEQUALITY, "help", "demo-data"], env=env, cwd=ROOT, capture_output=True)
    return result.returncode == 0


def write_repeated_template(path: Path, cases: int) -> None:
    """The example document of the tests with its first case repeated under new ids, written
    case by case (the stand-in for the demo generator)."""
    from tests.cases.documents import example_document

    document = example_document()
    template = document["cases"][0]
    with open(path, "w", encoding="utf-8") as out:
        out.write(
            f'{{"format": "casequality/1", "service": {json.dumps(document["service"])}, '
            f'"staff": {json.dumps(document["staff"])}, "cases": [\n'
        )
        for number in range(cases):
            template["id"] = f"MAN-{number:06d}"
            out.write(("," if number else "") + json.dumps(template) + "\n")
        out.write("]}\n")


def fresh_database(url: str | None, workdir: Path) -> str:
    """The URL of an empty database: a new SQLite file, or the PostgreSQL database named
    in `url` dropped and created again."""
    if url is None:
        path = workdir / "bench.sqlite3"
        for leftover in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            leftover.unlink(missing_ok=True)
        return f"sqlite:///{path}"
    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    import psycopg

    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    return url


def bench(cases: int, url: str | None, workdir: Path, generator: str, with_rules: bool) -> list[Run]:
    env = {**os.environ, "CASEQUALITY_DEBUG": "false"}
    source = workdir / f"cases-{cases}.json"
    if not source.exists() or source.stat().st_size == 0:
        started = time.perf_counter()
        if generator == "demo-data":
            subprocess.run(
                [
                    *CASEQUALITY,
                    "demo-data",
                    "--cases",
                    str(cases),
                    "--seed",
                    "1",
                    "--out",
                    str(source),
                    "--jobs",
                    str(os.cpu_count() or 1),
                ],
                env=env,
                cwd=ROOT,
                check=True,
                stdout=subprocess.DEVNULL,
            )
        else:
            write_repeated_template(source, cases)
        print(
            f"  wrote {source.name} ({source.stat().st_size / 2**20:.0f} MiB) in {time.perf_counter() - started:.0f} s",
            file=sys.stderr,
        )
    env["DATABASE_URL"] = fresh_database(url, workdir)
    subprocess.run([*CASEQUALITY, "migrate", "--verbosity", "0"], env=env, cwd=ROOT, check=True)
    exported = workdir / f"export-{cases}.json"
    runs = [
        measured([*IMPORT_ONLY, str(source)], env, "import, new cases (cases app only)", cases),
        measured([*CASEQUALITY, "export", "--out", str(exported)], env, "export", cases),
        measured([*IMPORT_ONLY, str(exported)], env, "import again, replacing every case (cases app only)", cases),
    ]
    if with_rules:
        env["DATABASE_URL"] = fresh_database(url, workdir)
        subprocess.run([*CASEQUALITY, "migrate", "--verbosity", "0"], env=env, cwd=ROOT, check=True)
        runs.append(
            measured(
                [*CASEQUALITY, "import", str(source), "--no-progress"],
                env,
                "`casequality import`, new cases, with the rulebook's re-evaluation",
                cases,
            )
        )
    for run in runs:
        print(
            f"  {run.step}: {run.seconds:.1f} s ({run.cpu_seconds:.1f} s CPU), {run.rate:.0f} cases/s, "
            f"peak {run.peak_mib:.0f} MiB, load {run.load:.1f}",
            file=sys.stderr,
        )
    exported.unlink()
    return runs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, action="append", help="number of cases (repeat for several sizes)")
    parser.add_argument(
        "--database-url", help="a PostgreSQL database to drop and recreate (default: a new SQLite file)"
    )
    parser.add_argument(
        "--generator",
        choices=["auto", "demo-data", "template"],
        default="auto",
        help="how to make the caseload (default: demo-data if the command exists)",
    )
    parser.add_argument(
        "--with-rules",
        action="store_true",
        help="also time the shipped `casequality import`, which re-evaluates the rulebook on every case",
    )
    parser.add_argument(
        "--workdir", type=Path, help="where to keep the generated files (default: a temporary directory)"
    )
    options = parser.parse_args()
    sizes = options.cases or [10000]
    generator = options.generator
    if generator == "auto":
        generator = "demo-data" if has_demo_data_command(dict(os.environ)) else "template"
    database = "PostgreSQL" if options.database_url else "SQLite"
    with tempfile.TemporaryDirectory(prefix="bench-import-export-") as temporary:
        workdir = options.workdir or Path(temporary)
        workdir.mkdir(parents=True, exist_ok=True)
        results = []
        for cases in sizes:
            print(f"{cases} cases on {database} ({generator})", file=sys.stderr)
            results += bench(cases, options.database_url, workdir, generator, options.with_rules)
    print(
        f"\n{platform.node()}: {os.cpu_count()} cores, Python {platform.python_version()}, {database}, caseload "
        f"from {generator}\n"
    )
    print("| database | cases | step | wall s | cases/s | CPU s | peak RSS (MiB) | load avg |")
    print("|---|---:|---|---:|---:|---:|---:|---:|")
    for run in results:
        print(
            f"| {database} | {run.cases:,} | {run.step} | {run.seconds:.1f} | {run.rate:,.0f} | {run.cpu_seconds:.1f} "
            f"| {run.peak_mib:.0f} | {run.load:.1f} |"
        )


if __name__ == "__main__":
    main()
