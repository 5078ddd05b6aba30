from datetime import date

from casequality.audits.applicability import CONDITIONS, cases_with_record
from casequality.cases.models import Assessment, Case, Event, Plan, Report

from .factories import case_make

D = date(2013, 5, 1)


def holds(case, name):
    return CONDITIONS[name].holds(cases_with_record(Case.objects.filter(pk=case.pk)).get())


def test_a_bare_case_with_its_statutory_order_meets_only_all_and_court_disposal(cast):
    case = case_make(cast.service, "C1", rosh=None)
    assert [name for name in CONDITIONS if holds(case, name)] == ["all", "court_disposal"]


def test_reports_and_custody(cast):
    case = case_make(cast.service, "C1", order_type="detention_and_training_order")
    assert holds(case, "custodial_order")
    order = case.orders.get()
    order.custody_considered = True
    order.save()
    assert holds(case, "custody_considered_no_psr") and not holds(case, "psr_written")
    Report.objects.create(case=case, ref="R1", type="pre_sentence_report", order_ref=order.ref, requested=True, date=D)
    assert holds(case, "psr_written") and not holds(case, "custody_considered_no_psr")


def test_risk_and_vulnerability_from_the_latest_assessment_and_plans(cast):
    case = case_make(cast.service, "C1", rosh="high")
    assert holds(case, "rosh_medium_or_above") and holds(case, "rosh_oversight_required")
    Assessment.objects.create(
        case=case,
        ref="A2",
        date=D,
        stage="review",
        instrument="asset",
        rosh={"level": "low"},
        vulnerability={"level": "medium"},
    )
    assert not holds(case, "rosh_medium_or_above") and not holds(case, "rosh_oversight_required")
    assert holds(case, "vulnerability_medium_or_above") and holds(case, "vulnerability_oversight_required")
    Plan.objects.create(case=case, ref="P1", date=D, type="risk_management")
    assert holds(case, "risk_management_plan") and holds(case, "rosh_oversight_required")


def test_barriers_health_changes_and_compliance(cast):
    case = case_make(cast.service, "C1")
    case.diversity = {"slcn": "identified", "needs": []}
    case.save()
    assert holds(case, "barriers_identified")
    Assessment.objects.create(
        case=case, ref="A2", date=D, stage="review", instrument="asset", likelihood={"scores": {"substance_use": 2}}
    )
    assert holds(case, "health_factors")
    Event.objects.create(case=case, ref="E1", type="failure_to_comply", date=D, extra={"acceptable": True})
    assert not holds(case, "failure_to_comply")
    Event.objects.create(case=case, ref="E2", type="failure_to_comply", date=D, extra={"acceptable": False})
    Event.objects.create(case=case, ref="E3", type="significant_change", date=D, extra={"kind": "custody"})
    assert holds(case, "failure_to_comply") and holds(case, "significant_change")
