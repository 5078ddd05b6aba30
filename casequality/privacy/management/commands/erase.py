"""`casequality erase CASE [--yes]`: remove one child's data, after a confirmation."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from casequality.privacy.management.commands._case import case_argument, case_from_options
from casequality.privacy.services import case_erase


class Command(BaseCommand):
    help = (
        "Erase one child's data: the case record, its findings and notes, self-audits, supervision "
        "and audit answers. Asks to confirm by typing the reference (or --yes). Writes an access-log entry."
    )

    def add_arguments(self, parser):
        case_argument(parser)
        parser.add_argument("--yes", action="store_true", help="do not ask to confirm")

    def handle(self, *args, **options):
        case = case_from_options(options)
        if not options["yes"]:
            answer = input(
                f"This removes everything held about case {case.ref} of {case.service.code} and cannot "
                f"be undone. Type the reference to confirm: "
            )
            if answer.strip() != case.ref:
                raise CommandError("Not confirmed: nothing was erased")
        counts = case_erase(case=case, actor_name="casequality erase (cli)")
        self.stdout.write(
            f"Erased case {options['case']}: "
            + ", ".join(f"{n} {k.replace('_', ' ')}" for k, n in sorted(counts.items()))
        )
