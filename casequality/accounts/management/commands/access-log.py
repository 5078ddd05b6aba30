"""`casequality access-log verify | checkpoint`: check the access log's keyed chain, or sign where it stands."""

from __future__ import annotations

import sys
from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from casequality.accounts.chain import access_log_verify, checkpoints_stored


class Command(BaseCommand):
    help = (
        "casequality access-log verify: walk the access log's keyed hash chain from its anchor to its head, and "
        "check every signed checkpoint. Exits 0 when everything fits; otherwise names the first entry or checkpoint "
        "that does not, and exits 1. With --max-checkpoint-age HOURS it also fails when the newest checkpoint is "
        "older (the hourly checkpoint stopped). "
        "casequality access-log checkpoint: sign the chain's head and anchor as they stand (run hourly from cron): "
        "entries up to it can no longer be removed unnoticed."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify", "checkpoint"])
        parser.add_argument(
            "--max-checkpoint-age",
            type=float,
            metavar="HOURS",
            help="verify: fail when the newest signed checkpoint is older than this many hours",
        )

    def handle(self, *args, action: str, max_checkpoint_age: float | None, **options):
        if action == "checkpoint":
            from casequality.accounts.services import access_log_checkpoint

            checkpoint = access_log_checkpoint(kind="hourly")
            self.stdout.write(f"Signed checkpoint {checkpoint.pk}: the chain at number {checkpoint.seq}.")
            return
        if max_checkpoint_age is not None and max_checkpoint_age <= 0:
            raise CommandError("--max-checkpoint-age: give a number of hours above 0")
        checked, broken = access_log_verify()
        if broken is not None:
            self.stderr.write(f"The access log's chain is broken at {broken} ({checked} entries before it fit).")
            sys.exit(1)
        checkpoints = checkpoints_stored()
        newest = checkpoints[-1] if checkpoints else None
        since = (
            f"; the newest signed checkpoint is {newest.label()} at number {newest.seq}"
            if newest
            else "; no signed checkpoint yet"
        )
        self.stdout.write(f"The access log's chain is whole: {checked} entries{since}.")
        if max_checkpoint_age is not None:
            limit = timezone.now() - timedelta(hours=max_checkpoint_age)
            if newest is None or newest.at < limit:
                self.stderr.write(
                    f"No signed checkpoint in the last {max_checkpoint_age:g} hours: is "
                    "`casequality access-log checkpoint` still run from cron?"
                )
                sys.exit(1)
