"""`casequality retention --dry-run | --apply`: the retention schedule (settings.CASEQUALITY_RETENTION)."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.tasks import TaskResultStatus

from casequality.privacy.selectors import retention_due
from casequality.privacy.tasks import retention_run
from casequality.tasks.services import results_wait


class Command(BaseCommand):
    help = (
        "List (--dry-run) or remove (--apply) the cases past the retention schedule: no order running and "
        "the last one ended more than RETENTION_CASE_YEARS ago; --apply also removes access-log entries "
        "older than RETENTION_ACCESS_LOG_YEARS, and logs what went (counts, never names). With "
        "CASEQUALITY_BROKER_URL set, --apply runs on a worker (`casequality worker`) and this waits for it."
    )

    def add_arguments(self, parser):
        mode = parser.add_mutually_exclusive_group(required=True)
        mode.add_argument("--dry-run", action="store_true", help="list what would go; change nothing")
        mode.add_argument("--apply", action="store_true", help="remove it")

    def handle(self, *args, **options):
        schedule = settings.CASEQUALITY_RETENTION
        if options["dry_run"]:
            due = list(retention_due().select_related("service").values_list("service__code", "ref", "last_order_end"))
            for code, ref, ended in due:
                self.stdout.write(f"{code} {ref}  last order ended {ended or 'never (no order)'}")
            self.stdout.write(
                f"{len(due)} cases would go ({schedule['case_years_after_last_order']} years after the "
                f"last order ended); nothing was removed."
            )
            return
        (result,) = results_wait([retention_run.enqueue("casequality retention (cli)")])
        if result.status != TaskResultStatus.SUCCESSFUL:
            error = result.errors[-1].traceback.strip().splitlines()[-1] if result.errors else "unknown error"
            raise CommandError(
                f"Retention failed: {error} (background task {result.id}). Run it again: it removes "
                "only what is still due."
            )
        counts = result.return_value
        self.stdout.write(
            "Removed: " + (", ".join(f"{n} {k.replace('_', ' ')}" for k, n in sorted(counts.items()) if n) or "nothing")
        )
