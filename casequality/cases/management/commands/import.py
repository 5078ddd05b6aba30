"""`casequality import FILE`: load a case interchange file, all or nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from casequality.cases.interchange import InterchangeError
from casequality.cases.services import interchange_import


class Command(BaseCommand):
    help = (
        "Import a case interchange file (format casequality/1, 1.1 or 2): the service, staff and cases it "
        "holds. All or nothing: if the file has any problem, every problem is listed with its "
        "JSON path and nothing is imported. A case whose id already exists in the service is "
        "replaced."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the interchange file (JSON) to import")
        parser.add_argument(
            "--no-progress", action="store_true", help="do not show a progress bar (shown only on a terminal)"
        )

    def handle(self, *args: Any, file: str, no_progress: bool = False, **options: Any) -> None:
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No file {file}")
        try:
            summary = interchange_import(path, actor_name="casequality import (cli)", progress=not no_progress)
        except InterchangeError as error:
            for problem in error.problems:
                self.stderr.write(str(problem))
            if error.more:  # only the first CASEQUALITY_PROBLEMS_MAX are listed
                self.stderr.write(error.more_line())
            count = error.total
            raise CommandError(
                f"{path.name} has {count:,} problem{'s' if count != 1 else ''}: nothing was imported"
            ) from None
        self.stdout.write(str(summary))
