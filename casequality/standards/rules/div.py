"""Diversity (SQS ¶4.1, ¶4.2): DIV-001 and DIV-002 (engagement, ENG-*, is in eng.py)."""

from __future__ import annotations

from collections.abc import Iterator

from casequality.standards.rulebook import ORDER_ENDED
from casequality.standards.rulemeta import INSPECTORATE
from casequality.standards.rules import FINDING, Context, Verdict, fmt, rule
from casequality.standards.snapshot import CaseSnapshot

FAMILY = "Diversity and engagement"


@rule(
    "DIV-001",
    title="Learning style and communication needs are assessed before planning",
    remedy="Record the child's learning style and assess speech, language and communication needs.",
    history=(ORDER_ENDED,),
    severity="should",
    owner="CM",
    basis=INSPECTORATE,
    source_date="2013-07-17",
    source="SQS ¶4.1",
    standard="""
        By the date of the first intervention plan, the child's learning style is recorded and
        speech, language and communication needs are assessed.
    """,
    quote="""
        More attention needed to be given to assessing the impact of learning styles and speech,
        language or communication needs.
    """,
    demo_rate=0.35,  # per case: learning style / SLCN not assessed ¶4.1
)
def div_001(case: CaseSnapshot, ctx: Context) -> Iterator[Verdict]:
    """Passes: learning style "visual, short sessions", slcn not_identified.
    Fails: an intervention plan and slcn not_assessed.
    """
    first = next((p for p in case.plans if p.type == "intervention"), None)
    if first is None:
        return
    missing = []
    if not (case.diversity.get("learning_style") or "").strip():
        missing.append("the child's learning style is not recorded")
    if (case.diversity.get("slcn") or "not_assessed") == "not_assessed":
        missing.append("speech, language and communication needs have not been assessed")
    if missing:
        yield ctx.verdict(
            "case",
            FINDING,
            first.id,
            "plan",
            f"The first intervention plan ({fmt(first.date)}) was made but {' and '.join(missing)}.",
            {"learning_style": case.diversity.get("learning_style"), "slcn": case.diversity.get("slcn")},
        )


@rule(
    "DIV-002",
    title="The plan addresses diversity needs",
    remedy="Add an objective addressing the child's needs to the plan.",
    history=(ORDER_ENDED,),
    severity="should",
    owner="CM",
    basis=INSPECTORATE,
    source_date="2013-07-17",
    source="SQS ¶4.2",
    standard="""
        Where speech, language or communication needs are identified or other needs are listed,
        the latest intervention plan has an objective addressing diversity.
    """,
    quote="That thinking was often not apparent within the recorded plan.",
    demo_rate=0.45,  # per case with needs: not in the recorded plan ¶4.2
)
def div_002(case: CaseSnapshot, ctx: Context) -> Iterator[Verdict]:
    """Passes: slcn identified and an objective addressing diversity.
    Fails: needs ["dyslexia"] and no objective addressing diversity.
    """
    slcn = case.diversity.get("slcn") == "identified"
    needs = [n for n in case.diversity.get("needs") or () if n]
    if not (slcn or needs):
        return
    plans = [p for p in case.plans if p.type == "intervention"]
    if not plans or plans[-1].addresses("diversity"):
        return
    latest = plans[-1]
    what = ", ".join((["speech, language or communication needs"] if slcn else []) + needs)
    yield ctx.verdict(
        "case",
        FINDING,
        latest.id,
        "plan",
        f"The child has identified needs ({what}) but the latest intervention plan "
        f"({fmt(latest.date)}) has no objective addressing them.",
        {"slcn": case.diversity.get("slcn"), "needs": needs},
    )
