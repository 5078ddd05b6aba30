"""Which cases a framework question applies to: named conditions on a stored case.

A framework's question lists conditions in `applies_to`; the question applies when any
of them holds. The answer is only a suggestion (`n/a` where none holds): the inspector
reads the record and decides. Each condition reads a case whose orders, reports,
assessments, plans and events are prefetched (`cases_with_record`), so suggesting for a
whole sample costs a handful of queries.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet

from casequality.cases.models import Assessment, Case
from casequality.cases.vocabulary import CUSTODIAL_ORDERS, STATUTORY_ORDERS, at_least, oversight_reasons

# Out-of-court disposals a v1 record holds as orders (the programme the service delivers
# for a caution); a casequality/2 record adds the `out_of_court` list.
OUT_OF_COURT_ORDERS = frozenset({"youth_caution", "youth_conditional_caution"})

HEALTH_SECTIONS = ("physical_health", "substance_use", "emotional_mental_health")
HEALTH_REFERRALS = frozenset({"health", "substance_misuse"})


def cases_with_record(cases: QuerySet[Case]) -> QuerySet[Case]:
    """The cases with everything the conditions read prefetched."""
    return cases.prefetch_related("orders", "reports", "assessments", "plans", "events")


def latest_assessment(case: Case) -> Assessment | None:
    """The case's most recent assessment (by date, then by position in the record)."""
    assessments = list(case.assessments.all())
    if not assessments:
        return None
    return max(assessments, key=lambda a: (a.date, a.id))


def _rosh_level(case: Case) -> str:
    latest = latest_assessment(case)
    return (latest.rosh or {}).get("level", "low") if latest else "low"


def _vulnerability_level(case: Case) -> str:
    latest = latest_assessment(case)
    return (latest.vulnerability or {}).get("level", "low") if latest else "low"


def _psr_written(case: Case) -> bool:
    return any(r.type == "pre_sentence_report" and r.requested for r in case.reports.all())


def _custody_considered_no_psr(case: Case) -> bool:
    psr_orders = {r.order_ref for r in case.reports.all() if r.type == "pre_sentence_report" and r.requested}
    return any(o.custody_considered and o.ref not in psr_orders for o in case.orders.all())


def _significant_change(case: Case) -> bool:
    return any(e.type == "significant_change" for e in case.events.all())


def _custodial_order(case: Case) -> bool:
    return any(o.type in CUSTODIAL_ORDERS for o in case.orders.all())


def _court_disposal(case: Case) -> bool:
    return any(o.type in STATUTORY_ORDERS for o in case.orders.all())


def _out_of_court(case: Case) -> bool:
    return any(o.type in OUT_OF_COURT_ORDERS for o in case.orders.all())


def _rosh_medium_or_above(case: Case) -> bool:
    return at_least(_rosh_level(case), "medium")


def _plan_of_type(case: Case, plan_type: str) -> bool:
    return any(p.type == plan_type for p in case.plans.all())


def _oversight_concerns(case: Case) -> set[str]:
    """What the case needs a manager's oversight of ("rosh", "vulnerability"), now.

    The vocabulary's definition (the one OVS-001 applies to each item) applied to the case
    as it stands: the levels of its latest assessment, any full RoSH assessment, any risk or
    vulnerability management plan. (OVS-001 also asks it of each earlier assessment.)
    """
    reasons = oversight_reasons(
        rosh_level=_rosh_level(case),
        vulnerability_level=_vulnerability_level(case),
        full_rosh=any((a.rosh or {}).get("full") for a in case.assessments.all()),
    )
    for plan in case.plans.all():
        reasons += oversight_reasons(plan_type=plan.type)
    return {concern for concern, _words in reasons}


def rosh_oversight_required(case: Case) -> bool:
    """RoSH medium or above, a full RoSH assessment, or a risk management plan."""
    return "rosh" in _oversight_concerns(case)


def _vulnerability_medium_or_above(case: Case) -> bool:
    return at_least(_vulnerability_level(case), "medium")


def _vulnerability_oversight_required(case: Case) -> bool:
    return "vulnerability" in _oversight_concerns(case)


def _barriers_identified(case: Case) -> bool:
    diversity = case.diversity or {}
    latest = latest_assessment(case)
    return bool(
        (latest and latest.diversity_barriers.strip())
        or diversity.get("needs")
        or diversity.get("slcn") == "identified"
    )


def _health_factors(case: Case) -> bool:
    if any(e.type == "referral" and (e.extra or {}).get("to") in HEALTH_REFERRALS for e in case.events.all()):
        return True
    latest = latest_assessment(case)
    scores = ((latest.likelihood or {}).get("scores") or {}) if latest else {}
    return any((scores.get(section) or 0) >= 2 for section in HEALTH_SECTIONS)


def _failure_to_comply(case: Case) -> bool:
    return any(
        e.type == "failure_to_comply" and not (e.extra or {}).get("acceptable", False) for e in case.events.all()
    )


@dataclass(frozen=True)
class Condition:
    name: str
    description: str
    holds: Callable[[Case], bool]


CONDITIONS: dict[str, Condition] = {
    c.name: c
    for c in [
        Condition("all", "every case", lambda case: True),
        Condition("psr_written", "a pre-sentence report was written", _psr_written),
        Condition(
            "custody_considered_no_psr",
            "the court considered custody and no pre-sentence report was requested",
            _custody_considered_no_psr,
        ),
        Condition("significant_change", "a significant change is recorded", _significant_change),
        Condition("custodial_order", "a custodial order", _custodial_order),
        Condition("court_disposal", "a court disposal (a statutory order)", _court_disposal),
        Condition(
            "out_of_court", "an out-of-court disposal (a youth caution or youth conditional caution)", _out_of_court
        ),
        Condition(
            "rosh_medium_or_above",
            "risk of serious harm medium or above in the latest assessment",
            _rosh_medium_or_above,
        ),
        Condition(
            "risk_management_plan",
            "a risk management plan is recorded",
            lambda case: _plan_of_type(case, "risk_management"),
        ),
        Condition(
            "rosh_oversight_required",
            "RoSH medium or above, a full RoSH assessment, or a risk management plan",
            rosh_oversight_required,
        ),
        Condition(
            "vulnerability_medium_or_above",
            "vulnerability medium or above in the latest assessment",
            _vulnerability_medium_or_above,
        ),
        Condition(
            "vulnerability_oversight_required",
            "vulnerability medium or above, or a vulnerability management plan",
            _vulnerability_oversight_required,
        ),
        Condition(
            "barriers_identified", "diversity factors or barriers to engagement identified", _barriers_identified
        ),
        Condition(
            "health_factors",
            "health or well-being factors (Asset score 2 or more, or a health referral)",
            _health_factors,
        ),
        Condition("failure_to_comply", "an unacceptable failure to comply is recorded", _failure_to_comply),
    ]
}


def applies(conditions: tuple[str, ...], case: Case) -> bool:
    """True when any of the named conditions holds for the case."""
    return any(CONDITIONS[name].holds(case) for name in conditions)
