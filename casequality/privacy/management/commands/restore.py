"""`casequality restore FILE [--replace]`: a backup back into an empty database (docs/operating.md)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from casequality.privacy.backup import BackupError, database_restore


class Command(BaseCommand):
    help = (
        "Restore a file written by `casequality backup` into this database (DATABASE_URL). Refuses a database "
        "that holds any table unless --replace is given. Then run `casequality migrate` and "
        "`casequality access-log verify`."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="a file written by `casequality backup`")
        parser.add_argument(
            "--replace", action="store_true", help="replace what the database holds now with the backup"
        )

    def handle(self, *args, **options):
        try:
            done = database_restore(source=options["file"], replace=options["replace"])
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Restored {done.path} into the {done.engine} database. Next: `casequality migrate` "
            "(if the backup is of an older release), then `casequality access-log verify`."
        )
