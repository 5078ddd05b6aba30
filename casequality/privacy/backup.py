"""Backup and restore of the whole database (`casequality backup`, `casequality restore`).

PostgreSQL: `pg_dump --format=custom` and `pg_restore` (the client programs of the
server's major version or later, on PATH or in CASEQUALITY_PG_BIN); the connection comes
from DATABASE_URL and is handed to them in PG* environment variables, never on their
command line. SQLite: the online backup API (a consistent copy while the site runs).

A backup is every child's record, so it is written with an access-log entry (verb
`export`, target `backup`), and a restore adds one (verb `import`, target `restore`) to
the restored log after its own, which still verifies (`casequality access-log verify`).
A restore writes only into an empty database (no table at all) unless `replace=True`.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from django.db import connection, transaction

from casequality.accounts.models import AccessVerb
from casequality.accounts.services import access_log_record
from casequality.errors import CasequalityError

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_MAGIC = b"PGDMP"


class BackupError(CasequalityError):
    """A backup or restore refused or failed; the message says why and what was written."""


@dataclass(frozen=True)
class Done:
    engine: str  # "postgresql" or "sqlite"
    path: Path
    size: int


def _engine() -> str:
    vendor = connection.vendor
    if vendor not in ("postgresql", "sqlite"):
        raise BackupError(f"Backup knows PostgreSQL and SQLite, not {vendor}")
    return vendor


def _pg_program(name: str) -> str:
    folder = os.environ.get("CASEQUALITY_PG_BIN")
    found = str(Path(folder) / name) if folder else shutil.which(name)
    if not found or not Path(found).exists():
        raise BackupError(
            f"{name} was not found (install the PostgreSQL client programs, or set CASEQUALITY_PG_BIN "
            "to the folder that holds them): nothing was written"
        )
    return found


def _pg_environment() -> dict[str, str]:
    settings = connection.settings_dict
    env = dict(os.environ)
    for variable, key in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
        ("PGDATABASE", "NAME"),
    ):
        if settings.get(key):
            env[variable] = str(settings[key])
    sslmode = (settings.get("OPTIONS") or {}).get("sslmode")
    if sslmode:
        env["PGSSLMODE"] = sslmode
    return env


def _run(command: list[str], what: str) -> None:
    result = subprocess.run(command, env=_pg_environment(), capture_output=True, text=True, check=False)
    if result.returncode != 0:
        lines = [line for line in (result.stderr or result.stdout).splitlines() if line.strip()]
        raise BackupError(f"{what} failed: {lines[-1] if lines else f'exit status {result.returncode}'}")


def database_backup(*, out: Path, actor_name: str = "casequality backup") -> Done:
    """Write the whole database to `out` (which must not exist), with an access-log entry."""
    engine = _engine()
    out = Path(out)
    if out.exists():
        raise BackupError(f"{out} already exists: a backup never writes over a file (choose a new name)")
    if not out.parent.is_dir():
        raise BackupError(f"{out.parent} is not a folder: nothing was written")
    with transaction.atomic():
        access_log_record(
            actor=None,
            verb=AccessVerb.EXPORT,
            target="backup",
            actor_name=actor_name,
            payload={"file": out.name, "engine": engine},
        )
    partial = out.with_name(out.name + ".partial")
    try:
        if engine == "postgresql":
            _run(
                [_pg_program("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", f"--file={partial}"],
                "pg_dump",
            )
        else:
            connection.ensure_connection()
            target = sqlite3.connect(partial)
            try:
                connection.connection.backup(target)
            finally:
                target.close()
        partial.replace(out)
    finally:
        partial.unlink(missing_ok=True)
    return Done(engine=engine, path=out, size=out.stat().st_size)


def database_tables() -> list[str]:
    """The tables the database holds now (Django's and any other)."""
    with connection.cursor() as cursor:
        return sorted(connection.introspection.table_names(cursor))


def _kind_of(path: Path) -> str:
    with path.open("rb") as fh:
        head = fh.read(len(SQLITE_MAGIC))
    if head.startswith(PG_MAGIC):
        return "postgresql"
    if head == SQLITE_MAGIC:
        return "sqlite"
    raise BackupError(
        f"{path} is not a Casequality backup (neither a pg_dump custom file nor a SQLite database): "
        "nothing was restored"
    )


def database_restore(*, source: Path, replace: bool = False, actor_name: str = "casequality restore") -> Done:
    """Restore a backup written by `database_backup` into this database.

    Refused (nothing written) if the file is not a backup of this engine, or if the
    database already holds tables and `replace` is not given.
    """
    engine = _engine()
    source = Path(source)
    if not source.is_file():
        raise BackupError(f"No file {source}: nothing was restored")
    kind = _kind_of(source)
    if kind != engine:
        raise BackupError(
            f"{source} is a {kind} backup and this database is {engine}: restore it into a {kind} "
            "database (DATABASE_URL); nothing was restored"
        )
    tables = database_tables()
    if tables and not replace:
        raise BackupError(
            f"The database is not empty ({len(tables)} tables, e.g. {', '.join(tables[:3])}): restore writes only "
            "into an empty database. Give --replace to replace everything it holds with the backup; nothing was "
            "restored"
        )
    if engine == "postgresql":
        command = [
            _pg_program("pg_restore"),
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            f"--dbname={connection.settings_dict['NAME']}",
        ]
        if tables:
            command += ["--clean", "--if-exists"]
        _run([*command, str(source)], "pg_restore")
    else:
        connection.ensure_connection()
        backup = sqlite3.connect(source.resolve().as_uri() + "?mode=ro", uri=True)
        try:
            backup.backup(connection.connection)
        finally:
            backup.close()
    if engine == "postgresql":
        connection.close()  # the next query reads the restored database afresh
    with transaction.atomic():
        access_log_record(
            actor=None,
            verb=AccessVerb.IMPORT,
            target="restore",
            actor_name=actor_name,
            payload={"file": source.name, "engine": engine, "replaced": bool(tables)},
        )
    return Done(engine=engine, path=source, size=source.stat().st_size)
