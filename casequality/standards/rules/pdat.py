"""Prevention and diversion: the PDAT (today's record): PDAT-001 to PDAT-003.

They read `out_of_court` and `diversion_assessments` (casequality/2); a record without
them (every version 1 record) gives them nothing to judge. Sources and assumptions:
docs/decisions/0016-rules-for-todays-record.md.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from casequality.standards.rulebook import LATE, ORDER_ENDED
from casequality.standards.rulemeta import NATIONAL
from casequality.standards.rules import FINDING, Context, Verdict, fmt, iso, parameter, rule
from casequality.standards.snapshot import CaseSnapshot, DiversionAssessment, OutOfCourt

FAMILY = "Prevention and diversion (PDAT)"

PDAT_SOURCE = "YJB Prevention and Diversion Assessment Tool and its guidance (YJ Resource Hub; YJLC summary)"

parameter(
    "pdat_in_use_from",
    default="2024-04-01",
    unit="date (YYYY-MM-DD)",
    description="""
        The service uses the PDAT for out-of-court referrals from this day; earlier referrals
        (before the tool existed) are not judged by the PDAT rules.
    """,
    source=(
        'YJB news on the PDAT\'s launch (services to implement it "this April"); that the year was 2024 is assumed'
    ),
    date="2024-04-01",
)

parameter(
    "pdat_due_wd",
    default=10,
    unit="working days",
    description="""
        A diversion assessment (PDAT) of a child referred for an out-of-court outcome is due this
        many working days after the referral, and in any case by the decision panel.
    """,
    source=(
        "Project default, after the YJB Case Management Guidance section 1 (15 October 2014), 2.1: "
        "assessment within 10 working days of referral (since replaced; today's guidance sets no number)"
    ),
    date="2026-12-01",
)

parameter(
    "exit_plan_due_wd",
    default=5,
    unit="working days",
    description="A PDAT exit plan is due this many working days after an out-of-court programme ends.",
    source="Project default (the PDAT guidance asks for an exit plan and sets no number)",
    date="2026-12-01",
)

CHILD_PLAN_PARTS = {
    "strengths": "their strengths",
    "help_wanted": "the help they want",
    "who_will_help": "who will help",
}


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _pdat_from(ctx: Context) -> date:
    return date.fromisoformat(str(ctx.params["pdat_in_use_from"]))


def _referrals(case: CaseSnapshot, ctx: Context) -> list[OutOfCourt]:
    """The out-of-court referrals made since the service has used the PDAT."""
    since = _pdat_from(ctx)
    return [oc for oc in case.out_of_court if oc.referred >= since]


def _pdats(case: CaseSnapshot, ctx: Context) -> list[DiversionAssessment]:
    since = _pdat_from(ctx)
    return [d for d in case.diversion_assessments if d.date >= since]


EXIT_PLAN_PARTS = {
    "work_done": "the work done",
    "what_worked": "what worked",
    "safety_wellbeing": "a review of safety and wellbeing",
    "next_steps": "next steps",
}


@rule(
    "PDAT-001",
    title="A PDAT assessment comes before the out-of-court decision",
    remedy="Complete the Prevention and Diversion Assessment with the child and family before the panel.",
    history=(LATE, ORDER_ENDED),
    severity="must",
    owner="CM",
    basis=NATIONAL,
    source_date="undated",
    source=f'{PDAT_SOURCE}; YJB Case Management Guidance, "How to use out-of-court disposals"',
    standard="""
        An out-of-court referral made on or after pdat_in_use_from has a PDAT assessment
        naming it dated by pdat_due_wd working days after the referral (one dated before the
        referral counts: there is no lower bound), and no later than the decision point where
        that comes sooner. The decision point is the joint decision-making panel's date, or,
        where the record has no panel date, the date the outcome was decided.
    """,
    quote="""
        The Youth Justice Board has introduced an assessment tool which must be used for all
        cases that are subject to diversion and out-of-court interventions.
    """,
    parameters=("pdat_in_use_from", "pdat_due_wd"),
    demo_rate=0.12,  # per referral: the PDAT after the panel (the generator's rate)
)
def pdat_001(case: CaseSnapshot, ctx: Context) -> Iterator[Verdict]:
    """Passes: referred on 1 May 2013, a PDAT on 10 May.
    Fails: referred on 1 May 2013 and no PDAT by 16 May 2013 (10 working days, the May
    Day bank holiday excluded): a task until then, a finding from 17 May.
    """
    for oc in _referrals(case, ctx):
        due = ctx.deadline(oc.referred, "pdat_due_wd")
        panel = oc.panel_date or oc.decision_date
        if panel is not None and oc.referred <= panel < due:
            due = panel
        dates = [d.date for d in case.diversion_assessments if d.out_of_court == oc.id]
        head = f"The referral of {fmt(oc.referred)} for an out-of-court outcome ({oc.words})"
        verdict = ctx.by_deadline(
            oc.id,
            "outcome",
            due,
            dates,
            missed=f"{head} had no PDAT assessment by {fmt(due)}.",
            to_do=f"{head} needs its PDAT assessment by {fmt(due)}.",
            evidence={"referred": iso(oc.referred), "panel": iso(panel)},
        )
        if verdict:
            yield verdict


@rule(
    "PDAT-002",
    title="The child writes their part of the PDAT plan",
    remedy="Complete the child's part of the plan with them: their strengths, the help they want, who will help.",
    history=(ORDER_ENDED,),
    severity="should",
    owner="CM",
    basis=NATIONAL,
    source_date="undated",
    source=PDAT_SOURCE,
    standard="""
        A PDAT assessment dated on or after pdat_in_use_from has the child's part of the
        plan: their strengths, the help they want and who will help, each recorded.
    """,
    quote="""
        The plan includes a section for the young person to complete which highlights their
        strengths, what they think they may need help with and who will help them to achieve
        their plan.
    """,
    parameters=("pdat_in_use_from",),
    demo_rate=0.10,  # per PDAT: no child's part (the generator's rate)
)
def pdat_002(case: CaseSnapshot, ctx: Context) -> Iterator[Verdict]:
    """Passes: strengths, help wanted and who will help all written.
    Fails: no child's part, or one left blank.
    """
    for d in _pdats(case, ctx):
        plan = d.child_plan or {}
        missing = [k for k in CHILD_PLAN_PARTS if not (plan.get(k) or "").strip()]
        if missing:
            what = (
                "has no child's part of the plan"
                if not d.child_plan
                else ("leaves out of the child's part of the plan " + ", ".join(CHILD_PLAN_PARTS[k] for k in missing))
            )
            yield ctx.verdict(
                d.id, FINDING, d.id, "diversion", f"The PDAT assessment of {fmt(d.date)} {what}.", {"missing": missing}
            )


@rule(
    "PDAT-003",
    title="An out-of-court programme ends with a PDAT exit plan",
    remedy="Write the exit plan: the work done, what worked, a review of safety and wellbeing, next steps.",
    history=(LATE, ORDER_ENDED),
    severity="should",
    owner="CM",
    basis=NATIONAL,
    source_date="undated",
    source=f'{PDAT_SOURCE}; HMIP youth evidence base, "Reviewing"',
    standard="""
        An out-of-court programme delivered by the service, referred on or after
        pdat_in_use_from, that has ended has, within exit_plan_due_wd working days of its
        end, a PDAT exit plan naming it with the work done, what worked, a review of safety
        and wellbeing and next steps.
    """,
    quote="When a child is reaching the end of their disposal, a clear exit strategy is required.",
    parameters=("pdat_in_use_from", "exit_plan_due_wd"),
    demo_rate=0.25,
)
def pdat_003(case: CaseSnapshot, ctx: Context) -> Iterator[Verdict]:
    """Passes: a programme ending on 31 May 2013 with a full exit plan on 3 June.
    Fails: the same with no exit plan by 7 June 2013: a task until then, a finding from 8 June.
    """
    for oc in _referrals(case, ctx):
        if not oc.intervention or oc.end is None or not oc.ended_by(ctx.as_of):
            continue
        due = ctx.deadline(oc.end, "exit_plan_due_wd")
        # (date, plan) of each exit plan written for this outcome, in the record's order
        plans = [
            (d.exit_date, d.exit_plan)
            for d in case.diversion_assessments
            if d.out_of_court == oc.id and d.exit_date is not None and d.exit_plan is not None
        ]
        full = [day for day, plan in plans if not any(_blank(plan.get(k)) for k in EXIT_PLAN_PARTS)]
        if any(day <= due for day in full):
            continue
        kind = ctx.kind(due)
        done = ctx.done_late(due, full)
        gaps = ""
        if plans and not full:
            last = plans[-1][1]
            gaps = (
                " (the exit plan leaves out "
                + ", ".join(words for k, words in EXIT_PLAN_PARTS.items() if _blank(last.get(k)))
                + ")"
            )
        head = f"The {oc.words} programme ended on {fmt(oc.end)}"
        message = (
            f"{head}; no full PDAT exit plan was written by {fmt(due)}{gaps}."
            if kind == FINDING
            else f"{head}; its PDAT exit plan is due by {fmt(due)}{gaps}."
        )
        yield ctx.verdict(oc.id, kind, oc.id, "outcome", message, {"end": iso(oc.end), "due": iso(due)}, due, done)
