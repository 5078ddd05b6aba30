"""A small valid interchange document with every record type and every event type.

Its staff are the test cast's (tests/conftest.py), so it imports on top of `cast`.
Every call returns a fresh copy that a test may change.
"""

from __future__ import annotations

import json
from pathlib import Path

SECTIONS = [
    "living_arrangements", "family_relationships", "education_training_employment", "neighbourhood",
    "lifestyle", "substance_use", "physical_health", "emotional_mental_health",
    "perception_of_self_and_others", "thinking_and_behaviour", "attitudes_to_offending", "motivation_to_change",
]  # fmt: skip

STAFF = [
    {"id": "S9", "name": "Alex Brown", "role": "team_manager", "team": "North", "manager": None},
    {"id": "S8", "name": "Jo Green", "role": "team_manager", "team": "South", "manager": None},
    {"id": "S1", "name": "Sam Patel", "role": "case_manager", "team": "North", "manager": "S9"},
    {"id": "S2", "name": "Chris Wood", "role": "case_manager", "team": "North", "manager": "S9"},
    {"id": "S3", "name": "Pat Khan", "role": "case_manager", "team": "South", "manager": "S8"},
    {"id": "S20", "name": "Robin Hale", "role": "qa_lead", "team": None, "manager": None},
    {"id": "S21", "name": "Lee Inspector", "role": "inspector", "team": None, "manager": None},
]

SCREENING = {
    "harm_related_behaviour": True, "current_offence": True, "other_behaviour": False,
    "concern_from_others": False, "intuitive_feelings": False,
}  # fmt: skip

