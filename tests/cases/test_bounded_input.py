"""Bounded input (decision 0029): JSON nesting, one case's size and the problems kept are
limited by settings; past a limit the file is refused at its place before the parser
builds anything bigger, and nothing is written.

Peak memory is measured in a process of its own (resource.getrusage's ru_maxrss) running
the import as `casequality import` and the API run it (`interchange_import`).
"""

from __future__ import annotations

import copy
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from casequality.cases.interchange import InterchangeError, Problem, validate_source
from casequality.cases.models import Case
from casequality.cases.services import interchange_import
from tests.cases.documents import example_document, write_document

MEASURE = """
import json, os, resource, sys
import django
django.setup()
from casequality.cases.interchange import InterchangeError
from casequality.cases.services import interchange_import
try:
    interchange_import(sys.argv[1])
    outcome = {"imported": True}
except InterchangeError as error:
    outcome = {"listed": len(error.problems), "total": error.total, "first": str(error.problems[0])}
outcome["peak_kib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps(outcome))
"""


@pytest.fixture(scope="module")
def migrated(tmp_path_factory) -> Path:
    """A migrated SQLite database file for the measured processes (they cannot see the test's)."""
    path = tmp_path_factory.mktemp("bounded") / "db.sqlite3"
    result = subprocess.run(
        [sys.executable, "-m", "casequality", "migrate", "--verbosity", "0"],
        env=_env(path),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    return path


def _env(database: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_SETTINGS_MODULE": "casequality.settings",
        "CASEQUALITY_DEMO": "true",
    }


def import_measured(database: Path, path: Path) -> dict:
    """Import `path` in a process of its own: what it said, and its peak memory in KiB."""
    result = subprocess.run(
        [sys.executable, "-c", MEASURE, str(path)],
        env=_env(database),
        capture_output=True,
        text=True,
        timeout=900,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout.splitlines()[-1])


def nested_arrays_file(path: Path, depth: int) -> Path:
    path.write_text('{"format": "casequality/2", "cases": [' + "[" * depth + "]" * depth + "]}", encoding="utf-8")
    return path


def bad_cases_file(path: Path, count: int) -> Path:
    """`count` cases with five problems each (and ids of their own), written streaming."""
    document = example_document()
    case = document.pop("cases")[0]
    with path.open("w", encoding="utf-8") as out:
        out.write(json.dumps(document)[:-1] + ', "cases": [')
        for index in range(count):
            bad = copy.deepcopy(case)
            bad["id"] = f"MAN-{index:07d}"
            bad["child"].update(dob="not a date", sex="boy", looked_after="yes")
            bad["orders"][0]["start"] = "soon"
            bad["orders"][1]["type"] = "caution"
            out.write(("," if index else "") + json.dumps(bad))
        out.write("]}")
    return path


def test_a_file_of_200000_nested_arrays_is_refused_at_its_case_in_bounded_memory(migrated, tmp_path):
    small = import_measured(migrated, bad_cases_file(tmp_path / "one.json", 1))
    deep = import_measured(migrated, nested_arrays_file(tmp_path / "deep.json", 200_000))

    assert deep["first"].startswith("cases[0]: nested more than 32 levels deep")
    assert deep["peak_kib"] - small["peak_kib"] < 16 * 1024  # the parser's buffer, not the file's depth


def test_peak_memory_for_20000_bad_cases_is_within_a_few_mb_of_that_for_2000(migrated, tmp_path):
    fewer = import_measured(migrated, bad_cases_file(tmp_path / "2000.json", 2_000))
    more = import_measured(migrated, bad_cases_file(tmp_path / "20000.json", 20_000))

    assert (fewer["listed"], fewer["total"]) == (1000, 10_000)
    assert (more["listed"], more["total"]) == (1000, 100_000)
    assert more["peak_kib"] - fewer["peak_kib"] < 4 * 1024


def test_a_case_nested_too_deeply_is_refused_at_its_place_and_nothing_is_written(db, tmp_path):
    document = example_document()
    deep: list = []
    for _ in range(40):
        deep = [deep]
    document["cases"][1]["child"]["diversity"]["needs"] = deep

    with pytest.raises(InterchangeError) as refused:
        interchange_import(write_document(tmp_path / "deep.json", document))

    assert [p.path for p in refused.value.problems] == ["cases[1]"]
    assert not Case.objects.exists()


def test_a_header_value_nested_too_deeply_is_refused_at_its_key(tmp_path, settings):
    settings.CASEQUALITY_JSON_MAX_DEPTH = 5
    document = example_document()
    document["service"] = {"code": "MAN", "name": [[[[["deep"]]]]]}

    problems = validate_source(write_document(tmp_path / "deep.json", document))

    assert problems == [
        Problem(
            "service",
            "nested more than 5 levels deep; Casequality reads at most 5 "
            "(CASEQUALITY_JSON_MAX_DEPTH): nothing was read further",
        )
    ]


def test_a_case_larger_than_the_limit_is_refused_at_its_place_and_nothing_is_written(db, tmp_path, settings):
    settings.CASEQUALITY_CASE_MAX_BYTES = 20_000
    document = example_document()
    document["cases"][1]["child"]["name"] = "x" * 30_000

    with pytest.raises(InterchangeError) as refused:
        interchange_import(write_document(tmp_path / "large.json", document))

    assert [str(p) for p in refused.value.problems] == [
        "cases[1]: the case is larger than 20,000 bytes, the most one case may be (CASEQUALITY_CASE_MAX_BYTES): "
        "nothing was read further"
    ]
    assert not Case.objects.exists()


def test_a_case_of_many_small_values_counts_towards_its_size(tmp_path, settings):
    settings.CASEQUALITY_CASE_MAX_BYTES = 10_000
    document = example_document()
    document["cases"][0]["child"]["diversity"]["needs"] = [0] * 20_000

    assert [p.path for p in validate_source(write_document(tmp_path / "many.json", document))] == ["cases[0]"]


def test_a_file_with_more_problems_than_the_limit_lists_the_first_and_counts_the_rest(db, tmp_path, settings):
    settings.CASEQUALITY_PROBLEMS_MAX = 3

    with pytest.raises(InterchangeError) as refused:
        interchange_import(bad_cases_file(tmp_path / "bad.json", 4))

    assert len(refused.value.problems) == 3
    assert refused.value.total == 20
    assert str(refused.value).splitlines()[-1] == "... and 17 more problems (the first 3 are listed)"
    assert not Case.objects.exists()


def test_the_console_import_lists_the_first_problems_and_says_how_many_more(migrated, tmp_path):
    bad_cases_file(tmp_path / "bad.json", 300)
    shutil.copy(migrated, tmp_path / "cli.sqlite3")  # a database of its own, migrated
    env = {**_env(tmp_path / "cli.sqlite3"), "CASEQUALITY_PROBLEMS_MAX": "10"}

    result = subprocess.run(
        [sys.executable, "-m", "casequality", "import", "bad.json"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
    )

    assert result.returncode == 1
    assert result.stderr.splitlines()[10:] == [
        "... and 1,490 more problems (the first 10 are listed)",
        "CommandError: bad.json has 1,500 problems: nothing was imported",
    ]
