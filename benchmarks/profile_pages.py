"""Profile the signed-in pages in one process (pyinstrument), with their queries.

    .venv/bin/python benchmarks/profile_pages.py [--database-url postgres://...] [--repeat 50]
        [--page tm-cases] [--url qa-lead=/today/] [--html /tmp/profile.html] [--queries] [--cpu 40]

Against a database built by `benchmarks/bench_web.py --build N` (the demo's logins). Each
page is fetched with Django's test client (the whole middleware stack, a real session)
`--repeat` times after two warm-up requests; prints the mean time per request, the
queries of one request with their time (`--queries`), and pyinstrument's profile of all
the repeats (text, or HTML with `--html`), or with `--cpu N` cProfile's on the process's
CPU clock (its N costliest functions). What docs/decisions/0020-page-speed.md and 0043
were written from. With CASEQUALITY_PAGE_CACHE_SECONDS=0 in the environment every page is
rendered (the cold path).
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_web import django_setup  # noqa: E402  (sets SECRET_KEY, sys.path)

PAGES = ("login", "tm-cases", "tm-case", "tm-oversight", "qa-oversight", "qa-cases")


def paths(page: str) -> tuple[str, list[str]]:
    from casequality.accounts.models import User
    from casequality.accounts.selectors import cases_for_user
    from casequality.cases.models import Case
    from casequality.web.views.cases import PAGE_SIZE

    rng = random.Random(1)
    if page == "login":
        return "", ["/accounts/login/"]
    if page == "tm-case":
        refs = list(cases_for_user(User.objects.get(username="team-manager")).values_list("ref", flat=True))
        return "team-manager", [f"/cases/{r}/" for r in rng.sample(refs, min(50, len(refs)))]
    if page == "qa-cases":
        pages = max(1, Case.objects.count() // PAGE_SIZE)
        return "qa-lead", [f"/cases/?page={n}" for n in rng.sample(range(1, pages + 1), min(pages, 200))]
    who, _, what = page.partition("-")
    return {"tm": "team-manager", "qa": "qa-lead"}[who], [f"/{what}/"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/bench_web")
    parser.add_argument("--page", action="append", choices=PAGES)
    parser.add_argument(
        "--url",
        action="append",
        default=[],
        metavar="WHO=PATH",
        help="profile this path as this demo login (e.g. qa-lead=/today/) instead of --page; repeatable",
    )
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--html", help="write pyinstrument's HTML profile here (one page only)")
    parser.add_argument("--queries", action="store_true", help="print one request's queries")
    parser.add_argument("--no-profile", action="store_true")
    parser.add_argument(
        "--cpu",
        type=int,
        metavar="N",
        help="profile with cProfile on the process's CPU clock instead (what a loaded machine's wall "
        "clock hides) and print its N costliest functions, cumulative and own time",
    )
    args = parser.parse_args()
    django_setup(args.database_url)

    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from pyinstrument import Profiler

    from casequality.accounts.models import User

    wanted = [(url, *url.split("=", 1)) for url in args.url] if args.url else None
    for page, who, urls in wanted or [(page, *paths(page)) for page in args.page or PAGES]:
        urls = [urls] if isinstance(urls, str) else urls
        client = Client()
        if who:
            client.force_login(User.objects.get(username=who))
        for url in urls[:2]:
            assert client.get(url).status_code == 200, url
        reset_queries()  # the request_started signal resets the log: start from empty
        with CaptureQueriesContext(connection) as queries:
            client.get(urls[0])
        captured = list(queries.captured_queries)  # a view of the log: copy it before the next request
        profiler = None if args.no_profile or args.cpu else Profiler(interval=0.0005)
        cpu_profiler = cProfile.Profile(time.process_time) if args.cpu else None
        if profiler:
            profiler.start()
        if cpu_profiler:
            cpu_profiler.enable()
        started, started_cpu = time.perf_counter(), time.process_time()
        for i in range(args.repeat):
            client.get(urls[(i + 2) % len(urls)])  # after the warm-up's two (kept pages)
        elapsed = (time.perf_counter() - started) / args.repeat
        cpu = (time.process_time() - started_cpu) / args.repeat
        if profiler:
            profiler.stop()
        if cpu_profiler:
            cpu_profiler.disable()
        sql_ms = sum(float(q["time"]) for q in captured) * 1000
        print(
            f"== {page}: {elapsed * 1000:.1f} ms a request ({cpu * 1000:.1f} ms CPU here); {len(captured)} queries "
            f"({sql_ms:.1f} ms in one request)"
        )
        if args.queries:
            for q in captured:
                print(f"  {float(q['time']) * 1000:7.2f} ms  {q['sql'][:300]}")
        if cpu_profiler:
            stats = pstats.Stats(cpu_profiler)
            stats.sort_stats("cumulative").print_stats(args.cpu)
            stats.sort_stats("tottime").print_stats(args.cpu)
        if profiler:
            if args.html:
                Path(args.html).write_text(profiler.output_html())
            else:
                print(profiler.output_text(unicode=False, color=False, show_all=False))


if __name__ == "__main__":
    main()
