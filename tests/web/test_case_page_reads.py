"""The case page's reads of its findings (web.selectors.case_findings, decision 0062): plain
reads split in Python give what the querysets they replaced gave, in the same orders."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from casequality.oversight.models import FindingNote
from casequality.standards.models import Finding
from casequality.standards.selectors import PRIORITY_AFTER_RISK, findings_actions
from casequality.web.selectors import case_findings
from tests.web.factories import import_cases

DAY = date(2026, 12, 2)


@pytest.fixture
def case(cast):
    """A case with findings that tie on everything the orders read but their id: must and
    should, due dates equal, earlier and none, raised on the same day or not, open, no
    longer actionable and resolved."""
    case = import_cases(cast)["N-0001"]
    Finding.objects.filter(case=case).delete()
    rows = []
    for i in range(36):
        rows.append(
            Finding(
                service=case.service,
                case=case,
                rule=("OVS-001", "LOR-003", "PLAN-002")[i % 3],
                key=f"K{i}",
                kind=("finding", "task")[i % 2],
                severity=("should", "must")[(i // 2) % 2],
                owner=("CM", "TM", "CM,TM")[i % 3],
                message=f"Message {i}",
                evidence={"n": i} if i % 4 else {},
                due=None if i % 5 == 0 else DAY - timedelta(days=i % 3),
                actionable=i % 7 != 0,
                opened_on=DAY - timedelta(days=i % 4),
                last_seen_on=DAY,
                resolved_on=DAY - timedelta(days=i % 2) if i % 6 == 0 else None,
            )
        )
    Finding.objects.bulk_create(rows[::-1])  # ids not in the order of anything else
    return case


def test_the_case_pages_actions_come_in_the_queues_order_after_the_risk(case):
    wanted = findings_actions(Finding.objects.filter(case=case)).order_by(*PRIORITY_AFTER_RISK)
    assert [f.pk for f in case_findings(case, today=DAY).actions] == [f.pk for f in wanted]


def test_the_case_pages_history_is_what_is_open_and_no_longer_actionable_newest_raised_first(case):
    past = Finding.objects.filter(case=case).exclude(resolved_on__isnull=True, actionable=True)
    wanted = past.filter(resolved_on__isnull=True).order_by("-opened_on", "rule", "id")
    assert [f.pk for f in case_findings(case, today=DAY).history] == [f.pk for f in wanted]


def test_the_case_pages_resolved_findings_come_latest_resolved_first(case):
    wanted = Finding.objects.filter(case=case, resolved_on__isnull=False).order_by("-resolved_on", "-id")
    assert [f.pk for f in case_findings(case, today=DAY).resolved] == [f.pk for f in wanted]


def test_each_action_carries_its_notes_oldest_first(case, cast):
    second = case_findings(case, today=DAY).actions[1]
    for text in ("One", "Two"):
        FindingNote.objects.create(finding_id=second.pk, author=cast.cm_a, author_name="Sam Smith", text=text)
    actions = case_findings(case, today=DAY).actions
    assert [[n["text"] for n in f.notes] for f in actions[:2]] == [[], ["One", "Two"]]


def test_the_case_pages_findings_cost_two_queries(case, django_assert_num_queries):
    with django_assert_num_queries(2):
        case_findings(case, today=DAY)
