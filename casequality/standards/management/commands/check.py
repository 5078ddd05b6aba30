"""`casequality check FILE`: evaluate an interchange file against the rulebook, storing nothing.

Without a file argument this is Django's own `check` (system checks), which tools and
the test runner call by that name; with a `.json` file (or any existing file) it checks
the file's cases against the rulebook.
"""

from __future__ import annotations

import io
import os
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.core.management.commands.check import Command as SystemCheckCommand
from django.db import transaction
from django.utils import timezone

from casequality.accounts.models import AccessVerb
from casequality.accounts.services import access_log_record
from casequality.cases.interchange import InterchangeError
from casequality.standards.checkfile import check_file, write_json, write_text


def parse_as_of(value: str | None) -> date:
    """An --as-of argument as a date (today when absent). Raises CommandError."""
    if not value:
        return timezone.localdate()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--as-of {value!r} is not a date like 2013-06-17") from None


class Command(SystemCheckCommand):
    help = (
        "Check every case of an interchange FILE against the rulebook, without storing anything: "
        "casequality check FILE [--as-of DATE] [--format json|text]. Exits 0 whether or not there "
        "are findings, 1 if the file is not valid (with every problem listed). Without FILE, runs "
        "Django's system checks."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--as-of", dest="as_of", help="evaluate as of this date (YYYY-MM-DD); default today")
        parser.add_argument(
            "--format",
            dest="output_format",
            choices=["text", "json"],
            default="text",
            help="text (grouped by case, for people; default) or json",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=os.cpu_count() or 1,
            help="processes evaluating cases side by side (default: one per CPU)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if len(args) == 1 and (args[0].endswith(".json") or Path(args[0]).is_file()):
            self.check_file(args[0], options)
            return
        super().handle(*args, **options)

    def check_file(self, file: str, options: dict[str, Any]) -> None:
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No file {file}")
        as_of = parse_as_of(options.get("as_of"))
        try:
            result = check_file(path, as_of=as_of, workers=options.get("workers") or 1)
        except InterchangeError as error:
            for problem in error.problems:
                self.stderr.write(str(problem))
            count = len(error.problems)
            raise CommandError(
                f"{path.name} has {count} problem{'s' if count != 1 else ''}: nothing was checked"
            ) from None
        # The findings name children's cases: the check is an access-log entry, written
        # before anything is shown (the file is the operator's, its cases may not be stored).
        with transaction.atomic():
            access_log_record(
                actor=None,
                verb=AccessVerb.VIEW,
                target=f"check {path.name}",
                actor_name="casequality check",
                payload={"file": path.name, "cases": result.case_count, "as_of": as_of.isoformat()},
            )
        out = io.StringIO()
        if options.get("output_format") == "json":
            write_json(result, out)
        else:
            write_text(result, out)
        self.stdout.write(out.getvalue(), ending="")