FULL_CASE = {
    "id": "MAN-0001",
    "child": {
        "name": "Jordan Example",
        "dob": "1997-03-14",
        "sex": "male",
        "ethnicity": "White British",
        "looked_after": True,
        "social_worker": "Dana Social",
        "diversity": {"learning_style": "Learns best by doing", "slcn": "identified", "needs": ["dyslexia", "ADHD"]},
    },
    "case_manager": "S1",
    "orders": [
        {"id": "O1", "type": "detention_and_training_order", "court_date": "2012-10-01", "start": "2012-10-01",
         "end": None, "custody_considered": True, "custody_release": "2013-02-01"},
        {"id": "O2", "type": "referral_order", "court_date": "2012-05-01", "start": "2012-05-02",
         "end": "2012-09-30", "custody_considered": False, "custody_release": None},
    ],
    "reports": [
        {"id": "R1", "type": "pre_sentence_report", "order": "O1", "requested": True, "not_requested_reason": None,
         "yos_challenged": None, "date": "2012-09-20", "author": "S1",
         "text": "Jordan accepts responsibility for the offence.", "discussed_with_child": True,
         "discussed_with_parent": False},
        {"id": "R2", "type": "panel_report", "order": "O2", "requested": False,
         "not_requested_reason": "Court proceeded without a report", "yos_challenged": True, "date": None,
         "author": None, "text": None, "discussed_with_child": False, "discussed_with_parent": False},
    ],
    "assessments": [
        {"id": "A1", "date": "2012-10-10", "author": "S1", "stage": "start", "instrument": "asset",
         "likelihood": {"band": "medium", "scores": {section: 2 for section in SECTIONS}, "static_score": 6,
                        "evidence": {"living_arrangements": "Lives with his grandmother.",
                                     "lifestyle": "Spends evenings with older peers who offend."}},
         "rosh": {"screening": SCREENING,
                  "full": {"date": "2012-10-12", "nature_of_harm": "Physical injury in a street robbery",
                           "who_at_risk": "Members of the public", "victims": "Young men in the city centre",
                           "imminence": "Not imminent", "risk_factors": "Alcohol, peers",
                           "protective_factors": "Grandmother, football"},
                  "level": "high"},
         "vulnerability": {"level": "medium", "evidence": "Bullied at school.", "other_agency_information_used": True},
         "diversity_barriers": "Dyslexia: written material read with him.",
         "child_views": "I want to stay out of trouble.",
         "parent_contributed": True,
         "countersigned": {"by": "S9", "date": "2012-10-15", "outcome": "approved", "comment": "Thorough."}},
        {"id": "A2", "date": "2013-01-10", "author": "S1", "stage": "review", "instrument": "assetplus",
         "likelihood": {"band": "low", "evidence": {}},
         "rosh": {"screening": SCREENING, "full": None, "level": "medium"},
         "vulnerability": {"level": "low", "evidence": "Settled.", "other_agency_information_used": False},
         "diversity_barriers": "", "child_views": None, "parent_contributed": False, "countersigned": None},
    ],
    "plans": [
        {"id": "P1", "date": "2012-10-20", "author": "S1", "type": "intervention", "assessment": "A1",
         "objectives": [{"text": "Attend college three days a week", "addresses": ["education_training_employment"],
                         "by": "2013-01-01", "who": "Jordan and his ETE worker"},
                        {"text": "Keep to curfew", "addresses": ["compliance", "rosh"], "by": None, "who": None}],
         "phases": ["custody", "community"], "contingency": None, "agreed_with_child": True,
         "agreed_with_parent": True, "child_version": "I will go to college.", "countersigned": None,
         "review_by": "2013-01-20"},
        {"id": "P2", "date": "2012-10-21", "author": "S1", "type": "risk_management", "assessment": None,
         "objectives": [], "phases": [], "contingency": "Recall if he contacts the victim.",
         "agreed_with_child": False, "agreed_with_parent": False, "child_version": None,
         "countersigned": {"by": "S9", "date": "2012-10-25", "outcome": "returned", "comment": "Add victim safety."},
         "review_by": None},
    ],
    "events": [
        {"id": "E1", "type": "contact", "date": "2012-10-02", "by": "S1", "detail": "Seen at the office.",
         "kind": "office"},
        {"id": "E2", "type": "failure_to_comply", "date": "2012-10-09", "by": "S1", "detail": "Missed appointment.",
         "acceptable": False},
        {"id": "E3", "type": "warning", "date": "2012-10-10", "by": "S1", "detail": "First warning."},
        {"id": "E4", "type": "compliance_panel", "date": "2012-10-16", "by": "S9", "detail": "Panel held.",
         "outcome": "Agreed to attend."},
        {"id": "E5", "type": "breach", "date": "2012-11-01", "by": "S1", "detail": "Third failure.",
         "decision": "alternative_strategy", "manager_agreed": True},
        {"id": "E6", "type": "panel_meeting", "date": "2012-05-10", "by": "S2", "detail": "Initial panel.",
         "kind": "initial"},
        {"id": "E7", "type": "significant_change", "date": "2013-02-01", "by": None, "detail": "Released.",
         "kind": "release"},
        {"id": "E8", "type": "oversight_request", "date": "2012-10-11", "by": "S1", "detail": "Please review.",
         "subject": "A1"},
        {"id": "E9", "type": "manager_entry", "date": "2012-10-14", "by": "S9", "detail": "Discussed in supervision."},
        {"id": "E10", "type": "mappa", "date": "2012-10-13", "by": "S1", "detail": "Eligible.",
         "category": 2, "level": 1},
        {"id": "E11", "type": "referral", "date": "2012-10-18", "by": "S1", "detail": "To CAMHS.", "to": "health"},
        {"id": "E12", "type": "transfer", "date": "2013-02-02", "by": "S9", "detail": "Moved to Sam.",
         "from": "S2", "to": "S1"},
        {"id": "E13", "type": "closed", "date": "2013-03-01", "by": "S1", "detail": "Order ended."},
        {"id": "E14", "type": "closed", "date": "2013-04-01", "by": "S1", "detail": "Closed again after reopening."},
    ],
}  # fmt: skip

SMALL_CASE = {
    "id": "MAN-0002",
    "child": {
        "name": "Riley Sample", "dob": "1998-07-01", "sex": "female", "ethnicity": "Mixed",
        "looked_after": False, "social_worker": None,
        "diversity": {"learning_style": None, "slcn": "not_assessed", "needs": []},
    },
    "case_manager": "S3",
    "orders": [{"id": "O1", "type": "youth_caution", "court_date": "2013-01-05", "start": "2013-01-05",
                "end": None, "custody_considered": False, "custody_release": None}],
    "reports": [],
    "assessments": [],
    "plans": [],
    "events": [{"id": "E1", "type": "contact", "date": "2013-01-06", "by": "S3", "detail": "Home visit.",
                "kind": "home_visit"}],
}  # fmt: skip


