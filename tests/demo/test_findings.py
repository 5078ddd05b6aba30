"""What the rulebook finds in the 300-case demo caseloads: the default one, dated on the
inspection's first day (17 June 2013), and one dated today.

What a caseload records follows the era of its date (casequality/demo/generator/today.py):
in 2013 there is no AssetPlus and no PDAT, so the rules that read them (APL, PDAT) have
nothing to judge; today there are no Asset assessments, so the rules that read Asset's
scores (LOR-002, LOR-003, PLAN-003) have nothing to judge. Every other rule fires in each.
"""

from __future__ import annotations

from collections import Counter, defaultdict

import pytest

from casequality.demo.generator import DEFAULT_AS_OF, CaseBuilder, Generator
from casequality.standards.checkfile import check_file
from casequality.standards.rulebook import rulebook

from .conftest import DEMO_CASES, TODAY

# The rules of records the service did not yet keep in 2013.
RULES_OF_TODAYS_TOOLS = {r for r in rulebook().rules if r.startswith(("APL-", "PDAT-"))}
# The rules that read Asset's scores, which AssetPlus does not have.
RULES_OF_ASSET_SCORES = {"LOR-002", "LOR-003", "PLAN-003"}


@pytest.fixture(scope="module")
def checked(demo_file):
    return check_file(demo_file, as_of=DEFAULT_AS_OF)


def faultless_cases(**dated) -> set[str]:
    generator = Generator(cases=DEMO_CASES, **dated)
    faultless = set()
    for number in range(DEMO_CASES):
        builder = CaseBuilder(generator, number)
        if builder.quality == 0 and builder.example is None:
            faultless.add(f"DEMO-{number + 1:06d}")
    return faultless


def test_the_2013_demo_caseload_has_findings_for_every_rule_but_those_of_assetplus_and_the_pdat(checked):
    fired = {f["rule"] for f in checked.findings}
    assert set(rulebook().rules) - fired == RULES_OF_TODAYS_TOOLS


def test_the_demo_caseload_of_today_has_findings_for_every_rule_but_those_of_asset_scores(checked_today):
    fired = {f["rule"] for f in checked_today.findings}
    assert set(rulebook().rules) - fired == RULES_OF_ASSET_SCORES


def test_most_demo_cases_have_findings_but_some_have_none(checked):
    with_findings = {f["case"] for f in checked.findings}
    assert 0.75 * DEMO_CASES <= len(with_findings) <= 0.95 * DEMO_CASES


def test_about_half_of_the_demo_cases_have_an_assessment_that_falls_short(checked):
    assessment_rules = {"LOR-001", "LOR-002", "LOR-003", "LOR-004", "LOR-005"}
    short = {f["case"] for f in checked.findings if f["rule"] in assessment_rules}
    assert 0.35 * DEMO_CASES <= len(short) <= 0.7 * DEMO_CASES


def test_the_faultless_demo_cases_raise_no_findings(checked):
    faultless = faultless_cases()
    found = defaultdict(list)
    for f in checked.findings:
        if f["case"] in faultless:
            found[f["case"]].append(f["rule"])
    assert len(faultless) >= 15
    assert dict(found) == {}


def test_the_faultless_cases_of_the_demo_caseload_of_today_raise_no_findings(checked_today):
    faultless = faultless_cases(as_of=TODAY)
    found = defaultdict(list)
    for f in checked_today.findings:
        if f["case"] in faultless:
            found[f["case"]].append(f["rule"])
    assert len(faultless) >= 15
    assert dict(found) == {}


def test_no_rule_fires_on_most_demo_cases(checked):
    cases_per_rule = Counter()
    for rule, _case in {(f["rule"], f["case"]) for f in checked.findings}:
        cases_per_rule[rule] += 1
    assert max(cases_per_rule.values()) <= 0.7 * DEMO_CASES


def test_no_rule_fires_on_most_cases_of_the_demo_caseload_of_today(checked_today):
    cases_per_rule = Counter()
    for rule, _case in {(f["rule"], f["case"]) for f in checked_today.findings}:
        cases_per_rule[rule] += 1
    assert max(cases_per_rule.values()) <= 0.7 * DEMO_CASES


def raised_by_their_examples(check, **dated) -> tuple[set[str], set[str]]:
    """The rules with an example case in the caseload, and those of them its case raises."""
    generator = Generator(cases=DEMO_CASES, **dated)
    verdicts = {(v["case"], v["rule"]) for v in check.findings + check.tasks}
    shown, raised = set(), set()
    for number in range(DEMO_CASES):
        example = CaseBuilder(generator, number).example
        if example is not None:
            shown.add(example.rule)
            if (f"DEMO-{number + 1:06d}", example.rule) in verdicts:
                raised.add(example.rule)
    return shown, raised


def test_every_rule_but_those_of_assetplus_and_the_pdat_has_its_example_case_in_the_2013_demo(checked):
    shown, raised = raised_by_their_examples(checked)
    assert (set(rulebook().rules) - shown, shown - raised) == (RULES_OF_TODAYS_TOOLS, set())


def test_every_rule_but_those_of_asset_scores_has_its_example_case_in_the_demo_of_today(checked_today):
    shown, raised = raised_by_their_examples(checked_today, as_of=TODAY)
    assert (set(rulebook().rules) - shown, shown - raised) == (RULES_OF_ASSET_SCORES, set())
