"""Benchmark of finding a child (decision 0048) against a primary-key read, in one process.

    .venv/bin/python benchmarks/bench_search.py
        [--database-url postgres://postgres@127.0.0.1:5432/bench_web] [--repeat 50]

Reads only: the database is one built by `benchmarks/bench_web.py --build N` (the demo's
logins `qa-lead` and `case-manager`); the session is set read-only, so nothing is written
(the page's access-log entry is not part of the figure: it is the same INSERT as every
page's). For each kind of search, `--repeat` searches with values drawn from the cases
themselves (a surname, a name typed in lower case without its spaces, a date of birth
typed 6/12/2009-style, part of a reference, a whole reference), each timed as the results
page reads it: the reference check, the ids found in name order, and the first page of 25. The baseline is a
case read by its primary key, measured in the same run, before and after. Prints a
Markdown table: median and 90th percentile in ms, and the median as a multiple of the
baseline's.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_web import django_setup  # noqa: E402  (sets SECRET_KEY, sys.path)


def timed(fn: Callable[[], object], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/bench_web")
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    django_setup(args.database_url)

    from django.db import connection

    from casequality.accounts.models import User
    from casequality.cases.models import Case
    from casequality.web.search import case_with_reference, search, search_page_cases

    with connection.cursor() as cursor:  # nothing this benchmark does may write
        cursor.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
    rng = random.Random(48)
    rows = list(Case.objects.values_list("pk", "ref", "child_name", "child_dob"))
    print(f"{len(rows)} cases, PostgreSQL {connection.pg_version if connection.vendor == 'postgresql' else ''}")

    def pick():
        return rng.choice(rows)

    def baseline() -> None:
        Case.objects.filter(pk=pick()[0]).values("pk", "ref", "child_name").first()

    def page(user: User, query: str) -> None:
        if case_with_reference(user, query) is None:
            search_page_cases(search(user, query).ids[:25])

    def cycle(user: User, make: Callable[[], str]) -> Callable[[], None]:
        return lambda: page(user, make())

    kinds = {
        "surname": lambda: pick()[2].split()[-1],
        "name typed folded": lambda: pick()[2].lower().replace(" ", ""),
        "date of birth (6/12/2009)": lambda: f"{pick()[3].day}/{pick()[3].month}/{pick()[3].year}",
        "part of a reference": lambda: pick()[1][:-2],
        "whole reference": lambda: pick()[1],
    }
    results = []
    base_before = timed(baseline, args.repeat * 4)
    for username in ("qa-lead", "case-manager"):
        user = User.objects.get(username=username)
        for label, make in kinds.items():
            page(user, make())  # warm
            results.append((username, label, timed(cycle(user, make), args.repeat)))
    base_after = timed(baseline, args.repeat * 4)
    base = statistics.median(base_before + base_after)

    def p90(values: list[float]) -> float:
        return statistics.quantiles(values, n=10)[-1]

    print()
    print("| who | search | median ms | p90 ms | median / primary-key read |")
    print("|---|---|---|---|---|")
    print(
        f"| – | primary-key read (baseline, before and after) | {base:.2f} | {p90(base_before + base_after):.2f} | 1 |"
    )
    for username, label, values in results:
        median = statistics.median(values)
        print(f"| {username} | {label} | {median:.2f} | {p90(values):.2f} | {median / base:.1f} x |")
    if connection.vendor == "postgresql":
        user = User.objects.get(username="qa-lead")
        from casequality.accounts.selectors import cases_for_user

        query = cases_for_user(user).filter(search_key__contains="obrien").order_by("child_name", "ref", "id")
        with connection.cursor() as cursor:
            sql, params = query.values_list("id", flat=True).query.sql_with_params()
            cursor.execute("EXPLAIN ANALYZE " + sql, params)
            print("\nEXPLAIN ANALYZE of a QA lead's search for 'obrien':")
            for (line,) in cursor.fetchall():
                print("    " + line)


if __name__ == "__main__":
    main()