def example_document() -> dict:
    """A fresh valid document: service MAN, the cast's staff, two cases."""
    # Through JSON rather than deepcopy, which would keep shared parts (SCREENING) shared.
    return json.loads(
        json.dumps(
            {
                "format": "casequality/1",
                "service": {"code": "MAN", "name": "Manchester Youth Offending Service"},
                "staff": STAFF,
                "cases": [FULL_CASE, SMALL_CASE],
            }
        )
    )


def write_document(path: Path, document: dict) -> Path:
    """Write `document` as a JSON file at `path` and return the path."""
    path.write_text(json.dumps(document, indent=1), encoding="utf-8")
    return path


V2_LISTS = ("offences", "out_of_court", "diversion_assessments", "victims", "circumstances")
# Format 2.1's lists (decision 0053).
V21_LISTS = ("serious_incidents", "mappa_eligibility")


def as_exported(document: dict) -> dict:
    """A version 1 document as `casequality export` writes it: format 2, with its keys (an
    assessment's `assetplus`, a case's lists of today's record, the board meetings) empty
    where the file had none (acts where a case has any)."""
    document = json.loads(json.dumps(document))
    cases = []
    for case in document.pop("cases"):
        acts = case.pop("acts", None)
        for assessment in case["assessments"]:
            assessment.setdefault("assetplus", None)
        for key in (*V2_LISTS, *V21_LISTS):
            case.setdefault(key, [])
        if acts:
            case["acts"] = acts
        cases.append(case)
    document.setdefault("board_meetings", [])
    return {**document, "format": "casequality/2.1", "cases": cases}


def as_format_1(document: dict, fmt: str = "casequality/1") -> dict:
    """A format 2 document (an export) as a format 1 or 1.1 file says it: without format 2's keys."""
    document = json.loads(json.dumps(document))
    document.pop("board_meetings", None)
    for case in document["cases"]:
        for key in (*V2_LISTS, *V21_LISTS):
            case.pop(key, None)
        for assessment in case["assessments"]:
            assessment.pop("assetplus", None)
    return {**document, "format": fmt}


# --- format 2: the record of today (docs/case-format.md, "Version 2") ----------------------

BOARD_MEETINGS = [
    {
        "date": "2013-01-14",
        "attendance": {
            "local_authority_childrens_services": True,
            "police": True,
            "probation": False,
            "health": True,
            "education": None,
        },
    },
    {
        "date": "2013-04-15",
        "attendance": {
            "local_authority_childrens_services": True,
            "police": False,
            "probation": True,
            "health": True,
            "education": True,
        },
    },
]

ASSETPLUS = {
    "trigger": "significant_change",
    "significant_change": "E7",
    "stages": {
        "information_gathering": {"completed": "2013-01-05", "by": "S1"},
        "explanations_conclusions": {"completed": "2013-01-08", "by": "S1"},
        "pathways_planning": {"completed": "2013-01-10", "by": "S1"},
        "self_assessment": {"completed": None, "by": None},
    },
    "rationale": {
        "likelihood_of_reoffending": "Offends with older peers when drinking.",
        "safety_wellbeing": "Settled with his grandmother.",
        "rosh": "Robbery with a knife in 2012.",
    },
    "desistance_factors": ["Football with the youth club", "His grandmother"],
    "intervention_level": "enhanced",
    "child_self_assessment": "I get on with my nan.",
    "parent_self_assessment": None,
}

