"""What the rulebook finds in the 300-case demo caseload (as of the inspection's first day)."""
from __future__ import annotations

from collections import Counter, defaultdict

import pytest

from casequality.demo.generator import DEFAULT_AS_OF, CaseBuilder, Generator
from casequality.standards.checkfile import check_file
from casequality.standards.rulebook import rulebook

from .conftest import DEMO_CASES


@pytest.fixture(scope="module")
def checked(demo_file):
    return check_file(demo_file, as_of=DEFAULT_AS_OF)


def test_the_demo_caseload_has_findings_for_every_rule_of_the_rulebook(checked):
    fired = {f["rule"] for f in checked.findings}
    assert sorted(set(rulebook().rules) - fired) == []


def test_most_demo_cases_have_findings_but_some_have_none(checked):
    with_findings = {f["case"] for f in checked.findings}
    assert 0.75 * DEMO_CASES <= len(with_findings) <= 0.95 * DEMO_CASES


def test_about_half_of_the_demo_cases_have_an_assessment_that_falls_short(checked):
    assessment_rules = {"LOR-001", "LOR-002", "LOR-003", "LOR-004", "LOR-005"}
    short = {f["case"] for f in checked.findings if f["rule"] in assessment_rules}
    assert 0.35 * DEMO_CASES <= len(short) <= 0.7 * DEMO_CASES


def test_the_faultless_demo_cases_raise_no_findings(checked):
    generator = Generator(cases=DEMO_CASES)
    faultless = set()
    for number in range(DEMO_CASES):
        builder = CaseBuilder(generator, number)
        if builder.quality == 0 and not builder.force:
            faultless.add(f"DEMO-{number + 1:06d}")
    found = defaultdict(list)
    for f in checked.findings:
        if f["case"] in faultless:
            found[f["case"]].append(f["rule"])
    assert len(faultless) >= 15
    assert dict(found) == {}


def test_no_rule_fires_on_most_demo_cases(checked):
    cases_per_rule = Counter()
    for rule, case in {(f["rule"], f["case"]) for f in checked.findings}:
        cases_per_rule[rule] += 1
    assert max(cases_per_rule.values()) <= 0.7 * DEMO_CASES
