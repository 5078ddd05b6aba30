"""Compliance and enforcement (SQS ¶4.6, ¶4.7; Sentencing Act 2020 Sch 7): CMP-001 to CMP-004.

Sources and what each rests on: docs/decisions/0052-rules-traced-to-current-guidance.md.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import date, timedelta

from casequality.cases.vocabulary import COMMUNITY_ORDERS, months_before, order_words
from casequality.standards.rulebook import LATE, MONTH_ENDED, ORDER_ENDED
from casequality.standards.rulemeta import INSPECTORATE, LOCAL, NATIONAL, SEVERITY_UNIT
from casequality.standards.rules import FINDING, Context, Verdict, fmt, iso, parameter, rule
from casequality.standards.snapshot import CaseSnapshot, Event, Order

FAMILY = "Compliance and enforcement"

parameter(
    "compliance_panel_due_wd",
    default=10,
    unit="working days",
    description="""
        A compliance panel is due this many working days after the second unacceptable failure
        to comply.
    """,
    source="SQS ¶4.7 (panels meet after the second failure to comply)",
    date="2013-07-17",
)

parameter(
    "warning_due_wd",
    default=5,
    unit="working days",
    description="""
        A warning (or breach action) is due this many working days after an unacceptable failure
        to comply.
    """,
    source="Project default; statute requires a warning unless breach action is taken",
    date="2026-11-26",
)

parameter(
    "warned_period_months",
    default=12,
    unit="months",
    description="Warnings within this period before a failure count towards breach.",
    source="Sentencing Act 2020 Sch 7 para 4",
    date="2020-12-01",
)

parameter(
    "compliance_panel_severity",
    default="should",
    unit=SEVERITY_UNIT,
    description="""
        How firmly CMP-002 asks for a compliance panel after the second failure: should (the
        rulebook's default), or must for a service whose own procedure requires the panel.
    """,
    source=(
        "Local practice: SQS ¶4.7 describes Manchester YOS's own compliance panels; no national "
        "rule requires one (Sentencing Act 2020 Sch 7 para 4 asks for a warning or breach action)"
    ),
    date="2013-07-17",
)

parameter(
    "contacts_per_month",
    default={"standard": [2, 1], "enhanced": [4, 2], "intensive": [8, 4]},
    unit="contacts a month (first 12 weeks, after)",
    description="The fewest supervision contacts a month for each intervention level.",
    source="Scaled Approach (YJB, from 2009), as published by Bracknell Forest YOS",
    date="2009",
)


def _unacceptable_failures(case: CaseSnapshot) -> list[Event]:
    return [e for e in case.events if e.type == "failure_to_comply" and e.get("acceptable") is False]


def _order_on(orders: list[Order], day: date) -> Order | None:
    """The statutory order open on `day` (the latest to start, if more than one)."""
    running = [o for o in orders if o.open_on(day)]
    return max(running, key=lambda o: o.start) if running else None


@rule(
    "CMP-001",
    title="An unacceptable failure to comply with a youth rehabilitation order is followed by a warning",
    remedy="Give a warning, or start breach action.",
    history=(LATE, ORDER_ENDED),
    severity="must",
    owner="CM",
    basis=NATIONAL,
    source_date="2020-12-01",
    source="Sentencing Act 2020 Sch 7 para 4 (youth rehabilitation orders); SQS ¶4.6",
    standard="""
        Each unacceptable failure to comply during a youth rehabilitation order (the order
        open on the failure's date) is followed within warning_due_wd working days by a
        warning or a breach. Schedule 7 of the Sentencing Act 2020 sets this duty for youth
        rehabilitation orders only: a failure during a referral order (Sch 4) or a custodial
        order's supervision (Sch 12) is not judged by this rule.
    """,
    quote="""
        This paragraph applies where the responsible officer is of the opinion that the
        offender has without reasonable excuse breached a requirement of a youth
        rehabilitation order.
    """,
    parameters=("warning_due_wd",),
    demo_rate=0.15,  # per unacceptable failure: no warning (response appropriate in "well over three-quarters" ¶4.6)
)
def cmp_001(case: CaseSnapshot, ctx: Context) -> Iterator[Verdict]:
    """Passes: a failure on 2 May 2013 during a YRO and a warning on 7 May.
    Fails: a failure on 2 May 2013 during a YRO and no warning by 10 May (5 working days,
    the May Day bank holiday excluded): a task until then, a finding from 11 May.
    """
    yros = [o for o in case.orders if o.type == "youth_rehabilitation_order"]
    if not yros:
        return
    responses = [e.date for e in case.events if e.type in ("warning", "breach")]
    for f in _unacceptable_failures(case):
        if _order_on(yros, f.date) is None:
            continue
        due = ctx.deadline(f.date, "warning_due_wd")
        if any(f.date <= d <= due for d in responses):
            continue
        kind = ctx.kind(due)
        done = ctx.done_late(due, (d for d in responses if f.date <= d))
        message = (
            f"The unacceptable failure to comply on {fmt(f.date)} was not followed by a warning or breach "
            f"action by {fmt(due)}."
            if kind == FINDING
            else f"The unacceptable failure to comply on {fmt(f.date)} needs a warning or breach action by {fmt(due)}."
        )
        yield ctx.verdict(f.id, kind, f.id, "event", message, {"failure_on": iso(f.date), "due": iso(due)}, due, done)


@rule(
    "CMP-002",
    title="A compliance panel follows the second failure",
    remedy="Hold a compliance panel.",
    history=(LATE, ORDER_ENDED),
    severity="should",
    severity_parameter="compliance_panel_severity",
    owner="CM",
    basis=LOCAL,
    source_date="2013-07-17",
    source="SQS ¶4.7 (Manchester YOS's own practice, which the inspectors praised)",
    standard="""
        After the second unacceptable failure to comply during one statutory order (a failure
        belongs to the order open on its date, the latest to start if more than one), a
        compliance panel is held within compliance_panel_due_wd working days. A local
        practice, not a national rule, held as a compliance_panel_severity: a should unless
        the service raises it to a must.
    """,
    quote="""
        By meeting after the second failure to comply these panels had the opportunity to
        influence behaviour before breach proceedings needed to be considered.
    """,
    parameters=("compliance_panel_due_wd", "compliance_panel_severity"),
    demo_rate=0.20,  # per second failure: no compliance panel ¶4.7
)
def cmp_002(case: CaseSnapshot, ctx: Context) -> Iterator[Verdict]:
    """Passes: failures on 2 and 9 May 2013 and a compliance panel on 16 May.
    Fails: the same failures and no panel by 23 May 2013 (10 working days): a task until
    then, a finding from 24 May.
    """
    orders = case.statutory_orders()
    if not orders:
        return
    by_order: dict[str, list[Event]] = {}
    for f in _unacceptable_failures(case):
        order = _order_on(orders, f.date)
        if order is not None:
            by_order.setdefault(order.id, []).append(f)
    panels = [e.date for e in case.events if e.type == "compliance_panel"]
    for order_id, failures in by_order.items():
        if len(failures) < 2:
            continue
        second = failures[1]
        due = ctx.deadline(second.date, "compliance_panel_due_wd")
        if any(second.date <= d <= due for d in panels):
            continue
        kind = ctx.kind(due)
        done = ctx.done_late(due, (d for d in panels if second.date <= d))
        message = (
            f"A second unacceptable failure to comply on {fmt(second.date)} was not followed by a "
            f"compliance panel by {fmt(due)}."
            if kind == FINDING
            else f"A second unacceptable failure to comply on {fmt(second.date)} calls for a compliance panel "
            f"by {fmt(due)}."
        )
        yield ctx.verdict(
            order_id,
            kind,
            order_id,
            "order",
            message,
            {"failures": [f.id for f in failures[:2]], "second_failure_on": iso(second.date), "due": iso(due)},
            due,
            done,
        )


@rule(
    "CMP-003",
    title="A breach decision after two warnings, with management support",
    remedy="Return the case to court, or record an alternative strategy a manager agrees.",
    history=(LATE, ORDER_ENDED),
    severity="must",
    owner="CM,TM",
    basis=NATIONAL,
    source_date="2020-12-01",
    source="SQS ¶4.6; Sentencing Act 2020 Sch 7 para 4",
    standard="""
        An unacceptable failure during a youth rehabilitation order, preceded during that order
        by two warnings within warned_period_months months of it, is followed within warning_due_wd
        working days by a breach decision: returned to court, or an alternative strategy agreed
        by a manager.
    """,
    quote="A clearly recorded and defensible decision, with management support.",
    parameters=("warned_period_months", "warning_due_wd"),
    demo_rate=0.35,  # per third failure on a YRO: no defensible breach decision ¶4.6
)
def cmp_003(case: CaseSnapshot, ctx: Context) -> Iterator[Verdict]:
    """Passes: warnings on 1 March and 1 April 2013, a failure on 2 May and a breach
    (returned to court) on 8 May.
    Fails: the same failure followed by an alternative strategy the manager did not agree.
    """
    yros = [o for o in case.orders if o.type == "youth_rehabilitation_order"]
    if not yros:
        return
    warnings = [e.date for e in case.events if e.type == "warning"]
    breaches = [e for e in case.events if e.type == "breach"]
    months = int(ctx.params["warned_period_months"])
    for f in _unacceptable_failures(case):
        yro = _order_on(yros, f.date)
        if yro is None:
            continue
        since = months_before(f.date, months)
        prior = [d for d in warnings if yro.open_on(d) and since <= d < f.date]
        if len(prior) < 2:
            continue
        due = ctx.deadline(f.date, "warning_due_wd")
        window = [b for b in breaches if f.date <= b.date <= due]
        if any(
            b.get("decision") == "returned_to_court"
            or (b.get("decision") == "alternative_strategy" and b.get("manager_agreed") is True)
            for b in window
        ):
            continue
        kind = ctx.kind(due)
        done = ctx.done_late(
            due,
            (
                b.date
                for b in breaches
                if f.date <= b.date
                and (
                    b.get("decision") == "returned_to_court"
                    or (b.get("decision") == "alternative_strategy" and b.get("manager_agreed") is True)
                )
            ),
        )
        head = (
            f"The unacceptable failure to comply on {fmt(f.date)} followed two warnings "
            f"({', '.join(fmt(d) for d in prior[-2:])})"
        )
        if kind == FINDING:
            state = (
                "an alternative strategy was recorded without a manager's agreement"
                if window
                else "there was no breach decision"
            )
            message = f"{head}; by {fmt(due)} {state}."
        else:
            message = (
                f"{head}; a breach decision (court, or an alternative strategy a manager agrees) is due by {fmt(due)}."
            )
        yield ctx.verdict(
            f.id,
            kind,
            f.id,
            "event",
            message,
            {"order": yro.id, "warnings": [iso(d) for d in prior], "due": iso(due)},
            due,
            done,
        )


def _level(case: CaseSnapshot, day: date) -> str:
    a = case.assessment_on(day)
    if a is None:
        return "standard"
    if a.band == "high" or a.rosh_rank >= 2:
        return "intensive"
    if a.band == "medium" or a.rosh_rank == 1:
        return "enhanced"
    return "standard"


@rule(
    "CMP-004",
    title="Enough supervision contacts each month",
    remedy="Arrange this month's supervision contacts.",
    history=(MONTH_ENDED,),
    severity="should",
    owner="CM",
    basis=INSPECTORATE,
    source_date="2013-07-17",
    source="SQS ¶4.6; YJB Scaled Approach",
    standard="""
        On an open community order (referral order or youth rehabilitation order), each full
        calendar month after the order's start month and before the as-of month has at least
        the minimum of contacts for the intervention level, by level: contacts_per_month (the
        first figure while the month's first day is within 12 weeks of the order's start, the
        second after). The level is standard, enhanced or intensive, from the assessment
        current on the month's first day; standard if there is none.
    """,
    quote="""
        Two-thirds of children and young people complied sufficiently well with the requirements
        of their sentence.
    """,
    parameters=("contacts_per_month",),
    demo_rate=0.25,  # per community order: a month with too few contacts ("limited contact" ¶1.4)
)
def cmp_004(case: CaseSnapshot, ctx: Context) -> Iterator[Verdict]:
    """Passes: a YRO from 15 March 2013, enhanced level, four contacts in April.
    Fails: the same YRO with three contacts in April (as of 17 June 2013).
    """
    orders = [o for o in case.orders if o.type in COMMUNITY_ORDERS and (o.end is None or o.end >= ctx.as_of)]
    if not orders:
        return
    figures = ctx.params["contacts_per_month"]
    contacts = Counter((e.date.year, e.date.month) for e in case.events if e.type == "contact")
    last_month = ctx.as_of.year * 12 + ctx.as_of.month - 1  # the as-of month, excluded
    for order in orders:
        month = order.start.year * 12 + order.start.month  # the month after the start month
        first_figure_until = order.start + timedelta(days=84)
        while month < last_month:
            y, m = divmod(month, 12)
            first = date(y, m + 1, 1)
            level = _level(case, first)
            pair = figures[level]
            required = int(pair[0] if first <= first_figure_until else pair[1])
            got = contacts.get((first.year, first.month), 0)
            if got < required:
                yield ctx.verdict(
                    f"{order.id}:{first:%Y-%m}",
                    FINDING,
                    order.id,
                    "order",
                    f"In {first:%B %Y} the child had {got} supervision contact{'s' if got != 1 else ''} on the "
                    f"{order_words(order.type)}; the {level} level needs at least {required}.",
                    {"month": f"{first:%Y-%m}", "level": level, "contacts": got, "required": required},
                )
            month += 1
