"""Benchmark of bounded input (decision 0029): an import file of many bad cases, and one of
deeply nested arrays, refused in memory that does not grow with the file.

    .venv/bin/python benchmarks/bench_bounded_input.py --cases 1000000 [--cases 20000 ...] [--depth 200000]

For each size it writes a file of that many cases, each with five problems (a bad date of
birth, sex and looked_after, two keys missing) and an id of its own, written streaming; then,
in a process of its own on a fresh migrated SQLite database, runs the import as
`casequality import` and the API run it (`interchange_import`). Reports the file's size,
the problems listed and found, the wall time and the peak resident set size of that
process (ru_maxrss: everything it did). Prints a Markdown table for docs/benchmarks.md.
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
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

MEASURE = """
import json, resource, sys
import django
django.setup()
from casequality.cases.interchange import InterchangeError
from casequality.cases.services import interchange_import
try:
    interchange_import(sys.argv[1])
    outcome = {"listed": 0, "total": 0, "first": "imported"}
except InterchangeError as error:
    outcome = {"listed": len(error.problems), "total": error.total, "first": str(error.problems[0])}
outcome["peak_kib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps(outcome))
"""

HEADER = {
    "format": "casequality/2",
    "service": {"code": "MAN", "name": "Manchester YOS"},
    "staff": [{"id": "S1", "name": "Sam Patel", "role": "case_manager", "team": "North", "manager": None}],
}


def bad_case(index: int) -> str:
    return json.dumps(
        {
            "id": f"MAN-{index:07d}",
            "case_manager": "S1",
            "child": {
                "name": "Jordan Example",
                "dob": "not a date",
                "sex": "boy",
                "ethnicity": "White British",
                "looked_after": "yes",
            },
            "orders": [],
            "reports": [],
            "assessments": [],
            "plans": [],
            "events": [],
        }
    )


def write_bad_cases(path: Path, count: int) -> None:
    with path.open("w", encoding="utf-8") as out:
        out.write(json.dumps(HEADER)[:-1] + ', "cases": [')
        for index in range(count):
            out.write(("," if index else "") + bad_case(index))
        out.write("]}")


def write_nested(path: Path, depth: int) -> None:
    path.write_text('{"format": "casequality/2", "cases": [' + "[" * depth + "]" * depth + "]}", encoding="utf-8")


def measure(env: dict, path: Path) -> dict:
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", MEASURE, str(path)], env=env, capture_output=True, text=True, cwd=ROOT, check=True
    )
    outcome = json.loads(result.stdout.splitlines()[-1])
    outcome["seconds"] = time.perf_counter() - started
    return outcome


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, action="append", help="bad cases in a file (repeatable)")
    parser.add_argument("--depth", type=int, default=200_000, help="levels of nested arrays in one case")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-bounded-") as scratch:
        scratch = Path(scratch)
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{scratch / 'db.sqlite3'}",
            "DJANGO_SETTINGS_MODULE": "casequality.settings",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "CASEQUALITY_ACCESS_LOG_KEY": secrets.token_urlsafe(50),
        }
        subprocess.run(
            [sys.executable, "-m", "casequality", "migrate", "--verbosity", "0"], env=env, cwd=ROOT, check=True
        )
        rows = []
        nested = scratch / "nested.json"
        write_nested(nested, args.depth)
        rows.append((f"{args.depth:,} nested arrays", nested.stat().st_size, measure(env, nested)))
        for count in args.cases or [2_000, 20_000]:
            path = scratch / f"bad-{count}.json"
            write_bad_cases(path, count)
            rows.append((f"{count:,} bad cases", path.stat().st_size, measure(env, path)))
            path.unlink()
    print(f"Python {platform.python_version()}, {os.cpu_count()} cores, {time.strftime('%d %B %Y')}\n")
    print("| file | size | problems listed / found | wall | peak memory (ru_maxrss) |")
    print("| --- | ---: | --- | ---: | ---: |")
    for name, size, outcome in rows:
        print(
            f"| {name} | {size / 1e6:,.1f} MB | {outcome['listed']:,} / {outcome['total']:,} | "
            f"{outcome['seconds']:,.1f} s | {outcome['peak_kib'] / 1024:,.1f} MB |"
        )


if __name__ == "__main__":
    main()
