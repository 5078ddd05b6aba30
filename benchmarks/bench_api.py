"""Benchmark of the API (docs/api.md): `POST /api/v1/imports` against the file import, and
paging `GET /api/v1/findings` from the start of the cursor to its end.

    .venv/bin/python benchmarks/bench_api.py --cases 10000 [--database-url postgres://...]

Writes the caseload as bench_import_export.py does (the test suite's example case
repeated under new ids), then, each in a process of its own on a fresh database:
`casequality import` of the file (the baseline, without the rulebook's re-evaluation,
as in bench_import_export.py) and the same file sent to `POST /api/v1/imports` through
the WSGI application in-process (the request body streamed from the file, no network:
the API's own cost, not a web server's), also without the re-evaluation. Peak memory is
the process's peak RSS. Then the rulebook sweeps the imported cases and a process pages
through `GET /api/v1/findings` 100 at a time, timing every page: the table gives the
median time of the first, middle and last tenth of the pages (constant if the cursor's
query does not grow with its position). Prints Markdown for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import secrets
import subprocess
import sys
import tempfile
from pathlib import Path

# Benchmarks run on scratch databases, with a key of their own: Casequality refuses to
# start without SECRET_KEY outside the demo (docs/operating.md).
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_import_export import CASEQUALITY, IMPORT_ONLY, ROOT, fresh_database, measured, write_repeated_template  # noqa: E402

SETUP = """
import io, os, sys, json, time, statistics
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casequality.settings")
import django
django.setup()
from casequality.cases.signals import case_record_changed
case_record_changed.receivers.clear()
from casequality.cases.models import Service
from casequality.api.services import api_token_create
from casequality.wsgi import application

def call(method, path, query="", body=None, length=0):
    status = []
    environ = {"REQUEST_METHOD": method, "PATH_INFO": path, "QUERY_STRING": query, "SERVER_NAME": "localhost",
               "SERVER_PORT": "80", "wsgi.url_scheme": "http", "wsgi.input": body or io.BytesIO(),
               "CONTENT_LENGTH": str(length),
               "CONTENT_TYPE": "application/json", "HTTP_HOST": "localhost",
               "HTTP_AUTHORIZATION": "Bearer " + TOKEN, "wsgi.errors": sys.stderr}
    chunks = application(environ, lambda s, h, *a: status.append(s))
    data = b"".join(chunks)
    assert status[0].startswith("200"), (status, data[:2000])
    return json.loads(data)

service, _ = Service.objects.get_or_create(code="MAN", defaults={"name": "Manchester Youth Offending Service"})
_, TOKEN = api_token_create(service=service, name=f"bench-{time.time()}")
"""
API_IMPORT = [
    sys.executable,
    "-c",
    SETUP
    + """
path = sys.argv[1]
with open(path, "rb") as body:
    print(call("POST", "/api/v1/imports", body=body, length=os.path.getsize(path)))
""",
]
PAGING = [
    sys.executable,
    "-c",
    SETUP
    + """
times, since, count = [], None, 0
while True:
    started = time.perf_counter()
    page = call("GET", "/api/v1/findings", "limit=100" + (f"&since={since}" if since else ""))
    times.append(time.perf_counter() - started)
    count += len(page["results"])
    if page["next"] is None:
        break
    since = page["next"]
tenth = max(1, len(times) // 10)
middle = len(times) // 2
parts = [times[:tenth], times[middle - tenth // 2: middle - tenth // 2 + tenth], times[-tenth:]]
print(json.dumps({"findings": count, "pages": len(times), "ms": [1000 * statistics.median(p) for p in parts]}))
""",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=10000)
    parser.add_argument("--database-url", help="a PostgreSQL database to drop and re-create (default: SQLite)")
    options = parser.parse_args()
    env = {
        **os.environ,
        "CASEQUALITY_DEBUG": "false",
        "CASEQUALITY_API_RATE_REQUESTS": str(10**9),
        "CASEQUALITY_API_MAX_BODY_BYTES": str(2**40),
    }
    with tempfile.TemporaryDirectory(prefix="bench-api-") as tmp:
        workdir = Path(tmp)
        source = workdir / f"cases-{options.cases}.json"
        write_repeated_template(source, options.cases)
        runs = []
        for step, command in (
            ("`casequality import` (file, baseline)", IMPORT_ONLY),
            ("`POST /api/v1/imports`", API_IMPORT),
        ):
            env["DATABASE_URL"] = fresh_database(options.database_url, workdir)
            subprocess.run([*CASEQUALITY, "migrate", "--verbosity", "0"], env=env, cwd=ROOT, check=True)
            runs.append(measured([*command, str(source)], env, step, options.cases))
        subprocess.run(
            [*CASEQUALITY, "sweep", "--service", "MAN", "--no-progress", "--workers", "1"],
            env=env,
            cwd=ROOT,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        paging = subprocess.run(PAGING, env=env, cwd=ROOT, capture_output=True, text=True)
        if paging.returncode:
            raise SystemExit(f"paging failed:\n{paging.stderr[-3000:]}")
    import json

    pages = json.loads(paging.stdout.strip().splitlines()[-1])
    base = runs[0]
    database = "PostgreSQL" if options.database_url else "SQLite"
    print(
        f"\n{options.cases:,} cases, {database}, Python {platform.python_version()}, {os.cpu_count()} cores, "
        f"load {os.getloadavg()[0]:.1f}\n"
    )
    print("| step | wall s | CPU s | cases/s | peak MiB | wall vs baseline |\n|---|---:|---:|---:|---:|---:|")
    for run in runs:
        print(
            f"| {run.step} | {run.seconds:.1f} | {run.cpu_seconds:.1f} | {run.rate:.0f} | {run.peak_mib:.0f} | "
            f"{run.seconds / base.seconds:.2f} |"
        )
    first, middle, last = pages["ms"]
    print(
        f"\n`GET /api/v1/findings?limit=100` through {pages['findings']:,} findings ({pages['pages']:,} pages): "
        f"median ms per page, first tenth {first:.1f}, middle tenth {middle:.1f}, last tenth {last:.1f} "
        f"(last / first {last / first:.2f})"
    )


if __name__ == "__main__":
    main()
