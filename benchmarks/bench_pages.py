"""Benchmark of the signed-in pages against the sign-in page: wrk, 20 connections, no pause.

    .venv/bin/python benchmarks/bench_pages.py
        [--database-url postgres://postgres@127.0.0.1:5432/bench_web]
        [--connections 20] [--duration 30] [--workers 4] [--threads 2]

The database is one built by `benchmarks/bench_web.py --build N` (that is, `casequality
demo --cases N --no-serve --reset`: a synthetic caseload swept by the rulebook, one login
per role): never point it at a database you want to keep (sessions and access-log entries
are written to it).

After ANALYZE (PostgreSQL), gunicorn (`--workers` sync workers, DATABASE_CONN_MAX_AGE=60)
is started on 127.0.0.1 and warmed up (every page a few times per worker); then wrk
(https://github.com/wg/wrk, `apt-get install wrk`: a C load generator, so that the
client takes little of the CPU the server is measured on) asks for each page in turn,
`--duration` seconds each with `--connections` connections that never pause:

- `/accounts/login/` (nobody signed in: a template, a session and a CSRF token), the
  baseline every other page is compared with, measured first and again last;
- the team manager's `/cases/`, a random case of theirs (`/cases/<ref>/`, 500 refs) and
  `/oversight/`;
- the QA lead's `/oversight/` and `/cases/?page=N` (a random page of every case of the
  service).

Each signed-in request carries one of 20 session cookies made beforehand (no password
hashing during the run). Any answer but 200 is counted and reported (a session that had
expired would give 302s and must not pass for a fast page). Prints a Markdown table:
requests/s, median, 90th and 99th percentile, and requests/s as a share of the sign-in
page's (the first and last measurements' mean), for docs/benchmarks.md.
"""
from __future__ import annotations

import argparse
import os
import platform
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_web import BIN, ROOT, django_setup, sessions  # noqa: E402  (sets SECRET_KEY, sys.path)

LUA = r'''
local paths, cookies = {}, {}
bad = 0  -- a global: done() reads each thread's with thread:get()
for p in string.gmatch(os.getenv("BENCH_PATHS"), "[^,]+") do table.insert(paths, p) end
for c in string.gmatch(os.getenv("BENCH_COOKIES") or "", "[^,]+") do table.insert(cookies, c) end
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
end

function request()
  local path = paths[math.random(#paths)]
  if #cookies > 0 then
    return wrk.format("GET", path, {Cookie = "sessionid=" .. cookies[math.random(#cookies)]})
  end
  return wrk.format("GET", path)
end

function response(status, headers, body)
  if status ~= 200 then bad = bad + 1 end
end

function done(summary, latency, requests)
  local total = 0
  for _, t in ipairs(threads) do total = total + (t:get("bad") or 0) end
  io.write(string.format("NOT200 %d\n", total))
end
'''

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * UNITS[unit]


def wrk(port: int, paths: list[str], cookies: list[str], *, connections: int, threads: int, duration: int,
        lua: Path) -> dict:
    env = {**os.environ, "BENCH_PATHS": ",".join(paths), "BENCH_COOKIES": ",".join(cookies)}
    done = subprocess.run(
        ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{duration}s", "--timeout", "30s", "--latency",
         "-s", str(lua), f"http://127.0.0.1:{port}"],
        env=env, check=False, capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"wrk failed ({done.returncode}): {done.stdout} {done.stderr}")
    out = done.stdout
    percentiles = {int(p): _ms(v) for p, v in re.findall(r"^\s+(50|75|90|99)%\s+(\S+)\s*$", out, re.M)}
    if len(percentiles) < 4:
        raise RuntimeError(f"no latency distribution in wrk's output: {out}")
    errors = re.search(r"Socket errors: (.*)$", out, re.M)
    return {
        "requests": int(re.search(r"(\d+) requests in", out).group(1)),
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": percentiles[50], "p90": percentiles[90], "p99": percentiles[99],
        "not200": int(re.search(r"NOT200 (\d+)", out).group(1)),
        "socket_errors": errors.group(1) if errors else "",
    }


