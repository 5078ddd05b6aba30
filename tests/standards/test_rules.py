"""Every rule, tested from data: its example cases, casequality/standards/rules/<family>.yaml
beside each family module (read by casequality/standards/examples.py; the demo shows them too).

Each entry is a minimal case record, an as-of date (or several, for a deadline's
day before, day of and day after), optional parameter overrides, other children of the
service (for LOR-005) and the tasks and findings of its rule expected out. The engine
evaluates every rule (as in production: OVS-002 needs the others) and the test compares
the verdicts of the entry's rule with the expectation.
"""

from __future__ import annotations

from datetime import date

import pytest

from casequality.standards import examples
from casequality.standards.rulebook import rulebook

CASES_DIR = examples.CASES_DIR


def load_entries() -> list[tuple[str, dict]]:
    return examples.load_entries(CASES_DIR)


ENTRIES = load_entries()
expectations = examples.expectations


def params():
    for _family, entry in ENTRIES:
        for as_of, expected in expectations(entry):
            yield pytest.param(entry, as_of, expected, id=f"{entry['rule']}: {entry['name']} @ {as_of}")


def matches(verdict, expected: dict) -> bool:
    return (
        verdict.kind == expected["kind"]
        and verdict.key == str(expected["key"])
        and ("due" not in expected or verdict.due == expected["due"])
        and ("subject" not in expected or verdict.subject == expected["subject"])
        and ("actionable" not in expected or verdict.actionable == expected["actionable"])
        and all(part in verdict.message for part in expected.get("message_has", ()))
    )


@pytest.mark.parametrize(("entry", "as_of", "expected"), list(params()))
def test_rule_gives_the_expected_tasks_and_findings(entry, as_of, expected):
    verdicts = examples.evaluate(entry, as_of)
    unmatched = list(verdicts)
    for exp in expected:
        hit = next((v for v in unmatched if matches(v, exp)), None)
        assert hit is not None, f"expected {exp}, got {[(v.kind, v.key, v.due, v.message) for v in verdicts]}"
        unmatched.remove(hit)
    assert not unmatched, f"unexpected {[(v.kind, v.key, v.due, v.message) for v in unmatched]}"


def _actionable_sides() -> dict[str, set[bool]]:
    """For each rule, whether its YAML cases expect an action (True) and history (False)."""
    sides: dict[str, set[bool]] = {}
    for _family, entry in ENTRIES:
        for _as_of, expected in expectations(entry):
            for exp in expected:
                if exp["kind"] == "finding" and "actionable" in exp:
                    sides.setdefault(entry["rule"], set()).add(exp["actionable"])
    return sides


def test_every_deadline_rule_is_tested_done_late_as_history_and_not_yet_done_as_an_action():
    sides = _actionable_sides()
    assert [r for r in rulebook().deadline_rules() if sides.get(r) != {True, False}] == []


def test_every_rule_about_a_replaceable_item_is_tested_replaced_as_history_and_current_as_an_action():
    book = rulebook()
    sides = _actionable_sides()
    replaceable = [r for r, m in book.rules.items() if "replaced" in m.history]
    assert set(book.content_rules()) - set(replaceable) == {"LOR-005"}  # another child's name: always put right
    assert [r for r in replaceable if sides.get(r) != {True, False}] == []


def test_a_month_that_has_ended_is_tested_as_history_for_cmp_004():
    assert _actionable_sides().get("CMP-004") == {False}


def test_every_rule_has_a_case_that_fires_and_one_that_does_not():
    fires, passes = set(), set()
    for _family, entry in ENTRIES:
        for _as_of, expected in expectations(entry):
            (fires if expected else passes).add(entry["rule"])
    rules = set(rulebook().rules)
    assert rules - fires == set()
    assert rules - passes == set()


def test_every_timed_rule_is_tested_the_day_before_on_and_after_its_deadline():
    timed = set()
    for _family, entry in ENTRIES:
        days = expectations(entry)
        if len(days) < 3:
            continue
        kinds = [[e["kind"] for e in expected] for _day, expected in sorted(days)]
        if ["task"] in kinds and ["finding"] in kinds:
            dues = {e["due"] for _d, expected in days for e in expected}
            due = dues.pop()
            on = {day for day, _e in days}
            if {due, date.fromordinal(due.toordinal() - 1), date.fromordinal(due.toordinal() + 1)} <= on:
                timed.add(entry["rule"])
    deadline_rules = set(rulebook().deadline_rules())
    assert deadline_rules
    assert deadline_rules - timed == set()


def test_each_rules_cases_are_in_the_file_named_after_its_family_module():
    misplaced = [
        (family, entry["rule"]) for family, entry in ENTRIES if entry["rule"].split("-", 1)[0].lower() != family
    ]
    assert misplaced == []
