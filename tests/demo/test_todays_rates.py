"""The rules of today's record fire on the demo caseload dated today near their demo_rate:
for each rule, its findings over the items it judges, within 0.4 to 1.6 times the rule's
`demo_rate` (a typical case falls short at the demo_rate, a faultless one never, a weak one
more often; the caseload's mix averages a little under the rate)."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from casequality.standards.rulebook import rulebook


@pytest.fixture(scope="module")
def today_cases(today_demo_file) -> list[dict]:
    with open(today_demo_file, encoding="utf-8") as handle:
        return json.load(handle)["cases"]


@pytest.fixture(scope="module")
def findings_per_rule(checked_today) -> Counter:
    return Counter(f["rule"] for f in checked_today.findings)


def _completed(assessment: dict, stage: str) -> bool:
    return assessment["assetplus"]["stages"][stage]["completed"] is not None


# What each rule judges, counted from the caseload: the items it could find short.
JUDGED = {
    "APL-003": lambda case: sum(
        a["assetplus"]["trigger"] == "start" and _completed(a, "pathways_planning")
        for a in case["assessments"]
        if a["assetplus"]
    ),
    "APL-004": lambda case: sum(
        _completed(a, "explanations_conclusions") for a in case["assessments"] if a["assetplus"]
    ),
    "OOC-002": lambda case: sum(o["decision_date"] is not None for o in case["out_of_court"]),
    "PDAT-002": lambda case: len(case["diversion_assessments"]),
    "PDAT-003": lambda case: sum(
        o["referred"] >= "2024-04-01" and o["intervention"] and o["end"] is not None for o in case["out_of_court"]
    ),
    "VIC-002": lambda case: sum(v["consent"] == "given" for v in case["victims"]),
    "VIC-003": lambda case: sum(v["consent"] == "given" for v in case["victims"]),
    "VIC-004": lambda case: sum(v["safety_plan_needed"] for v in case["victims"]),
}


@pytest.mark.parametrize("rule", sorted(JUDGED))
def test_a_rule_of_todays_record_fires_on_the_demo_near_its_demo_rate(rule, today_cases, findings_per_rule):
    judged = sum(JUDGED[rule](case) for case in today_cases)
    rate = rulebook().rules[rule].demo_rate
    assert judged >= 40
    assert 0.4 * rate <= findings_per_rule[rule] / judged <= 1.6 * rate
