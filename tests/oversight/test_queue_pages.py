"""The oversight queue's lists by plain SQL (data/queues.py, read through
oversight.selectors.oversight_queue_pages) are InPriorityOrder's, their ORM twin: every page
of every list, its length and its (finding id, child at risk) in order, for a team manager
and a QA lead, over varied caseloads, on SQLite and PostgreSQL (decision 0061). The queue
sorted by a column or narrowed to the children at risk (data.queues.sorted_page) is
oversight_queue's, sorted by web.queue_order.sorted_findings."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest
from django.utils import timezone

from casequality.cases.models import Case, Team
from casequality.cases.vocabulary import CUSTODIAL_ORDERS
from casequality.data import queues
from casequality.oversight.models import FindingNote
from casequality.oversight.selectors import (
    FOR_REVIEW,
    INSUFFICIENT,
    WAITING,
    findings_marked_for_review_in_order,
    oversight_countersigned_insufficient_in_order,
    oversight_queue,
    oversight_queue_in_order,
    oversight_queue_pages,
)
from casequality.standards.models import Finding
from casequality.standards.rulebook import rulebook
from casequality.web import queue_order
from tests.web.factories import ensure_finding, import_cases

REFS = ("N-0001", "N-0002", "N-0003", "N-0004", "S-0001")
RULES = ("OVS-001", "OVS-002", "OVS-005", "LOR-001", "LOR-002")


def _at_risk(case: Case, reason: str, today) -> None:
    """Put the child at risk for `reason`, or (the last three) give them a record that does not."""
    if reason == "looked after":
        Case.objects.filter(pk=case.pk).update(looked_after=True)
    elif reason == "custody":
        case.orders.update(type=sorted(CUSTODIAL_ORDERS)[0], court_date=today - timedelta(days=30), end=None)
    elif reason == "custody ended":
        case.orders.update(
            type=sorted(CUSTODIAL_ORDERS)[0], court_date=today - timedelta(days=30), end=today - timedelta(1)
        )
    elif reason in ("high rosh", "very high vulnerability"):
        field = "rosh" if reason == "high rosh" else "vulnerability"
        case.assessments.update(date=today - timedelta(days=10), **{field: {"level": "high", "full": {}}})
        if reason == "very high vulnerability":
            case.assessments.update(vulnerability={"level": "very_high"})
    elif reason in ("high rosh, not the latest", "high rosh, in the future"):
        first = case.assessments.get(ref="A1")
        case.assessments.update(rosh={"level": "high"}, date=today - timedelta(days=10))
        first.pk = None
        first.ref = "A9"
        first.rosh = {"level": "low"}
        first.date = today + timedelta(days=3) if reason.endswith("future") else today - timedelta(days=2)
        if reason.endswith("future"):
            first.rosh = {"level": "very_high"}
        first.save()


REASONS = (
    "looked after",
    "custody",
    "high rosh",
    "very high vulnerability",
    "none",
    "custody ended",
    "high rosh, not the latest",
    "high rosh, in the future",
)


def _caseload(cast, seed: int) -> dict[str, Case]:
    """Five cases (four North, one South), each at risk or not for a reason drawn by `seed`,
    with findings of every owner, rule, kind and severity, equal and missing due dates,
    some resolved, some not actionable, some marked for review."""
    rng = random.Random(seed)
    cases = import_cases(cast, refs=("N-0001", "N-0002", "S-0001"))
    cases.update(import_cases(cast, refs=("N-0003", "N-0004"), case_manager="S1"))
    today = timezone.localdate()
    reasons = list(REASONS)
    rng.shuffle(reasons)
    for ref, reason in zip(REFS, reasons, strict=False):
        _at_risk(cases[ref], reason, today)
    dues = (today - timedelta(days=5), today - timedelta(days=1), today, today + timedelta(days=4), None)
    for n in range(40):
        case = cases[rng.choice(REFS)]
        finding = ensure_finding(
            case,
            rule=rng.choice(RULES),
            subject=f"X{n}",
            subject_type=rng.choice(("assessment", "plan")),
            owner=rng.choice(("TM", "TM", "CM,TM", "CM")),
            kind=rng.choice(("finding", "task")),
            severity=rng.choice(("must", "should")),
        )
        Finding.objects.filter(pk=finding.pk).update(
            due=rng.choice(dues),
            opened_on=today - timedelta(days=rng.choice((1, 3, 3, 8))),
            actionable=rng.random() > 0.1,
            resolved_on=today if rng.random() < 0.1 else None,
        )
        if rng.random() < 0.3:
            FindingNote.objects.create(
                finding=finding, author_name="A", text="Look", marked_for_review=rng.random() < 0.8
            )
    return cases


def _filters(cast, cases) -> list[dict]:
    """The queue page's filters as they reach the walk, each alone and some together."""
    north = Team.objects.get(pk=cases["N-0001"].team_id)
    family = rulebook().rules["LOR-001"].family
    some = Finding.objects.filter(case__ref__in=("N-0001", "S-0001")).order_by("id")[:6]
    returned = [(f.case_id, f.subject_type, f.subject) for f in some] + [(cases["N-0002"].pk, "plan", "NONE")]
    managers = sorted({c.case_manager_id for c in cases.values()})
    return [
        {},
        {"overdue": True},
        {"family": family},
        {"family": "OVS" if "OVS" in {m.family for m in rulebook().rules.values()} else family, "overdue": True},
        {"case_manager": managers[0]},
        {"case_manager": managers},
        {"case_manager": []},
        {"team": north.pk},
        {"returned": returned},
        {"returned": []},
        {"team": north.pk, "overdue": True, "case_manager": managers[-1]},
    ]


