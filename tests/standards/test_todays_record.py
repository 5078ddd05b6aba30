"""The rules for today's record (APL, PDAT, OOC, VIC) read casequality/2's data through the
snapshot, and say nothing about a version 1 record."""

from __future__ import annotations

from datetime import date

import pytest

from casequality.standards.engine import Engine
from casequality.standards.snapshot import CaseSnapshot
from tests.standards.documents import YRO, a_case, an_assessment

NEW_FAMILIES = ("APL-", "PDAT-", "OOC-", "VIC-")
STAFF_ROLES = {"S1": "case_manager", "S9": "team_manager"}


def a_version_1_case() -> dict:
    """A version 1 record with what the AssetPlus rules would look at, were it a v2 one."""
    return a_case(
        "C1",
        orders=[YRO],
        assessments=[an_assessment("A1", "2013-05-08", rosh_level="medium")],
        plans=[
            {
                "id": "P1",
                "date": "2013-05-20",
                "author": "S1",
                "type": "intervention",
                "assessment": "A1",
                "objectives": [
                    {"text": "Attend college.", "addresses": ["education_training_employment"], "by": None, "who": None}
                ],
                "phases": [],
                "contingency": None,
                "agreed_with_child": True,
                "agreed_with_parent": True,
                "child_version": None,
                "countersigned": None,
                "review_by": None,
            }
        ],
        events=[
            {
                "id": "E1",
                "type": "significant_change",
                "date": "2013-05-22",
                "by": "S1",
                "detail": "Moved.",
                "kind": "address",
            }
        ],
    )


def test_the_rules_for_todays_record_say_nothing_about_a_version_1_record():
    verdicts = Engine(as_of=date(2013, 6, 17), staff_roles=STAFF_ROLES).evaluate(a_version_1_case())
    assert verdicts  # the Asset-era rules still judge it
    assert [v.rule for v in verdicts if v.rule.startswith(NEW_FAMILIES)] == []


def test_a_version_1_record_has_no_data_of_todays_record_in_its_snapshot():
    case = CaseSnapshot(a_version_1_case(), date(2013, 6, 17))
    assert (case.offences, case.out_of_court, case.diversion_assessments, case.victims, case.circumstances) == (
        [],
        [],
        [],
        [],
        [],
    )
    assert case.assessments[0].assetplus is None


def test_a_victim_the_service_learns_of_after_the_as_of_date_is_not_in_the_snapshot():
    doc = a_case("C1", victims=[{"id": "V1", "kind": "person", "identified": "2013-06-18", "consent": "not_asked"}])
    assert CaseSnapshot(doc, date(2013, 6, 17)).victims == []
    assert [v.id for v in CaseSnapshot(doc, date(2013, 6, 18)).victims] == ["V1"]


def test_a_panel_and_decision_dated_after_the_as_of_date_have_not_happened_yet():
    doc = a_case(
        "C1",
        out_of_court=[
            {
                "id": "OC1",
                "type": "youth_caution",
                "referred": "2013-05-01",
                "panel_date": "2013-06-20",
                "decision_date": "2013-06-20",
            }
        ],
    )
    outcome = CaseSnapshot(doc, date(2013, 6, 17)).out_of_court[0]
    assert (outcome.panel_date, outcome.decision_date) == (None, None)


def test_an_assetplus_stage_completed_after_the_as_of_date_reads_as_not_completed():
    assessment = an_assessment("A1", "2013-05-02")
    assessment["assetplus"] = {
        "trigger": "start",
        "stages": {
            "information_gathering": {"completed": "2013-05-10", "by": "S1"},
            "pathways_planning": {"completed": "2013-06-20", "by": "S1"},
        },
    }
    detail = CaseSnapshot(a_case("C1", assessments=[assessment]), date(2013, 6, 17)).assessments[0].assetplus
    assert detail.completed["information_gathering"] == date(2013, 5, 10)
    assert detail.completed["pathways_planning"] is None


def test_consent_dated_after_the_as_of_date_had_not_been_asked_on_it():
    doc = a_case(
        "C1",
        victims=[
            {"id": "V1", "kind": "person", "identified": "2013-05-01", "consent": "given", "consent_date": "2013-06-20"}
        ],
    )
    assert CaseSnapshot(doc, date(2013, 6, 17)).victims[0].consent == "not_asked"


def test_the_yaml_cases_of_todays_record_have_the_shape_the_importer_accepts():
    # The YAML cases are minimal records (as for version 1): keys they leave out are not
    # checked here, but every value they give must be one a casequality/2 file may carry.
    from casequality.cases.interchange import FORMAT, validate_case
    from casequality.standards import examples

    problems = []
    for family, entry in examples.load_entries():
        if family not in ("apl", "pdat", "ooc", "vic"):
            continue
        case = examples.case_record(entry)
        problems += [
            (entry["name"], str(p))
            for p in validate_case(case, 0, staff_ids=set(examples.STAFF_ROLES), fmt=FORMAT)
            if "required key is missing" not in str(p)
        ]
    assert problems == []


def test_a_pdat_start_date_that_is_not_a_date_is_refused():
    from casequality.standards.rulebook import RulebookError, effective_parameters

    with pytest.raises(RulebookError, match="not a date"):
        effective_parameters({"pdat_in_use_from": "April 2024"})
