"""`casequality backup` and `casequality restore` (issue 21, point 10; docs/operating.md).

The backup is taken of the test's database (SQLite's online backup, or pg_dump under
`make test-postgres`); the restore runs as the `casequality` command in a subprocess
against a new, empty database of the same engine, which is then read by the command
line: its export, its findings and `access-log verify`.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from datetime import date
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from casequality.accounts.models import AccessLogEntry
from casequality.cases.models import Case
from casequality.standards.models import Finding
from casequality.standards.services import cases_evaluate
from tests.web.factories import import_cases

CASEQUALITY = str(Path(sys.executable).with_name("casequality"))
AS_OF = date(2026, 11, 30)
FINDINGS_SCRIPT = (
    "import json; from casequality.standards.models import Finding; "
    "print(json.dumps(sorted([list(map(str, row)) for row in Finding.objects.values_list("
    "'case__ref', 'rule', 'key', 'kind', 'opened_on', 'due', 'resolved_on')])))"
)


def _findings_here() -> list[list[str]]:
    return sorted(
        [
            list(map(str, row))
            for row in Finding.objects.values_list(
                "case__ref", "rule", "key", "kind", "opened_on", "due", "resolved_on"
            )
        ]
    )


@pytest.fixture
def empty_database(tmp_path):
    """DATABASE_URL of a new, empty database of the engine the tests run on."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    import psycopg

    settings = connection.settings_dict
    name = f"cq_restore_{uuid.uuid4().hex[:12]}"
    conninfo = {
        "host": settings["HOST"] or "127.0.0.1",
        "port": settings["PORT"] or 5432,
        "user": settings["USER"] or "postgres",
        "password": settings["PASSWORD"] or None,
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **conninfo) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    user = conninfo["user"] + (f":{conninfo['password']}" if conninfo["password"] else "")
    yield f"postgresql://{user}@{conninfo['host']}:{conninfo['port']}/{name}"
    with psycopg.connect(dbname="postgres", autocommit=True, **conninfo) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _casequality(database_url: str, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "casequality.settings"}
    return subprocess.run([CASEQUALITY, *args], env=env, capture_output=True, text=True, timeout=300, check=False)


@pytest.fixture
def held(transactional_db, cast, tmp_path):
    """Cases, their findings and an export of them, then a backup of the whole database."""
    cases = import_cases(cast)
    cases_evaluate(case_ids=[case.pk for case in cases.values()], as_of=AS_OF)
    assert Finding.objects.exists()
    call_command("export", "--service", cast.service.code, "--out", str(tmp_path / "before.json"))
    call_command("backup", "--out", str(tmp_path / "casequality.backup"))
    return tmp_path


def test_a_backup_restored_into_an_empty_database_holds_the_same_export_findings_and_a_verifying_log(
    held, empty_database, cast
):
    restored = _casequality(empty_database, "restore", str(held / "casequality.backup"))
    assert restored.returncode == 0, restored.stderr
    exported = _casequality(empty_database, "export", "--service", cast.service.code, "--out", str(held / "after.json"))
    assert exported.returncode == 0, exported.stderr
    assert json.loads((held / "after.json").read_text()) == json.loads((held / "before.json").read_text())
    findings = _casequality(empty_database, "shell", "--no-imports", "-c", FINDINGS_SCRIPT)
    assert findings.returncode == 0, findings.stderr
    assert json.loads(findings.stdout) == _findings_here()
    verified = _casequality(empty_database, "access-log", "verify")
    assert verified.returncode == 0, verified.stdout + verified.stderr


def test_a_restore_into_a_database_that_holds_tables_is_refused_and_writes_nothing(held):
    cases, entries = Case.objects.count(), AccessLogEntry.objects.count()
    with pytest.raises(CommandError, match="not empty.*--replace.*nothing was restored"):
        call_command("restore", str(held / "casequality.backup"))
    assert (Case.objects.count(), AccessLogEntry.objects.count()) == (cases, entries)


def test_a_backup_is_an_access_log_entry_naming_its_file(held):
    entry = AccessLogEntry.objects.filter(target="backup").get()
    assert (entry.verb, entry.actor_name, entry.payload["file"]) == (
        "export",
        "casequality backup",
        "casequality.backup",
    )


def test_a_backup_never_writes_over_a_file(held):
    with pytest.raises(CommandError, match="already exists"):
        call_command("backup", "--out", str(held / "before.json"))
    assert json.loads((held / "before.json").read_text())["cases"]


def test_a_file_that_is_not_a_backup_is_refused(held, empty_database):
    restored = _casequality(empty_database, "restore", str(held / "before.json"))
    assert restored.returncode == 1
    assert "is not a Casequality backup" in restored.stderr and "Traceback" not in restored.stderr


def test_a_backup_taken_by_the_command_restores_with_replace_over_a_database_holding_data(held, empty_database, cast):
    assert _casequality(empty_database, "restore", str(held / "casequality.backup")).returncode == 0
    again = _casequality(empty_database, "backup", "--out", str(held / "again.backup"))
    assert again.returncode == 0, again.stderr
    refused = _casequality(empty_database, "restore", str(held / "again.backup"))
    assert refused.returncode == 1 and "not empty" in refused.stderr
    replaced = _casequality(empty_database, "restore", "--replace", str(held / "again.backup"))
    assert replaced.returncode == 0, replaced.stderr
    assert (
        _casequality(
            empty_database, "export", "--service", cast.service.code, "--out", str(held / "replaced.json")
        ).returncode
        == 0
    )
    assert json.loads((held / "replaced.json").read_text()) == json.loads((held / "before.json").read_text())
    assert _casequality(empty_database, "access-log", "verify").returncode == 0
