"""`casequality access-log verify`: check that the access log's hash chain is whole."""
from __future__ import annotations

import sys

from django.core.management.base import BaseCommand

from casequality.accounts.chain import access_log_verify


class Command(BaseCommand):
    help = (
        "casequality access-log verify: walk the access log's hash chain from its anchor to its head. "
        "Exits 0 when every entry fits; otherwise prints the first entry that does not, and exits 1."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify"])

    def handle(self, *args, **options):
        checked, broken = access_log_verify()
        if broken is not None:
            self.stderr.write(f"The access log's chain is broken at {broken} ({checked} entries before it fit).")
            sys.exit(1)
        self.stdout.write(f"The access log's chain is whole: {checked} entries.")