V2_RECORDS = {
    "offences": [
        {"id": "OF1", "date": "2012-04-20", "description": "Robbery", "gravity": 6, "serious_violence": True},
        {"id": "OF2", "date": "2012-03-01", "description": "Theft from a shop", "gravity": 2,
         "serious_violence": False},
    ],
    "out_of_court": [
        {"id": "OC1", "type": "youth_conditional_caution", "offence": "OF2", "referred": "2012-03-05",
         "panel_date": "2012-03-15", "decision_date": "2012-03-15", "order": "O2", "intervention": True,
         "start": "2012-03-16", "end": "2012-06-16", "completed": True, "first_time_entrant": True},
    ],
    "diversion_assessments": [
        {"id": "PD1", "date": "2012-03-12", "author": "S2", "out_of_court": "OC1",
         "circumstances": "Lives with his grandmother; attends school part time.",
         "behaviour": "Took food from a shop with friends.",
         "child_plan": {"strengths": "Football", "help_wanted": "Help with school", "who_will_help": "My nan"},
         "professional_plan": "Two sessions on consequences; school attendance support.",
         "safety_wellbeing": "medium",
         "exit_plan": {"date": "2012-06-14", "work_done": "Six sessions.", "what_worked": "Football sessions.",
                       "safety_wellbeing": "low", "next_steps": "Youth club."},
         "countersigned": {"by": "S9", "date": "2012-03-13", "outcome": "approved", "comment": "Agreed."}},
    ],
    "victims": [
        {"id": "V1", "offence": "OF1", "kind": "person", "identified": "2012-10-02", "contact_offered": "2012-10-05",
         "consent": "given", "consent_date": "2012-10-08", "views_sought": "2012-10-09",
         "views": "Wants him to know the harm done.", "rj_offered": "2012-10-20", "rj_engaged": True,
         "rj_done": "2012-11-20", "rj_kind": "indirect", "safety_plan_needed": True, "safety_plan": "2012-10-12",
         "worker": "S2"},
        {"id": "V2", "offence": None, "kind": "business", "identified": "2012-03-06", "contact_offered": None,
         "consent": "not_asked", "consent_date": None, "views_sought": None, "views": None, "rj_offered": None,
         "rj_engaged": None, "rj_done": None, "rj_kind": None, "safety_plan_needed": False, "safety_plan": None,
         "worker": None},
    ],
    "circumstances": [
        {"date": "2012-10-01", "point": "start", "of": "O1",
         "accommodation": {"type": "relative_or_friend", "suitable": True},
         "ete": {"status": "part_time", "suitable": False, "hours": 12},
         "send": {"need": "identified", "plan": "ehcp"},
         "mental_health": {"screened": True, "need": True, "offered": True, "attended": False},
         "substance_misuse": {"screened": True, "need": False, "offered": False, "attended": False},
         "wider_services": ["looked_after"]},
        {"date": "2012-06-16", "point": "end", "of": "OC1", "accommodation": None, "ete": None, "send": None,
         "mental_health": None, "substance_misuse": None, "wider_services": None},
    ],
}  # fmt: skip


def example_v2_document() -> dict:
    """A fresh valid format 2 document: the example's two cases, the first with every v2 record."""
    document = example_document()
    document["format"] = "casequality/2"
    document["board_meetings"] = json.loads(json.dumps(BOARD_MEETINGS))
    full = document["cases"][0]
    full["assessments"][1]["assetplus"] = json.loads(json.dumps(ASSETPLUS))
    full["assessments"][0]["assetplus"] = None
    full["plans"][0]["objectives"][0]["addresses"].append("desistance")
    full.update(json.loads(json.dumps(V2_RECORDS)))
    return document


V21_RECORDS = {
    "serious_incidents": [
        {"id": "SI1", "category": "grievous_bodily_harm", "date": "2012-07-02", "aware": "2012-07-03",
         "offence": "OF1", "notified": "2012-07-04", "review_completed": "2012-07-30",
         "review_learning": "Exploitation concerns known to the police were not shared at the last review."},
    ],
    "mappa_eligibility": [
        {"id": "M1", "category": 2, "from": "2012-06-07", "basis": "Violent offence; 12 months' custody or more."},
    ],
}  # fmt: skip


def example_v21_document() -> dict:
    """A fresh valid format 2.1 document: the format 2 example with a serious incident and MAPPA eligibility."""
    document = example_v2_document()
    document["format"] = "casequality/2.1"
    document["cases"][0].update(json.loads(json.dumps(V21_RECORDS)))
    return document
