"""Benchmark of the web pages: response times under 20 concurrent users, and queries per page.

    .venv/bin/python benchmarks/bench_web.py [--build 100000]
        [--database-url postgres://postgres@127.0.0.1:5432/bench_web]
        [--users 20] [--duration 60] [--workers 4]

With --build N it first builds the database with `casequality demo --cases N --no-serve
--reset` (a synthetic caseload, swept by the rulebook, one login per role with the demo
password): never point it at a database you want to keep. Without --build it uses the
database as it is (built before by the same command).

Then (after ANALYZE on PostgreSQL):
1. queries per page, in this process with Django's test client against the same
   database: each page fetched twice, the second count reported (the first warms the
   rulebook's cache); the team manager's `/cases/`, `/cases/<ref>/` and `/oversight/`,
   and the QA lead's `/cases/` over the whole service;
2. response times: gunicorn (sync workers) on 127.0.0.1 against the database, and
   locust (headless) with `--users` concurrent users, each with a session made
   beforehand (no password hashing during the run), after a warm-up of every worker,
   who keep
   requesting the pages in turn without pause: three in four users are the team
   manager (their `/cases/`, a random case of theirs, `/oversight/`), one in four the QA
   lead (`/cases/` over every case, a random page of it). Reports locust's median and
   95th percentile per page.
Prints Markdown tables for docs/benchmarks.md (## Web pages).
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import random
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# Benchmarks run on scratch databases, with a key of their own: Casequality refuses to
# start without SECRET_KEY and CASEQUALITY_ACCESS_LOG_KEY outside the demo (docs/operating.md).
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
os.environ.setdefault("CASEQUALITY_ACCESS_LOG_KEY", secrets.token_urlsafe(50))

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BIN = Path(sys.executable).parent
PASSWORD = "demo"  # the demo command's password, for its own database only

LOCUSTFILE = """
import os, random
from locust import HttpUser, task, constant

CASE_REFS = os.environ["BENCH_CASE_REFS"].split(",")
QA_PAGES = int(os.environ["BENCH_QA_PAGES"])


SESSIONS = {"team-manager": os.environ["BENCH_TM_SESSIONS"].split(","),
            "qa-lead": os.environ["BENCH_QA_SESSIONS"].split(",")}


def sign_in(client, username):
    # Sessions made beforehand (bench_web.py): twenty password hashes at the start would
    # take the CPU the pages are measured on.
    client.cookies.set("sessionid", SESSIONS[username].pop())


class TeamManager(HttpUser):
    weight = 3
    wait_time = constant(0)

    def on_start(self):
        sign_in(self.client, "team-manager")

    @task
    def caseload(self):
        self.client.get("/cases/", name="/cases/ (team manager)")

    @task
    def case(self):
        self.client.get(f"/cases/{random.choice(CASE_REFS)}/", name="/cases/<ref>/ (team manager)")

    @task
    def oversight(self):
        self.client.get("/oversight/", name="/oversight/ (team manager)")


class QALead(HttpUser):
    weight = 1
    wait_time = constant(0)

    def on_start(self):
        sign_in(self.client, "qa-lead")

    @task
    def caseload(self):
        self.client.get(f"/cases/?page={random.randint(1, QA_PAGES)}", name="/cases/?page=N (QA lead, every case)")
"""


def django_setup(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casequality.settings")
    import django

    django.setup()


def build(database_url: str, cases: int) -> float:
    started = time.perf_counter()
    subprocess.run(
        [str(BIN / "casequality"), "demo", "--cases", str(cases), "--no-serve", "--reset"],
        env={**os.environ, "DATABASE_URL": database_url},
        check=True,
    )
    return time.perf_counter() - started


def sessions(username: str, n: int) -> list[str]:
    """`n` signed-in session keys for the user, as the browser's cookie would hold them."""
    from django.test import Client

    from casequality.accounts.models import User

    user = User.objects.get(username=username)
    keys = []
    for _ in range(n):
        client = Client()
        client.force_login(user)
        keys.append(client.cookies["sessionid"].value)
    return keys


