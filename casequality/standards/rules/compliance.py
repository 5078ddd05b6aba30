"""Compliance and enforcement (SQS ¶4.6, ¶4.7): CMP-001 to CMP-004."""
from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from casequality.standards.rules import FINDING, Context, Verdict, fmt, iso, months_before, rule
from casequality.standards.rules.likelihood import order_words
from casequality.standards.snapshot import COMMUNITY_ORDERS, CaseSnapshot, Order


def _unacceptable_failures(case: CaseSnapshot):
    return [e for e in case.events if e.type == "failure_to_comply" and e.get("acceptable") is False]


def _order_on(orders: list[Order], day: date) -> Order | None:
    """The statutory order open on `day` (the latest to start, if more than one)."""
    running = [o for o in orders if o.open_on(day)]
    return max(running, key=lambda o: o.start) if running else None


@rule("CMP-001")
def cmp_001(case: CaseSnapshot, ctx: Context):
    """An unacceptable failure to comply is followed by a warning (SQS ¶4.6).

    Standard: each unacceptable `failure_to_comply` is followed within `warning_due_wd`
    working days by a `warning` or a `breach`.
    Passes: a failure on 2 May 2013 and a warning on 7 May.
    Fails: a failure on 2 May 2013 and no warning by 10 May (5 working days, the May Day
    bank holiday excluded): a task until then, a finding from 11 May.
    """
    responses = [e.date for e in case.events if e.type in ("warning", "breach")]
    for f in _unacceptable_failures(case):
        due = ctx.deadline(f.date, "warning_due_wd")
        if any(f.date <= d <= due for d in responses):
            continue
        kind = ctx.kind(due)
        message = (f"The unacceptable failure to comply on {fmt(f.date)} was not followed by a warning or breach "
                   f"action by {fmt(due)}." if kind == FINDING else
                   f"The unacceptable failure to comply on {fmt(f.date)} needs a warning or breach action by {fmt(due)}.")
        yield Verdict("CMP-001", f.id, kind, f.id, "event", message, {"failure_on": iso(f.date), "due": iso(due)}, due)


@rule("CMP-002")
def cmp_002(case: CaseSnapshot, ctx: Context):
    """A compliance panel follows the second failure (SQS ¶4.7).

    Standard: after the second unacceptable failure during one statutory order (a
    failure belongs to the order open on its date), a `compliance_panel` is held within
    `compliance_panel_due_wd` working days.
    Passes: failures on 2 and 9 May 2013 and a compliance panel on 16 May.
    Fails: the same failures and no panel by 23 May 2013 (10 working days): a task until
    then, a finding from 24 May.
    """
    orders = case.statutory_orders()
    if not orders:
        return
    by_order: dict[str, list] = {}
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
        message = (f"A second unacceptable failure to comply on {fmt(second.date)} was not followed by a "
                   f"compliance panel by {fmt(due)}." if kind == FINDING else
                   f"A second unacceptable failure to comply on {fmt(second.date)} calls for a compliance panel "
                   f"by {fmt(due)}.")
        yield Verdict("CMP-002", order_id, kind, order_id, "order", message,
                      {"failures": [f.id for f in failures[:2]], "second_failure_on": iso(second.date),
                       "due": iso(due)}, due)


@rule("CMP-003")
def cmp_003(case: CaseSnapshot, ctx: Context):
    """A breach decision after two warnings, with management support (SQS ¶4.6).

    Standard: an unacceptable failure during a YRO, preceded during that YRO by two
    warnings each dated before it and within `warned_period_months` of it, is followed
    within `warning_due_wd` working days by a `breach` event: returned to court, or an
    alternative strategy with `manager_agreed` true.
    Passes: warnings on 1 March and 1 April 2013, a failure on 2 May and a breach
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
        if any(b.get("decision") == "returned_to_court"
               or (b.get("decision") == "alternative_strategy" and b.get("manager_agreed") is True) for b in window):
            continue
        kind = ctx.kind(due)
        head = (f"The unacceptable failure to comply on {fmt(f.date)} followed two warnings "
                f"({', '.join(fmt(d) for d in prior[-2:])})")
        if kind == FINDING:
            state = ("an alternative strategy was recorded without a manager's agreement" if window
                     else "there was no breach decision")
            message = f"{head}; by {fmt(due)} {state}."
        else:
            message = f"{head}; a breach decision (court, or an alternative strategy a manager agrees) is due by {fmt(due)}."
        yield Verdict("CMP-003", f.id, kind, f.id, "event", message,
                      {"order": yro.id, "warnings": [iso(d) for d in prior], "due": iso(due)}, due)


def _level(case: CaseSnapshot, day: date) -> str:
    a = case.assessment_on(day)
    if a is None:
        return "standard"
    if a.band == "high" or a.rosh_rank >= 2:
        return "intensive"
    if a.band == "medium" or a.rosh_rank == 1:
        return "enhanced"
    return "standard"


@rule("CMP-004")
def cmp_004(case: CaseSnapshot, ctx: Context):
    """Enough supervision contacts each month (SQS ¶4.6; YJB Scaled Approach).

    Standard: on an open referral order or YRO, each full calendar month after the
    order's start month and before the as-of month has at least the
    `contacts_per_month` minimum of contacts for the intervention level (from the
    assessment current on the month's first day; standard if none): the first figure
    while the month's first day is within 84 days of the start, the second after.
    Passes: a YRO from 15 March 2013, enhanced level, four contacts in April.
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
                yield Verdict(
                    "CMP-004", f"{order.id}:{first:%Y-%m}", FINDING, order.id, "order",
                    f"In {first:%B %Y} the child had {got} supervision contact{'s' if got != 1 else ''} on the "
                    f"{order_words(order.type)}; the {level} level needs at least {required}.",
                    {"month": f"{first:%Y-%m}", "level": level, "contacts": got, "required": required},
                )
            month += 1
