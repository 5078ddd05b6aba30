"""`casequality sweep`: evaluate every stored case against the rulebook and store the findings."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.tasks import TaskResultStatus
from django.utils.crypto import get_random_string
from tqdm import tqdm

from casequality.cases.models import Case, Service
from casequality.standards.management.commands.check import parse_as_of
from casequality.standards.rulebook import rulebook
from casequality.standards.rules import fmt
from casequality.standards.services import EvaluationSummary, service_sweep

# No monitor thread: the sweep forks its workers, and forking a threaded process is unsafe.
# (tqdm starts the thread with its first bar, never on import.)
tqdm.monitor_interval = 0


class Command(BaseCommand):
    help = (
        "Evaluate every stored case (of one service, or of all) against the rulebook as of a date, "
        "and store the findings and tasks: open ones are updated, new ones opened, and those that "
        "no longer fire are closed with that date, so each finding's history is kept. Prints a "
        "summary per rule."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--as-of", dest="as_of", help="evaluate as of this date (YYYY-MM-DD); default today")
        parser.add_argument("--service", help="the code of the one service to sweep; default every service")
        parser.add_argument("--no-progress", action="store_true", help="do not show a progress bar")
        parser.add_argument(
            "--workers",
            type=int,
            default=os.cpu_count() or 1,
            help="processes evaluating cases side by side (default: one per CPU); with "
            "CASEQUALITY_BROKER_URL set the sweep runs on the workers instead "
            "(`casequality worker`), and this is not used",
        )

    def handle(
        self,
        *args: Any,
        as_of: str | None = None,
        service: str | None = None,
        no_progress: bool = False,
        workers: int = 1,
        **options: Any,
    ) -> None:
        day = parse_as_of(as_of)
        services = Service.objects.order_by("code")
        if service:
            services = services.filter(code=service)
            if not services.exists():
                raise CommandError(f"No service {service}")
        total = EvaluationSummary(as_of=day)
        started = time.perf_counter()
        if settings.CASEQUALITY_BROKER_URL:
            failed = self.sweep_on_workers(services, day, total, no_progress)
            self.write_summary(total, time.perf_counter() - started)
            if failed:
                raise CommandError(failed)
            return
        for svc in services:
            count = Case.objects.filter(service=svc).count()
            with tqdm(
                total=count,
                unit=" cases",
                desc=f"sweep {svc.code}",
                file=sys.stderr,
                disable=no_progress or not sys.stderr.isatty(),
            ) as bar:
                done = [0]

                def progress(n: int, bar: Any = bar, done: list[int] = done) -> None:
                    bar.update(n - done[0])
                    done[0] = n

                total.add(service_sweep(service=svc, as_of=day, workers=workers, progress=progress))
        elapsed = time.perf_counter() - started
        self.write_summary(total, elapsed)

    def sweep_on_workers(
        self, services: Iterable[Service], day: date, total: EvaluationSummary, no_progress: bool
    ) -> str:
        """Split every service's cases into tasks for the workers, and add up what they stored.

        Returns what failed ("" if nothing did)."""
        from casequality.standards.tasks import summary_from_json, sweep_enqueue
        from casequality.tasks.services import results_wait

        services = list(services)
        count = Case.objects.filter(service__in=services).count()
        results = sweep_enqueue(services=services, as_of=day, sweep=get_random_string(12))
        failed = []
        with tqdm(
            total=count,
            unit=" cases",
            desc=f"sweep on the workers ({len(results)} parts)",
            file=sys.stderr,
            disable=no_progress or not sys.stderr.isatty(),
        ) as bar:
            for result in results_wait(results):
                if result.status == TaskResultStatus.SUCCESSFUL:
                    part = summary_from_json(result.return_value)
                    total.add(part)
                    bar.update(part.cases)
                else:
                    failed.append(result)
        if failed:
            cases = sum(len(result.args[2]) for result in failed)
            return (
                f"{len(failed)} of {len(results)} parts of the sweep failed ({cases} cases not evaluated); "
                f"their errors are in Django admin, Background tasks (first: task {failed[0].id}). Run the sweep "
                "again when the cause is put right."
            )
        return ""

    def write_summary(self, s: EvaluationSummary, elapsed: float) -> None:
        w = self.stdout.write
        w(
            f"Swept {s.cases} case{'s' if s.cases != 1 else ''} as of {fmt(s.as_of)} in {elapsed:.1f} s: "
            f"{sum(s.findings.values())} open findings, {sum(s.tasks.values())} tasks due; "
            f"{sum(s.opened.values())} opened, {sum(s.closed.values())} closed."
        )
        w(f"{'rule':10}{'findings':>9}{'tasks':>7}{'opened':>8}{'closed':>8}  title")
        for rule_id, meta in rulebook().rules.items():
            w(
                f"{rule_id:10}{s.findings[rule_id]:>9}{s.tasks[rule_id]:>7}{s.opened[rule_id]:>8}"
                f"{s.closed[rule_id]:>8}  {meta.title}"
            )
