"""`casequality phrase K N`: the report's words for k of n applicable cases."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from casequality.audits.language import phrase


class Command(BaseCommand):
    help = "Print the report-language words for K of N cases (e.g. `casequality phrase 25 47` -> just over half)."

    def add_arguments(self, parser):
        parser.add_argument("k", type=int, help="cases where the answer is yes")
        parser.add_argument("n", type=int, help="cases where the question applies")

    def handle(self, *args, k, n, **options):
        try:
            self.stdout.write(phrase(k, n))
        except ValueError as exc:
            raise CommandError(str(exc)) from None