def pages() -> tuple[list[tuple[str, str, list[str]]], dict]:
    """(label, who, paths) for each page measured; and the sizes for the heading."""
    from casequality.accounts.models import User
    from casequality.accounts.selectors import cases_for_user
    from casequality.cases.models import Case
    from casequality.web.views.cases import PAGE_SIZE

    tm = User.objects.get(username="team-manager")
    refs = list(cases_for_user(tm).values_list("ref", flat=True))
    total = Case.objects.count()
    qa_pages = max(1, total // PAGE_SIZE)
    rng = random.Random(1)
    sample = rng.sample(refs, min(len(refs), 500))
    return [
        ("`/accounts/login/` (nobody signed in)", "", ["/accounts/login/"]),
        ("`/cases/` (team manager)", "team-manager", ["/cases/"]),
        ("`/cases/<ref>/` (team manager)", "team-manager", [f"/cases/{r}/" for r in sample]),
        ("`/oversight/` (team manager)", "team-manager", ["/oversight/"]),
        ("`/oversight/` (QA lead, whole service)", "qa-lead", ["/oversight/"]),
        ("`/cases/?page=N` (QA lead, whole service)", "qa-lead",
         [f"/cases/?page={rng.randint(1, qa_pages)}" for _ in range(500)]),
    ], {"cases": total, "team cases": len(refs)}


def warm_up(port: int, plan, cookies: dict[str, list[str]], workers: int) -> None:
    import urllib.request

    for _ in range(3 * workers):
        for _label, who, paths in plan:
            headers = {"Cookie": f"sessionid={cookies[who][0]}"} if who else {}
            request = urllib.request.Request(f"http://127.0.0.1:{port}{paths[0]}", headers=headers)
            urllib.request.urlopen(request, timeout=120).read()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/bench_web")
    parser.add_argument("--connections", type=int, default=20)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--duration", type=int, default=30, help="seconds of load per page")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers")
    parser.add_argument("--port", type=int, default=8766)
    args = parser.parse_args()

    django_setup(args.database_url)
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    plan, sizes = pages()
    cookies = {"": [], "team-manager": sessions("team-manager", 20), "qa-lead": sessions("qa-lead", 20)}
    connection.close()
    env = {**os.environ, "DATABASE_URL": args.database_url, "DATABASE_CONN_MAX_AGE": "60"}
    results = []
    with tempfile.TemporaryDirectory(prefix="bench-pages-") as tmp:
        lua = Path(tmp) / "pages.lua"
        lua.write_text(LUA)
        server = subprocess.Popen(
            [str(BIN / "gunicorn"), "casequality.wsgi", "--workers", str(args.workers), "--bind",
             f"127.0.0.1:{args.port}", "--log-level", "warning"], env=env, cwd=ROOT)
        try:
            time.sleep(4)
            warm_up(args.port, plan, cookies, args.workers)
            for label, who, paths in [*plan, plan[0]]:
                result = wrk(args.port, paths, cookies[who], connections=args.connections, threads=args.threads,
                             duration=args.duration, lua=lua)
                results.append((label, result))
                print(label, result, flush=True)
        finally:
            server.terminate()
            server.wait(timeout=30)

    login = (results[0][1]["rps"] + results[-1][1]["rps"]) / 2
    print()
    print(f"{sizes['cases']:,} cases on {args.database_url.split('@')[-1]} (team manager's team: "
          f"{sizes['team cases']:,} cases); gunicorn {args.workers} sync workers; wrk {args.threads} threads, "
          f"{args.connections} connections, {args.duration} s a page, no pause; "
          f"{platform.processor() or platform.machine()}, {os.cpu_count()} CPUs; load average before: "
          f"{os.getloadavg()[0]:.1f}")
    print()
    print("| page | requests | not 200 | requests/s | share of sign-in's | median ms | p90 ms | p99 ms |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for index, (label, r) in enumerate(results):
        share = "1 (baseline)" if index in (0, len(results) - 1) else f"{r['rps'] / login:.2f}"
        label = label + (" again, last" if index == len(results) - 1 else "")
        print(f"| {label} | {r['requests']:,} | {r['not200']} | {r['rps']:.0f} | {share} | {r['p50']:.0f} | "
              f"{r['p90']:.0f} | {r['p99']:.0f} |")


if __name__ == "__main__":
    main()
