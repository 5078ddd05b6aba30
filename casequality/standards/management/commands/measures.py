"""`casequality measures`: for each rule, team and calendar month, the subjects due and how
many were met in time, met late, not met or are still open, from the findings' history."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from casequality.cases.csvfile import csv_dict_writer
from casequality.cases.models import Service
from casequality.standards.management.commands.check import parse_as_of
from casequality.standards.measures import COUNTS, GROUPS, MeasuresError, measures
from casequality.standards.models import Finding


def _month_or_day(option: str, value: str) -> date:
    """A --from/--to argument: a day (2025-03-17) or a month (2025-03, its first day)."""
    try:
        return date.fromisoformat(value if len(value) != 7 else f"{value}-01")
    except ValueError:
        raise CommandError(f"{option} {value!r} is not a date like 2025-03-17 or a month like 2025-03") from None


class Command(BaseCommand):
    help = (
        "Measures over time from the stored findings: for each rule, team and calendar month (the month "
        "a subject fell due), the subjects due and how many were met in time, met late, not met or are "
        "still open, as of a date (docs/decisions/0012-measures.md). Keys not grouped by are null."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--from", dest="start", required=True, help="the first month (YYYY-MM or YYYY-MM-DD)")
        parser.add_argument("--to", dest="end", required=True, help="the last month (YYYY-MM or YYYY-MM-DD)")
        parser.add_argument(
            "--by",
            action="append",
            choices=GROUPS,
            help="group by rule, team or month; repeat to group by more (default: all three)",
        )
        parser.add_argument("--as-of", dest="as_of", help="count as of this date (YYYY-MM-DD); default today")
        parser.add_argument("--service", help="the code of one service; default every service")
        parser.add_argument("--format", choices=["json", "csv"], default="json")

    def handle(
        self,
        *args: Any,
        start: str,
        end: str,
        by: list[str] | None = None,
        as_of: str | None = None,
        service: str | None = None,
        format: str = "json",
        **options: Any,
    ) -> None:
        findings = Finding.objects.all()
        if service:
            found = Service.objects.filter(code=service).first()
            if found is None:
                raise CommandError(f"No service {service}")
            findings = findings.filter(service=found)
        try:
            rows = measures(
                findings,
                start=_month_or_day("--from", start),
                end=_month_or_day("--to", end),
                as_of=parse_as_of(as_of),
                by=by or GROUPS,
            )
        except MeasuresError as error:
            raise CommandError(str(error)) from None
        records = [row.as_dict() for row in rows]
        if format == "csv":
            writer = csv_dict_writer(self.stdout, [*GROUPS, *COUNTS], lineterminator="\n")
            writer.writeheader()
            writer.writerows(records)
        else:
            self.stdout.write(json.dumps(records, indent=2))
