"""`casequality backup --out FILE`: the whole database in one file (docs/operating.md)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from casequality.privacy.backup import BackupError, database_backup


class Command(BaseCommand):
    help = (
        "Write the whole database to FILE: pg_dump's custom format on PostgreSQL, SQLite's online backup on "
        "SQLite. It holds every child's record: keep it as the database is kept. Writes an access-log entry."
    )

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, type=Path, help="the file to write (must not exist)")

    def handle(self, *args, **options):
        try:
            done = database_backup(out=options["out"])
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Backed up the {done.engine} database to {done.path} ({done.size:,} bytes)")
