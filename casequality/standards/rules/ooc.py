"""Out-of-court outcomes (today's record): OOC-001 and OOC-002.

They read `out_of_court` (casequality/2); a record without it (every version 1 record)
gives them nothing to judge. Sources and assumptions:
docs/decisions/0016-rules-for-todays-record.md.
"""

from __future__ import annotations

from collections.abc import Iterator

from casequality.standards.rulebook import LATE, ORDER_ENDED
from casequality.standards.rulemeta import LOCAL, NATIONAL
from casequality.standards.rules import FINDING, Context, Verdict, fmt, iso, parameter, rule
from casequality.standards.snapshot import CaseSnapshot

FAMILY = "Out-of-court outcomes"

CMG_OOC = 'YJB Case Management Guidance, "How to use out-of-court disposals"'

parameter(
    "ooc_decision_wd",
    default=15,
    unit="working days",
    description="An out-of-court outcome is decided within this many working days of the referral.",
    source=(
        "Project default, after the YJB Case Management Guidance section 1 (15 October 2014), 2.1: "
        "assessments concluded and the police informed within 15 working days (since replaced; "
        "today's guidance sets no number)"
    ),
    date="2026-12-01",
)


@rule(
    "OOC-001",
    title="An out-of-court outcome is decided without delay",
    remedy="Take the referral to the decision panel and record the decision.",
    history=(LATE, ORDER_ENDED),
    severity="should",
    owner="TM",
    basis=NATIONAL,
    source_date="2024",
    source=f"{CMG_OOC}; YJB Case Management Guidance section 1 (15 October 2014), 2.1",
    standard="An out-of-court referral is decided within ooc_decision_wd working days of the referral.",
    quote="""
        All assessments must be concluded, and the police informed ... in order to minimise
        delay in decision-making.
    """,
    parameters=("ooc_decision_wd",),
    demo_rate=0.15,
)
def ooc_001(case: CaseSnapshot, ctx: Context) -> Iterator[Verdict]:
    """Passes: referred on 1 May 2013, decided on 20 May.
    Fails: referred on 1 May 2013 and not decided by 23 May 2013 (15 working days, the May
    Day bank holiday excluded): a task until then, a finding from 24 May.
    """
    for oc in case.out_of_court:
        due = ctx.deadline(oc.referred, "ooc_decision_wd")
        head = f"The referral of {fmt(oc.referred)} for an out-of-court outcome"
        verdict = ctx.by_deadline(
            oc.id,
            "outcome",
            due,
            [oc.decision_date],
            missed=f"{head} was not decided by {fmt(due)}.",
            to_do=f"{head} is to be decided by {fmt(due)}.",
            evidence={"referred": iso(oc.referred)},
        )
        if verdict:
            yield verdict


@rule(
    "OOC-002",
    title="An out-of-court outcome is decided at a joint panel",
    remedy="Record the joint decision-making panel that decided the outcome, or take it to one.",
    history=(ORDER_ENDED,),
    severity="should",
    owner="TM",
    basis=LOCAL,
    source_date="2024",
    source=f"{CMG_OOC} (the joint decision-making process and the Child Gravity Matrix)",
    standard="""
        A decided out-of-court outcome records the joint decision-making panel that decided
        it, sitting on or before the decision.
    """,
    quote="""
        How and when to use out-of-court disposals. The informal and formal options as well
        as the decision-making process.
    """,
    demo_rate=0.10,
)
def ooc_002(case: CaseSnapshot, ctx: Context) -> Iterator[Verdict]:
    """Passes: a panel on 15 May 2013 and the decision on 15 May.
    Fails: a decision on 15 May 2013 and no panel recorded.
    """
    for oc in case.out_of_court:
        if oc.decision_date is None:
            continue
        if oc.panel_date is not None and oc.panel_date <= oc.decision_date:
            continue
        problem = (
            "no panel is recorded"
            if oc.panel_date is None
            else f"the panel recorded sat later, on {fmt(oc.panel_date)}"
        )
        yield ctx.verdict(
            oc.id,
            FINDING,
            oc.id,
            "outcome",
            f"The {oc.words} decided on {fmt(oc.decision_date)} was not decided at a joint panel: {problem}.",
            {"decision": iso(oc.decision_date), "panel": iso(oc.panel_date)},
        )
