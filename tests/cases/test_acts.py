"""The record as the rulebook reads it: the CMS's part with Casequality's acts merged in."""

from __future__ import annotations

from datetime import date

from casequality.cases.acts import ActState, act_states, effective_record


def act(
    ref,
    *,
    kind="countersignature",
    subject="A1",
    subject_type="assessment",
    by="S9",
    on="2013-05-07",
    outcome="approved",
    text="",
    corrects=None,
) -> dict:
    return {
        "id": ref,
        "kind": kind,
        "subject_type": subject_type,
        "subject": subject,
        "subject_version": "",
        "by": by,
        "date": on,
        "outcome": outcome,
        "text": text,
        "corrects": corrects,
        "recorded_at": "2013-05-07T10:00:00+00:00",
        "recorded_by": "tm",
    }


def record(*acts: dict, countersigned: dict | None = None, events=()) -> dict:
    return {
        "id": "C1",
        "assessments": [{"id": "A1", "date": "2013-05-02", "countersigned": countersigned}],
        "plans": [],
        "events": list(events),
        "acts": list(acts),
    }


def signed(case: dict) -> dict | None:
    return effective_record(case)["assessments"][0]["countersigned"]


def test_an_act_countersigns_an_assessment_the_cms_has_not():
    assert signed(record(act("X1")))["by"] == "S9"


def test_the_later_of_the_cms_and_an_act_stands():
    cms = {"by": "S8", "date": "2013-05-09", "outcome": "returned", "comment": "Redo."}
    assert signed(record(act("X1", on="2013-05-07"), countersigned=cms))["outcome"] == "returned"


def test_an_act_stands_over_a_different_cms_countersignature_of_the_same_day():
    cms = {"by": "S8", "date": "2013-05-07", "outcome": "returned", "comment": "Redo."}
    assert signed(record(act("X1", on="2013-05-07"), countersigned=cms))["outcome"] == "approved"


def test_an_act_the_cms_carries_is_confirmed_and_not_merged():
    cms = {"by": "S9", "date": "2013-05-07", "outcome": "approved", "comment": "From the CMS."}
    case = record(act("X1"), countersigned=cms)
    assert act_states(case) == {"X1": ActState.CONFIRMED}
    assert signed(case) == cms


def test_a_corrected_act_no_longer_counts():
    case = record(act("X1", outcome="approved"), act("X2", outcome="returned", text="Wrong case.", corrects="X1"))
    assert act_states(case) == {"X1": ActState.CORRECTED, "X2": ActState.COUNTS}
    assert signed(case)["outcome"] == "returned"


def test_an_act_dated_after_the_as_of_date_is_left_out():
    cms = {"by": "S8", "date": "2013-05-03", "outcome": "approved", "comment": ""}
    merged = effective_record(
        record(act("X1", on="2013-05-20", outcome="returned"), countersigned=cms), as_of=date(2013, 5, 10)
    )
    assert merged["assessments"][0]["countersigned"] == cms


def test_a_manager_entry_becomes_an_event_of_the_record():
    case = record(act("X1", kind="manager_entry", subject=None, subject_type="case", outcome=None, text="Seen."))
    assert effective_record(case)["events"] == [
        {"id": "X1", "type": "manager_entry", "date": "2013-05-07", "by": "S9", "detail": "Seen."}
    ]


def test_a_manager_entry_the_cms_also_holds_is_counted_once():
    cms_event = {"id": "E9", "type": "manager_entry", "date": "2013-05-07", "by": "S9", "detail": "Seen (CMS)."}
    case = record(
        act("X1", kind="manager_entry", subject=None, subject_type="case", outcome=None, text="Seen."),
        events=[cms_event],
    )
    assert effective_record(case)["events"] == [cms_event]


def test_a_request_for_oversight_of_a_withdrawn_assessment_is_not_an_event():
    case = record(act("X1", kind="oversight_request", subject="A7", outcome=None))
    assert act_states(case) == {"X1": ActState.WITHDRAWN}
    assert effective_record(case)["events"] == []


def test_a_record_without_acts_is_read_as_it_is():
    case = record()
    assert effective_record(case) is case
