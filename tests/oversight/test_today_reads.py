"""The Today lists by plain SQL (data/today.py, read through oversight.today.today_lists) are
today_for's, its ORM twin: every page of every list, item for item, for each role, on SQLite
and PostgreSQL (decision 0056)."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from casequality.accounts.selectors import cases_for_user
from casequality.cases.models import Case
from casequality.data import today as reads
from casequality.oversight.services import item_countersign, oversight_request
from casequality.oversight.today import (
    MANAGERS_OVERDUE,
    TEAM_OVERDUE,
    countersignatures_standing,
    today_for,
    today_lists,
)
from tests.web.factories import ensure_finding, import_cases


def _world(cast):
    """Actions of every owner, kind and due date, a child at risk, returned items (with and
    without their countersignature finding, sent back, approved after, on a closed case)."""
    cases = import_cases(cast, refs=("N-0001", "N-0002", "S-0001"))
    more = import_cases(cast, refs=("N-0003", "N-0004"), case_manager="S1")
    cases.update(more)
    today = timezone.localdate()
    for case in cases.values():
        ensure_finding(case, due=today - timedelta(days=4))  # OVS-001 on A1, the manager's, overdue
    Case.objects.filter(ref="N-0003").update(looked_after=True)
    days = (-9, -9, -3, -1, 0, 1, 2, 5, 12, 40, None)
    for n, delta in enumerate(days):
        for ref in ("N-0001", "N-0003", "N-0004", "N-0002", "S-0001"):
            ensure_finding(
                cases[ref],
                rule=f"LOR-00{1 + n % 3}",
                subject=f"X{n}",
                subject_type="order",
                owner=("CM", "CM,TM", "TM")[n % 3],
                kind=("finding", "task")[n % 2],
                severity=("must", "should")[(n // 2) % 2],
                due=None if delta is None else today + timedelta(days=delta),
            )
    ensure_finding(cases["S-0001"], rule="OVS-005", owner="TM", kind="finding", due=today - timedelta(days=2))
    # Returned: N-0001's A1 (its OVS-001 open and overdue), N-0003's A1 without its finding,
    # N-0004's A1 returned then sent back, N-0002's A1 returned then approved.
    for ref, reason in (("N-0001", "Add the victims' views"), ("N-0003", "Say who <b>is</b> at risk")):
        item_countersign(
            actor=cast.tm_north, item=cases[ref].assessments.get(ref="A1"), outcome="returned", comment=reason
        )
    cases["N-0003"].findings.filter(rule="OVS-001").delete()
    item_countersign(
        actor=cast.tm_north, item=cases["N-0004"].assessments.get(ref="A1"), outcome="returned", comment="Redo"
    )
    oversight_request(actor=cast.cm_a, item=cases["N-0004"].assessments.get(ref="A1"))
    item_countersign(
        actor=cast.tm_north, item=cases["N-0002"].assessments.get(ref="A1"), outcome="returned", comment="Redo"
    )
    with time_machine.travel(timezone.now() + timedelta(days=1), tick=True):
        item_countersign(actor=cast.tm_north, item=cases["N-0002"].assessments.get(ref="A1"), outcome="approved")
    return cases


def _twin_lists(user, on) -> dict[str, list]:
    """today_for's list split as the page shows it."""
    out: dict[str, list] = {}
    for item in today_for(user, on=on):
        if item.mine:
            name = item.when
        else:
            name = TEAM_OVERDUE if user.role == "team_manager" else MANAGERS_OVERDUE
        out.setdefault(name, []).append(item)
    return out


def _every_page(user, on, per_page) -> tuple[dict[str, list], dict[str, int]]:
    first = today_lists(user, on=on, per_page=per_page)
    out, counts = {}, {}
    for name, found in first.items():
        counts[name] = found.count
        items = []
        for page in range(1, found.pages + 1):
            shown = today_lists(user, on=on, pages={name: page}, per_page=per_page)[name]
            assert (shown.page, shown.count) == (page, found.count)
            items += shown.items
        if items:
            out[name] = items
    return out, counts


