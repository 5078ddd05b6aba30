"""The `casequality import` and `casequality export` commands."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from casequality.cases.models import Case, Service
from tests.cases.documents import as_exported, example_document, write_document


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_import_command_says_what_it_imported(db, tmp_path):
    out, _err = run("import", str(write_document(tmp_path / "man.json", example_document())))

    assert out == "imported 2 cases, 7 staff\n"
    assert Case.objects.count() == 2


def test_the_import_command_lists_every_problem_and_fails(db, tmp_path):
    document = example_document()
    document["cases"][0]["child"]["nmae"] = "x"
    document["cases"][1]["child"]["sex"] = "boy"
    err = StringIO()

    with pytest.raises(CommandError, match="man.json has 2 problems: nothing was imported"):
        call_command("import", str(write_document(tmp_path / "man.json", document)), stderr=err)

    assert err.getvalue().splitlines() == [
        "cases[0].child.nmae: unknown key",
        "cases[1].child.sex: 'boy' is not one of male, female, other, not_known",
    ]
    assert not Case.objects.exists()


def test_the_import_command_refuses_a_missing_file(db, tmp_path):
    with pytest.raises(CommandError, match="No file"):
        run("import", str(tmp_path / "absent.json"))


def test_the_export_command_writes_the_file(imported, tmp_path):
    out, _err = run("export", "--out", str(tmp_path / "out.json"))

    assert out == f"exported 2 cases of MAN to {tmp_path / 'out.json'}\n"
    assert json.loads((tmp_path / "out.json").read_text(encoding="utf-8")) == as_exported(example_document())


def test_the_export_command_writes_only_the_named_cases(imported, tmp_path):
    run("export", "--service", "MAN", "--case", "MAN-0002", "--out", str(tmp_path / "out.json"))

    assert [case["id"] for case in json.loads((tmp_path / "out.json").read_text())["cases"]] == ["MAN-0002"]


def test_the_export_command_refuses_an_unknown_case_and_leaves_no_file(imported, tmp_path):
    with pytest.raises(CommandError, match="No case MAN-9 in service MAN"):
        run("export", "--case", "MAN-9", "--out", str(tmp_path / "out.json"))

    assert list(tmp_path.iterdir()) == []


def test_the_export_command_needs_a_service_when_there_are_several(imported, tmp_path):
    Service.objects.create(code="SAL", name="Salford")

    with pytest.raises(CommandError, match=r"several services \(MAN, SAL\): name one with --service"):
        run("export", "--out", str(tmp_path / "out.json"))


def test_the_export_command_refuses_an_unknown_service(imported, tmp_path):
    with pytest.raises(CommandError, match="No service XYZ"):
        run("export", "--service", "XYZ", "--out", str(tmp_path / "out.json"))


# The console command in a process of its own, on a database file of its own (the
# test database is not visible to another process), with the settings a user's command
# has (pytest's are tests/settings.py).


def casequality(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "casequality.settings",
    }
    command = [sys.executable, "-m", "casequality", *args]
    return subprocess.run(command, capture_output=True, text=True, env=env, cwd=tmp_path, timeout=300)


def test_the_console_import_exits_1_and_prints_each_problem_on_stderr(tmp_path):
    document = example_document()
    document["cases"][0]["assessments"][0]["rosh"]["level"] = "medium-high"
    document["staff"][2]["manager"] = "S7"
    write_document(tmp_path / "bad.json", document)

    result = casequality(tmp_path, "import", "bad.json")

    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "staff[2].manager: no staff member 'S7' in staff",
        "cases[0].assessments[0].rosh.level: 'medium-high' is not one of low, medium, high, very_high",
        "CommandError: bad.json has 2 problems: nothing was imported",
    ]


def test_the_console_import_and_export_round_trip(tmp_path):
    write_document(tmp_path / "man.json", example_document())
    assert casequality(tmp_path, "migrate", "--verbosity", "0").returncode == 0

    imported = casequality(tmp_path, "import", "man.json")
    exported = casequality(tmp_path, "export", "--out", "again.json")

    assert (imported.returncode, imported.stdout) == (0, "imported 2 cases, 7 staff\n")
    assert exported.returncode == 0
    assert json.loads((tmp_path / "again.json").read_text(encoding="utf-8")) == as_exported(example_document())
