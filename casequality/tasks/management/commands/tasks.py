"""`casequality tasks`: the background tasks' backlog by state and age (counts and times only)."""

from __future__ import annotations

import json

from django.conf import settings
from django.core.management.base import BaseCommand

from casequality.tasks.services import task_backlog
from casequality.tasks.worker import lease_seconds, resend_seconds


def age(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    seconds = max(seconds, 0)
    for unit, size in (("d", 86400), ("h", 3600), ("min", 60)):
        if seconds >= size:
            return f"{seconds / size:.1f} {unit}"
    return f"{seconds:.0f} s"


class Command(BaseCommand):
    help = (
        "Show the background tasks' backlog: how many are waiting, running, failed and successful, and how long "
        "the oldest of each has been in the table; of the waiting, how many the broker has not taken yet; of the "
        "running, how many have a worker that stopped saying it is alive (the relay puts those back). Counts and "
        "times only: nothing about a child."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="print the backlog as JSON (for monitoring)"
        )

    def handle(self, *args, as_json: bool = False, **options):
        lines = task_backlog()
        if as_json:
            self.stdout.write(
                json.dumps(
                    {
                        "resend_seconds": resend_seconds(),
                        "lease_seconds": lease_seconds(),
                        "states": {
                            line.state: {
                                "count": line.count,
                                "oldest_seconds": None if line.oldest_seconds is None else int(line.oldest_seconds),
                                **({"not_sent": line.not_sent} if line.state == "waiting" else {}),
                                **({"lost": line.lost} if line.state == "running" else {}),
                            }
                            for line in lines
                        },
                    },
                    indent=2,
                )
            )
            return
        broker = "in process (no broker)" if not settings.CASEQUALITY_BROKER_URL else "through the broker"
        self.stdout.write(
            f"Background tasks, {broker}; sent again after {resend_seconds()} s, "
            f"a running task's worker taken as lost after {lease_seconds()} s"
        )
        self.stdout.write(f"{'state':<12}{'tasks':>8}  oldest")
        for line in lines:
            note = ""
            if line.state == "waiting" and line.count:
                note = f"  ({line.not_sent} not yet taken by the broker)"
            if line.state == "running" and line.lost:
                note = f"  ({line.lost} with a lost worker)"
            self.stdout.write(f"{line.state:<12}{line.count:>8}  {age(line.oldest_seconds)}{note}")