@pytest.mark.parametrize("username", ["cm_a", "tm_north", "tm_south", "qa_lead"])
@pytest.mark.parametrize("per_page", [2, 25])
def test_every_page_of_every_list_is_today_fors_list(cast, username, per_page):
    _world(cast)
    user = getattr(cast, username)
    on = timezone.localdate()
    pages, counts = _every_page(user, on, per_page)
    twin = _twin_lists(user, on)
    assert pages == twin
    assert {name: n for name, n in counts.items() if n} == {name: len(items) for name, items in twin.items()}


def test_the_lists_hold_returned_items_children_at_risk_and_every_kind_of_due_date(cast):
    _world(cast)
    on = timezone.localdate()
    items = [item for found in today_lists(cast.cm_a, on=on, per_page=100).values() for item in found.items]
    assert {i.when for i in items} == {"overdue", "today", "week", "later"}
    assert any(i.child_at_risk for i in items) and not all(i.child_at_risk for i in items)
    returned = {(i.case_ref, i.finding_id is not None) for i in items if i.is_returned}
    assert returned == {("N-0001", True), ("N-0003", False)}


def test_a_list_counts_its_returned_items_whatever_page_is_shown(cast):
    _world(cast)
    on = timezone.localdate()
    lists = today_lists(cast.cm_a, on=on, per_page=1)
    whole = [i for i in today_for(cast.cm_a, on=on) if i.is_returned]
    assert sum(found.returned for found in lists.values()) == len(whole) == 2


def test_a_page_past_a_lists_end_shows_its_last_page(cast):
    _world(cast)
    on = timezone.localdate()
    found = today_lists(cast.qa_lead, on=on, pages={MANAGERS_OVERDUE: 99}, per_page=2)[MANAGERS_OVERDUE]
    assert (found.asked, found.page) == (99, found.pages)
    assert found.items == today_for(cast.qa_lead, on=on)[(found.pages - 1) * 2 :]


@pytest.mark.parametrize("username", ["cm_a", "tm_north"])
def test_a_page_past_the_end_of_a_case_managers_or_team_managers_list_shows_its_last_page(cast, username):
    _world(cast)
    user = getattr(cast, username)
    on = timezone.localdate()
    found = today_lists(user, on=on, pages={"later": 99}, per_page=2)["later"]
    twin = _twin_lists(user, on)["later"]
    assert found.pages > 1 and (found.asked, found.page) == (99, found.pages)
    assert found.items == twin[(found.pages - 1) * 2 :]


@pytest.mark.parametrize("username", ["cm_a", "tm_north", "qa_lead"])
def test_the_returned_items_read_by_sql_are_those_countersignatures_standing_finds(cast, username):
    _world(cast)
    user = getattr(cast, username)
    cases = cases_for_user(user)
    scope = {"cm_a": "case_manager", "tm_north": "team", "qa_lead": "services"}[username]
    values = {
        "cm_a": [user.staff_id],
        "tm_north": [user.staff.team_id],
        "qa_lead": [user.service_id],
    }[username]
    twin = sorted(
        (c.case_id, c.subject_type, c.subject, c.on, c.by_name, c.comment)
        for c in countersignatures_standing(cases, returned_only=True)
        if c.awaits_case_manager
    )
    assert reads.returned_awaiting(scope=scope, scope_values=values) == twin
    assert twin  # the world has returned items in every scope


@pytest.mark.parametrize("username", ["cm_a", "tm_north", "qa_lead"])
def test_the_returned_items_kept_are_those_countersignatures_standing_finds(cast, username):
    _world(cast)
    user = getattr(cast, username)
    scope = {"cm_a": "case_manager", "tm_north": "team", "qa_lead": "services"}[username]
    values = {"cm_a": [user.staff_id], "tm_north": [user.staff.team_id], "qa_lead": [user.service_id]}[username]
    twin = sorted(
        (c.case_id, c.subject_type, c.subject, c.on, c.by_name, c.comment)
        for c in countersignatures_standing(cases_for_user(user), returned_only=True)
        if c.awaits_case_manager
    )
    assert reads.returned_kept(scope=scope, scope_values=values) == twin
    assert twin
