"""`casequality worker`: run background tasks from the broker (CASEQUALITY_BROKER_URL)."""

from __future__ import annotations

import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Run a worker: it takes Casequality's background tasks (re-evaluation after imports and edits, the "
        "sweep's parts, report PDFs) from the broker named by CASEQUALITY_BROKER_URL and runs them against "
        "DATABASE_URL. "
        "Start any number, on any machine that reaches the broker and the database (docs/operating.md). Each "
        "also runs the relay: tasks the broker did not take, or whose worker was lost, are sent again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--concurrency",
            type=int,
            default=os.cpu_count() or 1,
            help="tasks run side by side, each in a process of its own (default: one per CPU)",
        )
        parser.add_argument("--loglevel", default="INFO", help="DEBUG, INFO, WARNING or ERROR (default INFO)")

    def handle(self, *args, concurrency: int, loglevel: str, **options):
        if not settings.CASEQUALITY_BROKER_URL:
            raise CommandError(
                "Set CASEQUALITY_BROKER_URL (e.g. amqp://user:password@broker-host:5672/casequality) to run a worker; "
                "without it tasks run in the process that asks for them."
            )
        from casequality.tasks.checks import broker_url_problem

        problem = broker_url_problem()
        if problem:
            raise CommandError(problem)
        if concurrency < 1:
            raise CommandError("--concurrency must be 1 or more")
        from celery.signals import worker_ready, worker_shutdown

        from casequality.tasks.relay import Relay
        from casequality.tasks.worker import configure

        # The relay (casequality/tasks/relay.py) runs beside the worker, in its main process:
        # it sends again what the broker did not take and puts back tasks of lost workers.
        relay = Relay()
        worker_ready.connect(lambda **kw: relay.start(), weak=False)
        worker_shutdown.connect(lambda **kw: relay.stop() if relay.is_alive() else None, weak=False)
        configure().worker_main(
            [
                "worker",
                f"--queues={settings.CASEQUALITY_TASK_QUEUE}",
                f"--concurrency={concurrency}",
                # One task in this process when concurrency is 1; else a process per task.
                f"--pool={'solo' if concurrency == 1 else 'prefork'}",
                f"--hostname=casequality-{os.getpid()}@%h",
                f"--loglevel={loglevel}",
                "--without-gossip",
                "--without-mingle",
            ]
        )
