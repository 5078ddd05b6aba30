"""Engagement of the child and their parents or carers (SQS ¶4.3): ENG-001 and ENG-002."""

from __future__ import annotations

from collections.abc import Iterator

from casequality.standards.rulebook import ORDER_ENDED, REPLACED
from casequality.standards.rulemeta import INSPECTORATE
from casequality.standards.rules import FINDING, Context, Verdict, fmt, rule
from casequality.standards.snapshot import CaseSnapshot

FAMILY = "Diversity and engagement"


@rule(
    "ENG-001",
    title="A start assessment records the child's views",
    remedy="Record the child's own views.",
    history=(REPLACED, ORDER_ENDED),
    severity="should",
    owner="CM",
    basis=INSPECTORATE,
    source_date="2013-07-17",
    source="SQS ¶4.3",
    standard="A start assessment (an assessment whose recorded stage is start) records the child's views.",
    quote="""
        Effective engagement with the child or young person and their parents/carers is
        essential to a robust assessment.
    """,
    demo_rate=0.20,  # per start assessment: no child's views ¶4.3
)
def eng_001(case: CaseSnapshot, ctx: Context) -> Iterator[Verdict]:
    """Passes: child_views "I want to go back to college."
    Fails: child_views null.
    """
    for a in case.assessments:
        if a.stage == "start" and not (a.child_views or "").strip():
            yield ctx.verdict(
                a.id,
                FINDING,
                a.id,
                "assessment",
                f"The start assessment of {fmt(a.date)} does not record the child's own views.",
                {},
            )


@rule(
    "ENG-002",
    title="Parents or carers contribute to the start assessment",
    remedy="Ask a parent or carer to contribute, and record what they said.",
    history=(REPLACED, ORDER_ENDED),
    severity="should",
    owner="CM",
    basis=INSPECTORATE,
    source_date="2013-07-17",
    source="SQS ¶4.3",
    standard="""
        A start assessment (an assessment whose recorded stage is start, whatever its AssetPlus
        trigger) records that a parent or carer contributed.
    """,
    quote="More attention was needed to ensure that parents/carers contributed effectively to the assessment.",
    demo_rate=0.30,  # per start assessment: parents did not contribute ¶4.3
)
def eng_002(case: CaseSnapshot, ctx: Context) -> Iterator[Verdict]:
    """Passes: parent_contributed true.
    Fails: parent_contributed false.
    """
    for a in case.assessments:
        if a.stage == "start" and not a.parent_contributed:
            yield ctx.verdict(
                a.id,
                FINDING,
                a.id,
                "assessment",
                f"The start assessment of {fmt(a.date)} does not record a contribution from a parent or carer.",
                {},
            )
