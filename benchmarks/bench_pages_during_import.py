"""Benchmark: signed-in pages while a nightly import runs (docs/benchmarks.md, "Pages during an import").

    .venv/bin/python benchmarks/bench_pages_during_import.py [--cases 10000]
        [--database-url postgres://postgres@127.0.0.1:5432/bench_import_pages]
        [--users 4] [--workers 2] [--before 15] [--after 10]

Builds a scratch database with `casequality demo --cases 300 --no-serve --reset` (never
point it at a database you want to keep; without --database-url a SQLite file in a
temporary folder), writes a `--cases` demo file of the same service (its first 300 cases
are the demo's, re-imported; the rest are new), and serves the site with gunicorn. Then
`--users` threads request, without pause, the team manager's caseload and oversight
queue, each with a session made beforehand: for `--before` seconds, then during
`casequality import` of the file (which also re-evaluates the imported cases), then for
`--after` seconds. Prints, per phase, how many answers were 200, 503 (the "try again"
page of a busy database) and anything else, with the median, 95th percentile and
longest time; the figures to compare are the phases of one run (the machine is shared).
"""

from __future__ import annotations

import argparse
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

# Benchmarks run on scratch databases, with a key of their own: Casequality refuses to
# start without SECRET_KEY outside the demo (docs/operating.md).
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BIN = Path(sys.executable).parent

from bench_web import sessions  # noqa: E402 - sessions made beforehand, as the web benchmark makes them


@dataclass
class Answer:
    phase: str
    status: int
    seconds: float


def fetch(url: str, session: str) -> int:
    request = urllib.request.Request(url, headers={"Cookie": f"sessionid={session}"})
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--database-url")
    parser.add_argument("--users", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--before", type=int, default=15)
    parser.add_argument("--after", type=int, default=10)
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-import-pages-") as tmp:
        url = args.database_url or f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "casequality.settings"}
        subprocess.run(
            [str(BIN / "casequality"), "demo", "--cases", "300", "--no-serve", "--reset"],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        nightly = Path(tmp) / "nightly.json"
        subprocess.run(
            [str(BIN / "casequality"), "demo-data", "--cases", str(args.cases), "--out", str(nightly)],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )

        os.environ.update(DATABASE_URL=url, DJANGO_SETTINGS_MODULE="casequality.settings")
        import django

        django.setup()
        keys = sessions("team-manager", args.users)
        base = f"http://127.0.0.1:{args.port}"
        server = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "casequality.wsgi",
                "--workers",
                str(args.workers),
                "--bind",
                f"127.0.0.1:{args.port}",
                "--log-level",
                "warning",
                "--timeout",
                "120",
            ],
            env=env,
            cwd=ROOT,
        )
        answers: list[Answer] = []
        phase = ["warm-up"]
        stop = threading.Event()

        def user(session: str) -> None:
            # List pages: a file of another size allocates cases to other case managers,
            # so one case of the team manager's may leave their scope during the import.
            paths = ["/cases/", "/oversight/"]
            n = 0
            while not stop.is_set():
                started = time.perf_counter()
                status = fetch(base + paths[n % 2], session)
                answers.append(Answer(phase[0], status, time.perf_counter() - started))
                n += 1

        try:
            time.sleep(4)
            for session in keys:
                fetch(base + "/cases/", session)
            threads = [threading.Thread(target=user, args=(key,), daemon=True) for key in keys]
            for thread in threads:
                thread.start()
            phase[0] = "before the import"
            time.sleep(args.before)
            phase[0] = "during the import"
            started = time.perf_counter()
            subprocess.run(
                [str(BIN / "casequality"), "import", str(nightly)], env=env, check=True, stdout=subprocess.DEVNULL
            )
            import_seconds = time.perf_counter() - started
            phase[0] = "after the import"
            time.sleep(args.after)
            stop.set()
            for thread in threads:
                thread.join(timeout=130)
        finally:
            server.terminate()
            server.wait(timeout=30)

    engine = "PostgreSQL" if url.startswith("postgres") else "SQLite"
    print(
        f"\n{engine}, {args.cases:,}-case import (and its re-evaluation) took {import_seconds:.0f} s; "
        f"{args.users} users, gunicorn with {args.workers} workers\n"
    )
    print("| phase | answers | 200 | 503 (busy) | other | median | p95 | longest |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for name in ("before the import", "during the import", "after the import"):
        rows = [a for a in answers if a.phase == name]
        if not rows:
            continue
        times = [a.seconds * 1000 for a in rows]
        ok = sum(a.status == 200 for a in rows)
        busy = sum(a.status == 503 for a in rows)
        print(
            f"| {name} | {len(rows)} | {ok} | {busy} | {len(rows) - ok - busy} | {statistics.median(times):.0f} ms "
            f"| {percentile(times, 0.95):.0f} ms | {max(times):.0f} ms |"
        )


if __name__ == "__main__":
    main()
