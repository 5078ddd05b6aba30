"""A failed `casequality` command is one line and a non-zero exit status (the traceback only
with --traceback), and says what state it leaves (decision 0029)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from casequality.cli import describe
from tests.cases.documents import example_document, write_document


def casequality(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    """The console command in a process of its own, on a database file of its own."""
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "casequality.settings",
        "CASEQUALITY_DEMO": "true",
    }
    return subprocess.run(
        [sys.executable, "-m", "casequality", *args], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=300
    )


def test_an_import_that_fails_in_the_database_prints_one_line_and_exits_1(tmp_path):
    write_document(tmp_path / "man.json", example_document())

    result = casequality(tmp_path, "import", "man.json")  # a database never migrated: no tables

    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "Error: the database failed (OperationalError: no such table: cases_service): nothing of this command's "
        "last transaction was saved. Run it again with --traceback for the details."
    ]


def test_with_traceback_a_failed_command_shows_where_it_failed(tmp_path):
    write_document(tmp_path / "man.json", example_document())

    result = casequality(tmp_path, "import", "man.json", "--traceback")

    assert result.returncode != 0
    assert "Traceback (most recent call last)" in result.stderr


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a server connection to cut: PostgreSQL")
def test_a_connection_lost_while_committing_is_told_as_may_or_may_not_have_been_kept(db):
    cut = connection.copy()
    try:
        cut.set_autocommit(False)
        with cut.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            pid = cursor.fetchone()[0]
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
        with pytest.raises(Exception) as failed:
            cut.commit()
    finally:
        cut.close()

    told = describe(failed.value)
    assert told.startswith("the connection to the database was lost while committing")
    assert "may or may not have been kept, and nothing was re-evaluated" in told


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's lock and statement timeouts")
def test_a_command_runs_with_the_command_timeouts_not_the_webs(db, tmp_path):
    settings_dict = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "casequality.settings",
        "CASEQUALITY_DEMO": "true",
        "DATABASE_URL": f"postgres://{settings_dict['USER']}@{settings_dict['HOST']}:{settings_dict['PORT']}/"
        f"{settings_dict['NAME']}",
    }
    show = (
        "from django.db import connection\n"
        "c = connection.cursor()\n"
        "c.execute('SHOW lock_timeout'); lock = c.fetchone()[0]\n"
        "c.execute('SHOW statement_timeout'); print(lock, c.fetchone()[0])"
    )

    result = subprocess.run(
        [sys.executable, "-m", "casequality", "shell", "--verbosity", "0", "-c", show],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=300,
    )

    assert result.stdout.splitlines()[-1].split() == ["30s", "5min"], result.stderr
