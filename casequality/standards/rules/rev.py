"""Reviews (SQS ¶1.3, ¶2.7, ¶3.3; YJB Case Management Guidance): REV-001 to REV-003."""

from __future__ import annotations

from collections.abc import Iterator

from casequality.cases.vocabulary import months_before, order_words
from casequality.standards.rulebook import LATE, ORDER_ENDED, REPLACED
from casequality.standards.rulemeta import INSPECTORATE, NATIONAL
from casequality.standards.rules import FINDING, Context, Verdict, fmt, iso, parameter, rule
from casequality.standards.snapshot import CaseSnapshot

FAMILY = "Reviews"

parameter(
    "review_after_change_wd",
    default=10,
    unit="working days",
    description="A review assessment is due this many working days after a significant change.",
    source='Project default (SQS ¶1.3 asks for reviews "following significant changes")',
    date="2026-11-26",
)

parameter(
    "review_interval_months",
    default=3,
    unit="months",
    description="An open statutory order's case has an assessment at least this often.",
    source=(
        'YJB Case Management Guidance, "How to work with children" (gov.uk, current; it replaced the National '
        'Standards of 2000 and 2013): the case manager reviews "when there is significant change (and at least '
        'every three months)"'
    ),
    date="undated",
)


@rule(
    "REV-001",
    title="A significant change is followed by a review",
    remedy="Review the assessment after the change.",
    history=(LATE, ORDER_ENDED),
    severity="must",
    owner="CM",
    basis=INSPECTORATE,
    source_date="2013-07-17",
    source="SQS ¶1.3, ¶2.7, ¶3.3",
    standard="""
        After each significant change there is an assessment with stage review, start or
        transfer dated on or after the change and within review_after_change_wd working days.
    """,
    quote="""
        There were too few effective reviews following significant changes such as at the start
        of a sentence.
    """,
    parameters=("review_after_change_wd",),
    demo_rate=0.30,  # per significant change: "too few effective reviews following significant changes" ¶1.3
)
def rev_001(case: CaseSnapshot, ctx: Context) -> Iterator[Verdict]:
    """Passes: a change of address on 2 May 2013 and a review assessment on 10 May 2013.
    Fails: the same change with no review by 17 May 2013 (10 working days after, the May
    Day bank holiday excluded): a task until then, a finding from 18 May.
    """
    for e in case.events:
        if e.type != "significant_change":
            continue
        due = ctx.deadline(e.date, "review_after_change_wd")
        if any(a.stage in ("review", "start", "transfer") and e.date <= a.date <= due for a in case.assessments):
            continue
        kind = ctx.kind(due)
        done = ctx.done_late(
            due, (a.date for a in case.assessments if a.stage in ("review", "start", "transfer") and e.date <= a.date)
        )
        change = (e.get("kind") or "other").replace("_", " ")
        if kind == FINDING:
            message = (
                f"A significant change ({change}) on {fmt(e.date)} was not followed by a review assessment by "
                f"{fmt(due)}."
            )
        else:
            message = f"A significant change ({change}) on {fmt(e.date)} calls for a review assessment by {fmt(due)}."
        yield ctx.verdict(
            e.id,
            kind,
            e.id,
            "event",
            message,
            {"change": e.get("kind"), "change_date": iso(e.date), "due": iso(due)},
            due,
            done,
        )


@rule(
    "REV-002",
    title="Open orders are reassessed regularly",
    remedy="Review the assessment.",
    history=(),
    severity="should",
    owner="CM",
    basis=NATIONAL,
    source_date="undated",
    source='YJB Case Management Guidance, "How to work with children" (the role of the YJS case manager); SQS ¶1.3',
    standard="""
        A case with an open statutory order has an assessment (of any stage) dated in the last
        review_interval_months months, the as-of date included.
    """,
    quote="""
        Reviewing the progress of the order when there is significant change (and at least every
        three months) with the child (and their parents or carers).
    """,
    parameters=("review_interval_months",),
    demo_rate=0.12,  # per case: three-monthly reviews lapsed
)
def rev_002(case: CaseSnapshot, ctx: Context) -> Iterator[Verdict]:
    """Passes: on 17 June 2013, an open YRO and a review assessment on 20 March 2013.
    Fails: on 17 June 2013, an open YRO whose latest assessment is of 16 March 2013.
    """
    open_orders = [o for o in case.statutory_orders() if o.end is None or o.end >= ctx.as_of]
    if not open_orders:
        return
    months = int(ctx.params["review_interval_months"])
    since = months_before(ctx.as_of, months)
    if any(since <= a.date for a in case.assessments):
        return
    latest = case.assessments[-1] if case.assessments else None
    order = max(open_orders, key=lambda o: o.start)
    last = f"the latest is of {fmt(latest.date)}" if latest else "there is none"
    yield ctx.verdict(
        "case",
        FINDING,
        order.id,
        "order",
        f"The {order_words(order.type)} is open but there has been no assessment since {fmt(since)} "
        f"(every {months} months); {last}.",
        {
            "since": iso(since),
            "latest_assessment": latest.id if latest else None,
            "latest_assessment_date": iso(latest.date) if latest else None,
        },
    )


@rule(
    "REV-003",
    title="A start or review assessment follows a meeting with the child",
    remedy="Meet the child, then review the assessment.",
    history=(REPLACED, ORDER_ENDED),
    severity="should",
    owner="CM",
    basis=INSPECTORATE,
    source_date="2013-07-17",
    source="SQS ¶1.3",
    standard="""
        A start or review assessment dated on or after a statutory order's start has at least
        one contact dated from that start up to and including the assessment's date (the latest
        order starting on or before the assessment counts).
    """,
    quote="""
        The review was undertaken by the case manager immediately following sentence before they
        had had a substantive meeting with the child or young person.
    """,
    demo_rate=0.15,  # per case: review "before they had had a substantive meeting" ¶1.3
)
def rev_003(case: CaseSnapshot, ctx: Context) -> Iterator[Verdict]:
    """Passes: a YRO from 1 May 2013, an office contact on 3 May, the assessment on 8 May.
    Fails: the same assessment on 8 May with the first contact on 9 May.
    """
    orders = case.statutory_orders()
    if not orders:
        return
    contacts = [e.date for e in case.events if e.type == "contact"]
    for a in case.assessments:
        if a.stage not in ("start", "review"):
            continue
        started = [o for o in orders if o.start <= a.date]
        if not started:
            continue
        order = max(started, key=lambda o: o.start)
        if any(order.start <= d <= a.date for d in contacts):
            continue
        yield ctx.verdict(
            a.id,
            FINDING,
            a.id,
            "assessment",
            f"The {a.stage} assessment of {fmt(a.date)} was done before any contact with the child "
            f"since the {order_words(order.type)} started on {fmt(order.start)}.",
            {"order": order.id, "order_start": iso(order.start), "stage": a.stage},
        )
