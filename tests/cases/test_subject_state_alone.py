"""One assessment's or plan's state read alone (subject_state) is the one the whole case
document gives: the same record, the same acts, hence the same version, which the
countersigning's optimistic concurrency compares."""

from __future__ import annotations

import json
from datetime import date

import pytest

from casequality.cases.acts import SUBJECT_LISTS
from casequality.cases.models import Case, Staff
from casequality.cases.selectors import SubjectState, case_document, subject_state
from casequality.cases.services import act_record, interchange_import_document
from tests.cases.documents import example_v21_document

ON = date(2026, 12, 1)


def from_whole_document(case: Case, subject_type: str, ref: str) -> SubjectState:
    """The state as it was read before: picked out of the whole case document."""
    document = case_document(case)
    record = next((r for r in document.get(SUBJECT_LISTS[subject_type], ()) if r["id"] == ref), None)
    acts = [a for a in document.get("acts", ()) if a["subject_type"] == subject_type and a["subject"] == ref]
    return SubjectState(subject_type=subject_type, ref=ref, record=record, acts=acts)


def _versions_of_one_plan_type() -> list[dict]:
    """Three intervention plans of one case, as a CMS sends each new version of the plan."""
    plans = []
    for number, day in ((3, "2013-01-05"), (4, "2013-02-05"), (5, "2013-03-05")):
        plans.append(
            {"id": f"P{number}", "date": day, "author": "S1", "type": "intervention", "assessment": "A2",
             "objectives": [{"who": "Jordan", "by": None, "addresses": ["lifestyle"], "text": f"Version {number} «é»"}],
             "phases": ["community"], "contingency": None, "agreed_with_child": number != 4,
             "agreed_with_parent": False, "child_version": None, "countersigned": None, "review_by": None}
        )  # fmt: skip
    return plans


def _third_case(document: dict) -> dict:
    """A third case: a copy of the full one with its two assessments and its first plan."""
    case = json.loads(json.dumps(document["cases"][0]))
    case["id"] = "MAN-0003"
    case["case_manager"] = "S3"
    case["plans"] = case["plans"][:1]
    for key in ("serious_incidents", "mappa_eligibility"):
        case.pop(key, None)
    return case


@pytest.fixture
def acted_on(cast) -> dict[str, Case]:
    """Three varied cases imported, then acted on in Casequality: countersignatures, a
    return, a correction, manager entries, requests for oversight, an act on a case."""
    document = example_v21_document()
    document["cases"][0]["plans"].extend(_versions_of_one_plan_type())
    document["cases"].append(_third_case(document))
    interchange_import_document(document)
    cases = {case.ref: case for case in Case.objects.filter(service=cast.service)}
    full, third = cases["MAN-0001"], cases["MAN-0003"]
    s9, s8 = Staff.objects.get(ref="S9"), Staff.objects.get(ref="S8")

    def act(case, kind, subject_type, subject_ref="", **kwargs):
        by = kwargs.pop("by", s9)
        return act_record(
            case=case, kind=kind, subject_type=subject_type, subject_ref=subject_ref, by=by, on=ON,
            recorded_by="tm_north", **kwargs,
        )  # fmt: skip

    signed = act(full, "countersignature", "plan", "P1", outcome="approved", text="Good plan.")
    act(full, "countersignature", "plan", "P1", outcome="returned", text="Signed the wrong plan.", corrects=signed)
    act(full, "countersignature", "plan", "P4", outcome="returned", text="Not agreed with Jordan.")
    act(full, "countersignature", "plan", "P5", outcome="approved")
    act(full, "countersignature", "assessment", "A1", outcome="approved", text="Over the CMS's signature.")
    act(full, "manager_entry", "assessment", "A2", text="Discussed in supervision.")
    act(full, "oversight_request", "plan", "P2", text="Please look again.")
    act(full, "manager_entry", "case", text="About the case, not a record.")
    act(third, "countersignature", "assessment", "A2", outcome="returned", text="Add the victim's views.", by=s8)
    return cases


def subjects(case: Case) -> list[tuple[str, str]]:
    document = case_document(case)
    return [(kind, record["id"]) for kind, key in SUBJECT_LISTS.items() for record in document.get(key, ())]


def test_every_assessment_and_plan_read_alone_has_the_record_acts_and_version_of_the_whole_document(acted_on):
    compared = 0
    for case in acted_on.values():
        for subject_type, ref in subjects(case):
            alone = subject_state(case=case, subject_type=subject_type, ref=ref)
            whole = from_whole_document(case, subject_type, ref)
            assert (alone.record, alone.acts, alone.version) == (whole.record, whole.acts, whole.version)
            compared += 1
    assert compared == 10  # MAN-0001: 2 assessments and 5 plans; MAN-0003: 2 and 1; MAN-0002: none


def test_the_acts_read_alone_include_a_corrected_act_and_its_correction_in_the_order_recorded(acted_on):
    alone = subject_state(case=acted_on["MAN-0001"], subject_type="plan", ref="P1")
    assert [(a["outcome"], a["corrects"] is not None) for a in alone.acts] == [("approved", False), ("returned", True)]
    assert alone.acts == from_whole_document(acted_on["MAN-0001"], "plan", "P1").acts


def test_a_subject_the_cms_has_withdrawn_is_read_alone_with_no_record_and_its_acts(acted_on, cast):
    document = example_v21_document()
    document["cases"] = [document["cases"][0]]
    document["cases"][0]["plans"] = document["cases"][0]["plans"][:1]  # P2 .. P5 withdrawn
    interchange_import_document(document)
    case = acted_on["MAN-0001"]
    for ref in ("P2", "P4", "P5"):
        alone = subject_state(case=case, subject_type="plan", ref=ref)
        whole = from_whole_document(case, "plan", ref)
        assert alone.record is None
        assert (alone.acts, alone.version) == (whole.acts, whole.version)
        assert alone.acts


def test_an_unknown_ref_gives_no_record_and_no_acts(acted_on):
    alone = subject_state(case=acted_on["MAN-0001"], subject_type="assessment", ref="A99")
    assert (alone.record, alone.acts) == (None, [])
    assert alone.version == from_whole_document(acted_on["MAN-0001"], "assessment", "A99").version


def test_an_act_on_the_case_is_never_an_acts_of_a_subject_with_an_empty_ref(acted_on):
    alone = subject_state(case=acted_on["MAN-0001"], subject_type="assessment", ref="")
    assert (alone.record, alone.acts) == (None, [])


def test_one_items_state_is_read_with_two_queries(acted_on, django_assert_num_queries):
    with django_assert_num_queries(2):
        subject_state(case=acted_on["MAN-0001"], subject_type="plan", ref="P1")
