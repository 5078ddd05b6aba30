"""The Today list (oversight/today.py): each person's actions across their cases, in order."""

from __future__ import annotations

from datetime import date, timedelta

import time_machine
from django.utils import timezone

from casequality.cases.models import Assessment, Event, Plan, Staff
from casequality.data import reads
from casequality.oversight.services import item_countersign, oversight_request
from casequality.oversight.today import (
    TodayItem,
    countersignatures_of_items,
    countersignatures_standing,
    today_for,
    when_words,
)
from tests.web.factories import ensure_finding, import_cases


def _today():
    return timezone.localdate()


def _evaluated(cases: dict) -> dict:
    """The OVS-001 task the rulebook raises on each case's assessment A1 (not countersigned)."""
    for case in cases.values():
        ensure_finding(case)
    return cases


def _keys(items: list[TodayItem]) -> list[tuple[str, str]]:
    return [(i.case_ref, i.rule) for i in items]


def test_a_case_manager_sees_the_case_manager_actions_of_their_own_cases_only(cast):
    cases = import_cases(cast)
    ensure_finding(cases["N-0001"], rule="LOR-003", owner="CM", kind="finding", severity="should")
    ensure_finding(cases["N-0002"], rule="LOR-003", owner="CM", kind="finding", severity="should")
    items = today_for(cast.cm_a, on=_today())
    assert ("N-0001", "LOR-003") in _keys(items)
    assert all(i.case_ref == "N-0001" for i in items)
    assert all(i.rule != "OVS-001" for i in items)  # the manager's, not theirs


def test_overdue_comes_first_longest_overdue_first(cast):
    cases = import_cases(cast, refs=("N-0001", "N-0003", "N-0004"), case_manager="S1")
    today = _today()
    ensure_finding(cases["N-0001"], rule="LOR-001", owner="CM", kind="finding", due=today - timedelta(days=1))
    ensure_finding(cases["N-0003"], rule="LOR-001", owner="CM", kind="finding", due=today - timedelta(days=9))
    ensure_finding(cases["N-0004"], rule="LOR-001", owner="CM", kind="task", due=today)
    items = [i for i in today_for(cast.cm_a, on=today) if i.rule == "LOR-001"]
    assert [(i.case_ref, i.when, i.days_overdue) for i in items] == [
        ("N-0003", "overdue", 9),
        ("N-0001", "overdue", 1),
        ("N-0004", "today", 0),
    ]


def test_a_row_says_what_to_do_in_plain_words_and_names_the_child(cast):
    cases = import_cases(cast)
    ensure_finding(cases["N-0001"], rule="LOR-003", owner="CM", kind="finding", severity="should")
    item = next(i for i in today_for(cast.cm_a, on=_today()) if i.rule == "LOR-003")
    assert item.what == "Add evidence to each section scored 2 or more."
    assert (item.child_name, item.child_initials) == ("Jordan Example", "JE")
    assert item.waiting_on == "Alex Brown (your team manager)"


def test_when_is_said_in_days_overdue_or_as_a_date(cast):
    cases = import_cases(cast)
    today = date(2026, 12, 2)
    ensure_finding(cases["N-0001"], rule="LOR-001", owner="CM", kind="finding", due=today - timedelta(days=3))
    ensure_finding(cases["N-0001"], rule="PLAN-001", owner="CM", kind="task", due=date(2026, 12, 8))
    words = {i.rule: when_words(i) for i in today_for(cast.cm_a, on=today)}
    assert words["LOR-001"] == "3 days overdue"
    assert words["PLAN-001"] == "due 8 December 2026"


def _return(cast, cases, reason="Add what the victims said"):
    item = cases["N-0001"].assessments.get(ref="A1")
    return item_countersign(actor=cast.tm_north, item=item, outcome="returned", comment=reason)


def test_a_returned_item_is_the_case_managers_with_the_managers_full_name_and_reason(cast):
    cases = import_cases(cast)
    _return(cast, cases)
    item = next(i for i in today_for(cast.cm_a, on=_today()) if i.returned_on)
    assert (item.case_ref, item.subject, item.returned_by) == ("N-0001", "A1", "Alex Brown")
    assert item.returned_reason == "Add what the victims said"
    assert item.returned_on == _today()
    assert item.mine


def test_a_returned_item_leaves_the_managers_own_list(cast):
    cases = _evaluated(import_cases(cast))
    assert ("N-0001", "OVS-001") in _keys(today_for(cast.tm_north, on=_today()))
    _return(cast, cases)
    own = [i for i in today_for(cast.tm_north, on=_today()) if i.mine]
    assert ("N-0001", "OVS-001") not in _keys(own)