def query_counts() -> tuple[list[tuple[str, int, int]], list[str], int, dict]:
    """(page, status, queries) rows; the team manager's case refs; QA lead's page count; sizes."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from casequality.accounts.models import User
    from casequality.accounts.selectors import cases_for_user
    from casequality.cases.models import Case
    from casequality.oversight.selectors import oversight_queue
    from casequality.web.views.cases import PAGE_SIZE

    tm = User.objects.get(username="team-manager")
    qa = User.objects.get(username="qa-lead")
    refs = list(cases_for_user(tm).values_list("ref", flat=True))
    sizes = {"cases": Case.objects.count(), "team cases": len(refs), "queue": oversight_queue(tm).count()}
    rows = []
    for user, path, label in (
        (tm, "/cases/", "/cases/ (team manager)"),
        (tm, f"/cases/{refs[len(refs) // 2]}/", "/cases/<ref>/ (team manager)"),
        (tm, "/oversight/", "/oversight/ (team manager)"),
        (qa, "/cases/", "/cases/ (QA lead, every case)"),
    ):
        client = Client()
        client.force_login(user)
        client.get(path)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        rows.append((label, response.status_code, len(queries.captured_queries)))
    qa_pages = max(1, sizes["cases"] // PAGE_SIZE)
    return rows, refs, qa_pages, sizes


def warm_up(port: int, env: dict, workers: int) -> None:
    """Each page a few times per worker before the clock starts, so that no worker's first
    request (imports, the rulebook read, template compilation) is among those measured."""
    import urllib.request

    tm, qa = env["BENCH_TM_SESSIONS"].split(",")[0], env["BENCH_QA_SESSIONS"].split(",")[0]
    ref = env["BENCH_CASE_REFS"].split(",")[0]
    for _ in range(3 * workers):
        for session, path in ((tm, "/cases/"), (tm, f"/cases/{ref}/"), (tm, "/oversight/"), (qa, "/cases/")):
            request = urllib.request.Request(
                f"http://127.0.0.1:{port}{path}", headers={"Cookie": f"sessionid={session}"}
            )
            urllib.request.urlopen(request, timeout=120).read()


def load(
    database_url: str, refs: list[str], qa_pages: int, users: int, duration: int, workers: int, port: int
) -> list[dict]:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DATABASE_CONN_MAX_AGE": "60",
        "BENCH_CASE_REFS": ",".join(random.Random(1).sample(refs, min(len(refs), 500))),
        "BENCH_QA_PAGES": str(qa_pages),
        "BENCH_TM_SESSIONS": ",".join(sessions("team-manager", users)),
        "BENCH_QA_SESSIONS": ",".join(sessions("qa-lead", users)),
    }
    with tempfile.TemporaryDirectory(prefix="bench-web-") as tmp:
        locustfile = Path(tmp) / "locustfile.py"
        locustfile.write_text(LOCUSTFILE)
        server = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "casequality.wsgi",
                "--workers",
                str(workers),
                "--bind",
                f"127.0.0.1:{port}",
                "--log-level",
                "warning",
            ],
            env=env,
            cwd=ROOT,
        )
        try:
            time.sleep(4)
            warm_up(port, env, workers)
            subprocess.run(
                [
                    str(BIN / "locust"),
                    "-f",
                    str(locustfile),
                    "--headless",
                    "--users",
                    str(users),
                    "--spawn-rate",
                    str(users),
                    "--run-time",
                    f"{duration}s",
                    "--host",
                    f"http://127.0.0.1:{port}",
                    "--csv",
                    str(Path(tmp) / "bench"),
                    "--only-summary",
                    "--loglevel",
                    "WARNING",
                ],
                env=env,
                check=False,
            )
        finally:
            server.terminate()
            server.wait(timeout=30)
        with open(Path(tmp) / "bench_stats.csv", newline="") as handle:
            return [row for row in csv.DictReader(handle) if row["Name"] not in ("Aggregated", "sign in")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/bench_web")
    parser.add_argument("--build", type=int, default=0, help="first build the demo database with this many cases")
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--duration", type=int, default=60, help="seconds of load")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers")
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()

    built = build(args.database_url, args.build) if args.build else None
    django_setup(args.database_url)
    from django.db import connection

    if connection.vendor == "postgresql":
        # Fresh planner statistics after a bulk load (autovacuum would get there later):
        # with none, PostgreSQL guesses 8 open OVS-002 findings where there are 40,000.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    counts, refs, qa_pages, sizes = query_counts()
    stats = load(args.database_url, refs, qa_pages, args.users, args.duration, args.workers, args.port)

    print()
    print(
        f"{sizes['cases']:,} cases on {args.database_url.split('@')[-1]} (team manager's team: "
        f"{sizes['team cases']:,} cases, oversight queue {sizes['queue']:,} items); gunicorn {args.workers} sync "
        f"workers; locust {args.users} users, {args.duration} s, no wait; "
        f"{platform.processor() or platform.machine()}, "
        f"{os.cpu_count()} CPUs" + (f"; built in {built:.0f} s" if built else "")
    )
    print()
    print("| page | queries | requests | failures | median ms | 95th percentile ms | requests/s |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    by_name = {row["Name"]: row for row in stats}
    for label, _status, queries in counts:
        row = by_name.get(label.replace("/cases/ (QA lead", "/cases/?page=N (QA lead"))
        if row is None:
            print(f"| {label} | {queries} | – | – | – | – | – |")
            continue
        print(
            f"| {label} | {queries} | {row['Request Count']} | {row['Failure Count']} | {row['50%']} | "
            f"{row['95%']} | {float(row['Requests/s']):.1f} |"
        )


if __name__ == "__main__":
    main()
