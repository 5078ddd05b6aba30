"""Cases for the web tests, imported through the interchange format on top of the test cast.

Three cases: N-0001 (cm_a, North), N-0002 (cm_b, North) and S-0001 (cm_c, South). Each
has a referral order and a start assessment with risk of harm `medium` and a full RoSH
assessment, not countersigned: what OVS-001 puts in the team manager's queue.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from casequality.cases.models import Case
from casequality.cases.services import interchange_import_document
from casequality.standards.models import Finding
from casequality.standards.services import case_urgency_refresh

CHILD_NAMES = {"N-0001": "Jordan Example", "N-0002": "Riley Sample", "S-0001": "Casey Southward"}
CASE_MANAGERS = {"N-0001": "S1", "N-0002": "S2", "S-0001": "S3"}


def _day(days_ago: int) -> str:
    return (timezone.localdate() - timedelta(days=days_ago)).isoformat()


def case_document(ref: str, case_manager: str, child_name: str, *, assessment_days_ago: int = 3) -> dict:
    return {
        "id": ref,
        "child": {
            "name": child_name,
            "dob": "2010-03-14",
            "sex": "male",
            "ethnicity": "White British",
            "looked_after": False,
            "social_worker": None,
            "diversity": {"learning_style": None, "slcn": "not_assessed", "needs": []},
        },
        "case_manager": case_manager,
        "orders": [
            {
                "id": "O1",
                "type": "referral_order",
                "court_date": _day(30),
                "start": _day(28),
                "end": None,
                "custody_considered": False,
                "custody_release": None,
            }
        ],
        "reports": [],
        "assessments": [
            {
                "id": "A1",
                "date": _day(assessment_days_ago),
                "author": case_manager,
                "stage": "start",
                "instrument": "assetplus",
                "likelihood": {
                    "band": "medium",
                    "evidence": {"lifestyle": "Spends evenings with older peers who offend."},
                },
                "rosh": {
                    "screening": {
                        "harm_related_behaviour": True,
                        "current_offence": True,
                        "other_behaviour": False,
                        "concern_from_others": False,
                        "intuitive_feelings": False,
                    },
                    "full": {
                        "date": _day(assessment_days_ago),
                        "nature_of_harm": "Physical injury in a street robbery",
                        "who_at_risk": "Members of the public",
                        "victims": "Young men in the city centre",
                        "imminence": "Not imminent",
                        "risk_factors": "Alcohol, peers",
                        "protective_factors": "Grandmother, football",
                    },
                    "level": "medium",
                },
                "vulnerability": {
                    "level": "low",
                    "evidence": "Settled at home.",
                    "other_agency_information_used": True,
                },
                "diversity_barriers": "",
                "child_views": "I want to stay out of trouble.",
                "parent_contributed": True,
                "countersigned": None,
            }
        ],
        "plans": [],
        "events": [
            {
                "id": "E1",
                "type": "contact",
                "date": _day(20),
                "by": case_manager,
                "detail": "Seen at the office.",
                "kind": "office",
            }
        ],
    }


def import_cases(cast, refs=("N-0001", "N-0002", "S-0001"), *, case_manager: str | None = None) -> dict[str, Case]:
    """Import the named cases for the cast's service; returns them by reference.

    Refs other than the three above need `case_manager` (a staff ref, S1 for cm_a).
    """
    document = {
        "format": "casequality/1",
        "service": {"code": cast.service.code, "name": cast.service.name},
        "staff": cast.staff_document(),
        "cases": [
            case_document(ref, case_manager or CASE_MANAGERS[ref], CHILD_NAMES.get(ref, f"Child {ref}")) for ref in refs
        ],
    }
    interchange_import_document(document, actor_name="tests")
    return {c.ref: c for c in Case.objects.filter(service=cast.service, ref__in=refs)}


def import_ended_orders(cast, endings) -> None:
    """Import a case for each (ref, staff ref, end day) of `endings`: a referral order from 1
    October 2025 that ended on that day (what the KPIs count), assessed and seen since."""
    documents = []
    for ref, manager, end in endings:
        document = case_document(ref, manager, f"Child {ref}")
        document["orders"][0].update(court_date="2025-10-01", start="2025-10-01", end=end)
        document["assessments"][0]["date"] = document["assessments"][0]["rosh"]["full"]["date"] = "2025-10-05"
        document["events"][0]["date"] = "2025-11-01"
        documents.append(document)
    interchange_import_document(
        {
            "format": "casequality/1",
            "service": {"code": cast.service.code, "name": cast.service.name},
            "staff": cast.staff_document(),
            "cases": documents,
        },
        actor_name="tests",
    )


def ensure_finding(
    case: Case,
    *,
    rule: str = "OVS-001",
    subject: str = "A1",
    subject_type: str = "assessment",
    owner: str = "TM",
    kind: str = "task",
    severity: str = "must",
    due: date | None = None,
) -> Finding:
    """The open finding the rulebook raises for this subject, or, before the rulebook has
    run (or where a test needs one it would not raise), one made directly."""
    found = Finding.objects.filter(case=case, rule=rule, subject=subject, resolved_on__isnull=True).first()
    if found is not None:
        return found
    today = timezone.localdate()
    finding = Finding.objects.create(
        service=case.service,
        case=case,
        rule=rule,
        key=subject,
        kind=kind,
        severity=severity,
        owner=owner,
        subject=subject,
        subject_type=subject_type,
        message=f"{subject_type.capitalize()} {subject} needs {rule}",
        evidence={"level": "medium"},
        due=due or today + timedelta(days=2),
        opened_on=today - timedelta(days=3),
        last_seen_on=today,
    )
    case_urgency_refresh(case_ids=[case.pk])  # as the findings store keeps it (decision 0060)
    return finding


def date_input(name: str, day) -> dict[str, str]:
    """A date as GOV.UK's date input posts it (casequality/date_input.py): `<name>_day`, `_month`, `_year`."""
    return {f"{name}_day": str(day.day), f"{name}_month": str(day.month), f"{name}_year": str(day.year)}
