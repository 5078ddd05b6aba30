"""Where a sweep's time goes, per case, in one process: reading, evaluating, storing.

Reads the first N cases of the database's only service (or --service) with
`case_documents`, evaluates them with the service's engine and stores their findings with
`findings_store`, 500 at a time as the sweep does, and prints the CPU seconds of each part
per case. The cases' findings are emptied first, so that storing opens them as a first
sweep does; everything is done in one transaction that is rolled back, so the database is
left as it was.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/perf3k \\
        .venv/bin/python benchmarks/profile_sweep.py --cases 3000

To compare two versions of the code on the same cases, run it with PYTHONPATH set to each
checkout in turn (docs/benchmarks.md, "The first sweep after decision 0025").
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import date


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=3000, help="how many cases (the first by id)")
    parser.add_argument("--service", help="the service's code (default: the only service)")
    parser.add_argument("--as-of", type=date.fromisoformat, default=None, help="the as-of date (default: today)")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casequality.settings")
    import django

    django.setup()
    from django.db import transaction
    from django.utils import timezone

    from casequality.cases.models import Case, Service
    from casequality.cases.selectors import case_documents
    from casequality.standards import services
    from casequality.standards.models import Finding
    from casequality.standards.text import reading_grade

    service = Service.objects.get(code=args.service) if args.service else Service.objects.get()
    as_of = args.as_of or timezone.localdate()
    engine = services.service_engine(service=service, as_of=as_of, fresh_names=True)
    reading_grade("Load the pronouncing dictionary before timing.")
    pks = list(Case.objects.filter(service=service).order_by("pk").values_list("pk", flat=True)[: args.cases])
    read = evaluate = store = 0.0
    opened = 0
    with transaction.atomic():
        Finding.objects.filter(case_id__in=pks).delete()
        for start in range(0, len(pks), services.CHUNK):
            part = pks[start : start + services.CHUNK]
            t0 = time.process_time()
            documents = list(
                case_documents(Case.objects.filter(pk__in=part).order_by("pk"), batch_size=services.CHUNK, stream=False)
            )
            t1 = time.process_time()
            results = [(case.pk, engine.evaluate(document)) for case, document in documents]
            subjects = {case.pk: services.record_subjects(document) for case, document in documents}
            t2 = time.process_time()
            summary = services.findings_store(
                service=service, as_of=as_of, engine=engine, results=results, subjects=subjects
            )
            t3 = time.process_time()
            read, evaluate, store = read + t1 - t0, evaluate + t2 - t1, store + t3 - t2
            opened += sum(summary.opened.values())
        transaction.set_rollback(True)
    n = max(len(pks), 1)
    print(
        f"{len(pks)} cases, {opened} findings and tasks opened (rolled back); CPU a case: "
        f"reading {read / n * 1000:.3f} ms, evaluating {evaluate / n * 1000:.3f} ms, "
        f"storing {store / n * 1000:.3f} ms",
        file=sys.stdout,
    )


if __name__ == "__main__":
    main()
