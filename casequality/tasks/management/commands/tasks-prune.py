"""`casequality tasks-prune --older-than DAYS`: forget background tasks that finished successfully."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from casequality.tasks.services import task_runs_prune


class Command(BaseCommand):
    help = (
        "Delete the rows of background tasks that finished successfully more than DAYS days ago. Failed tasks "
        "are kept until an administrator sends them to the workers again or deletes them (Django admin, "
        "Background tasks); tasks still waiting or running are kept."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than",
            type=int,
            required=True,
            metavar="DAYS",
            help="delete successful tasks that finished more than this many days ago (0 or more)",
        )

    def handle(self, *args, older_than: int, **options):
        if older_than < 0:
            raise CommandError("--older-than must be 0 or more days")
        deleted = task_runs_prune(older_than_days=older_than)
        self.stdout.write(
            f"Deleted {deleted} successful task(s) finished more than {older_than} day(s) ago; "
            "failed and unfinished tasks are kept."
        )
