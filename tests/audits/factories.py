"""Small builders of stored cases for audit tests (straight to the ORM)."""
from __future__ import annotations

from datetime import date, timedelta

from casequality.cases.models import Assessment, Case, Order, Service, Staff

AS_OF = date(2013, 6, 17)
IN_WINDOW = date(2013, 4, 15)  # 9 weeks before AS_OF


def case_make(
    service: Service,
    ref: str,
    *,
    sex: str = "male",
    start: date | None = IN_WINDOW,
    court_date: date | None = None,
    order_type: str = "youth_rehabilitation_order",
    rosh: str | None = "low",
    case_manager: Staff | None = None,
    name: str | None = None,
    dob: date = date(1997, 1, 1),
) -> Case:
    case = Case.objects.create(
        service=service, ref=ref, case_manager=case_manager, team=case_manager.team if case_manager else None,
        child_name=name or f"Child {ref}", child_dob=dob, child_sex=sex,
    )
    Order.objects.create(
        case=case, ref="O1", type=order_type, court_date=court_date or start or IN_WINDOW, start=start,
    )
    if rosh is not None:
        Assessment.objects.create(
            case=case, ref="A1", date=(start or IN_WINDOW) - timedelta(days=7), author=case_manager, stage="start",
            instrument="asset", rosh={"level": rosh, "full": None, "screening": {}},
        )
    return case


def staff_make(service: Service, ref: str) -> Staff:
    return Staff.objects.create(service=service, ref=ref, name=f"Case Manager {ref}", role="case_manager")
