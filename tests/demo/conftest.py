"""The demo caseload the tests read: generated once per test session (a few seconds)."""
from __future__ import annotations

import json

import pytest

from casequality.demo.generator import DEFAULT_AS_OF, write_caseload

DEMO_CASES = 300


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