def test_a_returned_item_sent_back_for_countersignature_is_the_managers_again(cast):
    cases = _evaluated(import_cases(cast))
    _return(cast, cases)
    oversight_request(actor=cast.cm_a, item=cases["N-0001"].assessments.get(ref="A1"))
    assert not [i for i in today_for(cast.cm_a, on=_today()) if i.returned_on]
    assert ("N-0001", "OVS-001") in _keys(today_for(cast.tm_north, on=_today()))


def test_a_team_manager_sees_their_own_actions_and_their_teams_overdue_ones(cast):
    cases = _evaluated(import_cases(cast))
    today = _today()
    ensure_finding(cases["N-0002"], rule="LOR-001", owner="CM", kind="finding", due=today - timedelta(days=2))
    ensure_finding(cases["N-0002"], rule="PLAN-001", owner="CM", kind="task", due=today + timedelta(days=2))
    ensure_finding(cases["S-0001"], rule="LOR-001", owner="CM", kind="finding", due=today - timedelta(days=2))
    items = today_for(cast.tm_north, on=today)
    team = [(i.case_ref, i.rule, i.action_by) for i in items if not i.mine]
    assert team == [("N-0002", "LOR-001", "Chris Wood")]
    assert {i.case_ref for i in items if i.mine} == {"N-0001", "N-0002"}
    assert all(i.rule == "OVS-001" for i in items if i.mine)


def test_a_qa_lead_sees_the_managers_overdue_actions_across_the_service(cast):
    cases = import_cases(cast)
    today = _today()
    ensure_finding(cases["S-0001"], rule="OVS-005", owner="TM", kind="finding", due=today - timedelta(days=4))
    items = today_for(cast.qa_lead, on=today)
    assert [(i.case_ref, i.rule, i.action_by, i.mine) for i in items] == [("S-0001", "OVS-005", "Jo Green", False)]


def test_the_board_an_inspector_and_an_administrator_have_no_today_list(cast):
    import_cases(cast)
    for user in (cast.board, cast.inspector, cast.admin):
        assert today_for(user, on=_today()) == []


def test_an_approval_after_a_return_stands_and_the_item_is_no_longer_returned(cast):
    cases = _evaluated(import_cases(cast))
    _return(cast, cases)
    item = cases["N-0001"].assessments.get(ref="A1")
    with time_machine.travel(timezone.now() + timedelta(days=1), tick=True):
        item_countersign(actor=cast.tm_north, item=item, outcome="approved")
        tomorrow = _today()
    (standing,) = countersignatures_standing([cases["N-0001"].pk])
    assert (standing.outcome, standing.by_name, standing.on) == ("approved", "Alex Brown", tomorrow)
    assert not [i for i in today_for(cast.cm_a, on=tomorrow) if i.returned_on]


def test_the_case_page_reads_who_countersigned_in_three_queries(cast, django_assert_max_num_queries):
    cases = import_cases(cast)
    with django_assert_max_num_queries(3):
        assert countersignatures_standing([cases["N-0001"].pk]) == []


def test_the_countersignatures_of_items_already_read_are_those_countersignatures_standing_reads(cast):
    cases = import_cases(cast)
    today, signer = _today(), Staff.objects.get(service=cast.service, ref="S9")
    north = [cases["N-0001"].pk, cases["N-0002"].pk]
    first = Assessment.objects.filter(case_id=north[0]).first()
    Assessment.objects.create(case_id=north[0], ref="A1", date=today, stage="review", instrument="assetplus")
    Assessment.objects.filter(case_id=north[0]).update(
        countersigned_by=signer, countersigned_date=today, countersigned_outcome="returned", countersigned_comment="Why"
    )
    Assessment.objects.filter(pk=first.pk).update(countersigned_outcome="approved")
    Plan.objects.create(case_id=north[1], ref="P9", date=today, type="intervention", countersigned_date=today,
                        countersigned_outcome="returned", countersigned_comment="More")  # fmt: skip
    Event.objects.create(case_id=north[1], ref="E9", date=today, type="oversight_request", extra={"subject": "P9"})
    read = countersignatures_of_items(*(reads.page_records(key, north[::-1]) for key in ("assessments", "plans")))
    assert [c.subject for c in read] == ["A1", "A1", "P9"]  # a ref given twice: both, as the model reads them
    assert read == countersignatures_standing(north)


def test_the_countersignatures_of_items_already_read_cost_no_query(cast, django_assert_num_queries):
    cases = import_cases(cast)
    Assessment.objects.filter(case=cases["N-0001"]).update(
        countersigned_by=Staff.objects.get(service=cast.service, ref="S9"),
        countersigned_date=_today(),
        countersigned_outcome="approved",
    )
    assessments = reads.page_records("assessments", [cases["N-0001"].pk])
    with django_assert_num_queries(0):
        (standing,) = countersignatures_of_items(assessments, [])
    assert (standing.outcome, standing.by_name) == ("approved", "Alex Brown")