def _twins(user, filters):
    return {
        WAITING: oversight_queue_in_order(user, **filters),
        INSUFFICIENT: oversight_countersigned_insufficient_in_order(user),
        FOR_REVIEW: findings_marked_for_review_in_order(user),
    }


# FIRST_ROWS 0: the statement holds only four times a window's end of a list's first rows,
# so that pages past the children at risk it holds are read again by the second statement.
@pytest.mark.parametrize("first_rows", [0, 100])
@pytest.mark.parametrize("seed", [1, 2, 3, 4])
@pytest.mark.parametrize("username", ["tm_north", "qa_lead"])
def test_every_page_of_every_queue_list_is_in_priority_orders_walk(cast, seed, username, first_rows, monkeypatch):
    monkeypatch.setattr(queues, "FIRST_ROWS", first_rows)
    cases = _caseload(cast, seed)
    user = getattr(cast, username)
    for filters in _filters(cast, cases):
        twins = _twins(user, filters)
        for per_page in (1, 3, 7):
            longest = max(len(twin) for twin in twins.values())
            for start in range(0, longest + 2 * per_page, per_page):  # and pages past the end
                window = (start, start + per_page)
                pages = oversight_queue_pages(user, windows=dict.fromkeys(twins, window), **filters)
                for name, twin in twins.items():
                    read = pages.of(name)
                    assert read.count() == twin.count(), (name, filters)
                    assert read[start : start + per_page] == twin[start : start + per_page], (name, filters, window)


@pytest.mark.parametrize("username", ["tm_north", "qa_lead"])
def test_the_caseloads_hold_children_at_risk_and_not_and_every_severity(cast, username):
    cases = _caseload(cast, 1)
    rows = oversight_queue_pages(getattr(cast, username), windows={WAITING: (0, 1000)}).of(WAITING)[0:1000]
    assert {at_risk for _, at_risk in rows} == {True, False}
    assert set(Finding.objects.filter(id__in=[pk for pk, _ in rows]).values_list("severity", flat=True)) == {
        "must",
        "should",
    }
    assert cases


def test_a_list_read_outside_its_first_window_is_read_again_in_the_same_order(cast):
    _caseload(cast, 2)
    twin = oversight_queue_in_order(cast.qa_lead)
    read = oversight_queue_pages(cast.qa_lead, windows={WAITING: (0, 2)}).of(WAITING)
    assert read[3:9] == twin[3:9] and read[0:2] == twin[0:2] and len(read) == len(twin)


def test_a_team_manager_reads_only_their_teams_cases(cast):
    cases = _caseload(cast, 3)
    rows = oversight_queue_pages(cast.tm_north, windows={WAITING: (0, 1000)}).of(WAITING)[0:1000]
    south = set(cases["S-0001"].findings.values_list("id", flat=True))
    assert rows and not south & {pk for pk, _ in rows}


SORTS = [("", "")] + [(key, order) for key in queue_order.COLUMNS for order in ("ascending", "descending")]


@pytest.mark.parametrize("seed", [1, 2])
@pytest.mark.parametrize("username", ["tm_north", "qa_lead"])
def test_every_page_of_the_queue_sorted_or_at_risk_is_the_orms_sorted_queue(cast, seed, username):
    cases = _caseload(cast, seed)
    user = getattr(cast, username)
    for filters in _filters(cast, cases):
        for at_risk in (False, True):
            twin_findings = oversight_queue(user, at_risk=at_risk, **filters)
            for sort, order in SORTS:
                if not sort and not at_risk:
                    continue  # the queue in priority order: the walk's twin (above)
                findings = queue_order.sorted_findings(twin_findings, sort, order) if sort else twin_findings
                twin = list(findings.values_list("id", "child_at_risk"))
                keys = queue_order.sort_keys(sort, order) if sort else ()
                for start in range(0, len(twin) + 8, 4):  # and a page past the end
                    pages = oversight_queue_pages(
                        user, windows={WAITING: (start, start + 4)}, order=keys, at_risk=at_risk, **filters
                    )
                    read = pages.of(WAITING)
                    assert read.count() == len(twin), (filters, sort, order, at_risk)
                    assert read[start : start + 4] == twin[start : start + 4], (filters, sort, order, at_risk, start)


def test_the_queue_sorted_by_child_puts_equal_names_in_priority_order(cast):
    cases = _caseload(cast, 3)
    Case.objects.filter(pk__in=[cases["N-0001"].pk, cases["N-0002"].pk]).update(child_name="Sam Same")
    keys = queue_order.sort_keys("child", "ascending")
    read = oversight_queue_pages(cast.tm_north, windows={WAITING: (0, 1000)}, order=keys).of(WAITING)[0:1000]
    twin = queue_order.sorted_findings(oversight_queue(cast.tm_north), "child", "ascending")
    assert read == list(twin.values_list("id", "child_at_risk"))


@pytest.mark.parametrize("with_team", [False, True])
def test_the_plain_read_of_the_queues_rows_is_its_twins(cast, with_team):
    cases = _caseload(cast, 4)
    Case.objects.filter(pk=cases["N-0001"].pk).update(child_name="<b>O'Brien</b> & \u202eSøn_%", case_manager=None)
    Case.objects.filter(pk=cases["N-0002"].pk).update(team=None)
    hostile = {"subject": "A1", "said": "<script>\"'", "list": [1, None, {"é": True}]}
    Finding.objects.filter(case=cases["N-0003"]).update(evidence=hostile, due=None)
    ids = list(Finding.objects.values_list("id", flat=True)) + [0]
    read = queues.queue_rows(ids + ids[:3], with_team=with_team)
    assert sorted(read) == sorted(queues.queue_rows_orm(ids, with_team=with_team))
    assert len(read) == len(ids) - 1 and queues.queue_rows([], with_team=with_team) == []
