"""Small interchange documents for the standards tests (the cast's staff, see conftest)."""

from __future__ import annotations

import json
from pathlib import Path

STAFF = [
    {"id": "S1", "name": "Sam Patel", "role": "case_manager", "team": "North", "manager": "S9"},
    {"id": "S9", "name": "Alex Brown", "role": "team_manager", "team": "North", "manager": None},
]

YRO = {
    "id": "O1",
    "type": "youth_rehabilitation_order",
    "court_date": "2013-05-01",
    "start": "2013-05-01",
    "end": None,
    "custody_considered": False,
    "custody_release": None,
}


def a_case(case_id: str, name: str = "Jay Smith", **parts) -> dict:
    """A valid case record with nothing in it but what `parts` adds."""
    case = {
        "id": case_id,
        "child": {
            "name": name,
            "dob": "1997-02-03",
            "sex": "male",
            "ethnicity": "White British",
            "looked_after": False,
            "social_worker": None,
            "diversity": {"learning_style": "Visual", "slcn": "not_identified", "needs": []},
        },
        "case_manager": "S1",
        "orders": [],
        "reports": [],
        "assessments": [],
        "plans": [],
        "events": [],
    }
    case.update(parts)
    return case


def an_assessment(
    assessment_id: str,
    day: str,
    *,
    stage: str = "start",
    evidence: dict | None = None,
    rosh_level: str = "low",
    full: dict | None = None,
    author: str = "S1",
    countersigned: dict | None = None,
) -> dict:
    return {
        "id": assessment_id,
        "date": day,
        "author": author,
        "stage": stage,
        "instrument": "assetplus",
        "likelihood": {"band": "low", "evidence": evidence or {}},
        "rosh": {
            "screening": {
                "harm_related_behaviour": False,
                "current_offence": False,
                "other_behaviour": False,
                "concern_from_others": False,
                "intuitive_feelings": False,
            },
            "full": full,
            "level": rosh_level,
        },
        "vulnerability": {
            "level": "low",
            "evidence": "No concerns were raised by school, by his mother or by "
            "children's social care about his safety at home or outside.",
            "other_agency_information_used": True,
        },
        "diversity_barriers": "",
        "child_views": "I want to go back to college.",
        "parent_contributed": True,
        "countersigned": countersigned,
    }


def a_document(cases: list[dict], staff: list[dict] | None = None) -> dict:
    return {
        "format": "casequality/1",
        "service": {"code": "MAN", "name": "Manchester Youth Offending Service"},
        "staff": staff if staff is not None else STAFF,
        "cases": cases,
    }


def a_file(tmp_path: Path, cases: list[dict]) -> str:
    path = tmp_path / "cases.json"
    path.write_text(json.dumps(a_document(cases)), encoding="utf-8")
    return str(path)
