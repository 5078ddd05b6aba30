"""The demo caseloads the tests read, generated once per test session (a few seconds each):
the default one, dated on the inspection's first day in 2013, and one dated today."""

from __future__ import annotations

import json
from datetime import date

import pytest

from casequality.demo.generator import DEFAULT_AS_OF, CaseBuilder, Generator, write_caseload
from casequality.standards.checkfile import check_file

DEMO_CASES = 300
# A fixed "today" for the caseload dated today, so the tests give the same answer every day.
TODAY = date(2026, 11, 30)


@pytest.fixture(scope="session")
def demo_file(tmp_path_factory):
    """The 300-case demo caseload as `casequality demo-data` writes it with its defaults."""
    path = tmp_path_factory.mktemp("demo") / "demo-300.json"
    with open(path, "wb") as out:
        write_caseload(out, cases=DEMO_CASES, as_of=DEFAULT_AS_OF)
    return path


@pytest.fixture(scope="session")
def demo_document(demo_file):
    with open(demo_file, encoding="utf-8") as handle:
        return json.load(handle)


@pytest.fixture(scope="session")
def today_demo_file(tmp_path_factory):
    """The 300-case demo caseload dated TODAY (as `casequality demo` makes it, on a fixed day)."""
    path = tmp_path_factory.mktemp("demo") / "demo-300-today.json"
    with open(path, "wb") as out:
        write_caseload(out, cases=DEMO_CASES, as_of=TODAY)
    return path


@pytest.fixture(scope="session")
def checked_today(today_demo_file):
    """What the rulebook finds in the caseload dated TODAY, checked once for the tests of
    tests/demo/test_findings.py and tests/demo/test_todays_rates.py (they only read it)."""
    return check_file(today_demo_file, as_of=TODAY)


def ordinary_cases(document: dict, as_of: date = DEFAULT_AS_OF) -> list[dict]:
    """The document's cases but the rules' example cases (casequality/demo/generator/examples.py):
    an example is the record its rule's test judges, as thin as that test needs it."""
    generator = Generator(cases=len(document["cases"]), as_of=as_of)
    examples = {
        f"DEMO-{number + 1:06d}" for number in range(generator.n) if CaseBuilder(generator, number).example is not None
    }
    return [case for case in document["cases"] if case["id"] not in examples]
