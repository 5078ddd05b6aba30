"""Diversity and engagement (SQS ¶4.1-4.4): DIV-001, DIV-002, ENG-001, ENG-002."""
from __future__ import annotations

from casequality.standards.rules import FINDING, Context, Verdict, fmt, rule
from casequality.standards.snapshot import CaseSnapshot


@rule("DIV-001")
def div_001(case: CaseSnapshot, ctx: Context):
    """Learning style and communication needs are assessed before planning (SQS ¶4.1).

    Standard: by the date of the first intervention plan, the child's learning style is
    recorded and SLCN is assessed (`slcn` is not `not_assessed`).
    Passes: learning style "visual, short sessions", slcn not_identified.
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
        yield Verdict("DIV-001", "case", FINDING, first.id, "plan",
                      f"The first intervention plan ({fmt(first.date)}) was made but {' and '.join(missing)}.",
                      {"learning_style": case.diversity.get("learning_style"), "slcn": case.diversity.get("slcn")})


@rule("DIV-002")
def div_002(case: CaseSnapshot, ctx: Context):
    """The plan addresses diversity needs (SQS ¶4.2).

    Standard: where SLCN is identified or needs are listed, the latest intervention plan
    has an objective addressing diversity.
    Passes: slcn identified and an objective addressing diversity.
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
    yield Verdict("DIV-002", "case", FINDING, latest.id, "plan",
                  f"The child has identified needs ({what}) but the latest intervention plan "
                  f"({fmt(latest.date)}) has no objective addressing them.",
                  {"slcn": case.diversity.get("slcn"), "needs": needs})


@rule("ENG-001")
def eng_001(case: CaseSnapshot, ctx: Context):
    """A start assessment records the child's views (SQS ¶4.3).

    Standard: a start assessment records the child's own account (`child_views`).
    Passes: child_views "I want to go back to college."
    Fails: child_views null.
    """
    for a in case.assessments:
        if a.stage == "start" and not (a.child_views or "").strip():
            yield Verdict("ENG-001", a.id, FINDING, a.id, "assessment",
                          f"The start assessment of {fmt(a.date)} does not record the child's own views.", {})


@rule("ENG-002")
def eng_002(case: CaseSnapshot, ctx: Context):
    """Parents or carers contribute to the start assessment (SQS ¶4.3).

    Standard: a start assessment records that a parent or carer contributed.
    Passes: parent_contributed true.
    Fails: parent_contributed false.
    """
    for a in case.assessments:
        if a.stage == "start" and not a.parent_contributed:
            yield Verdict("ENG-002", a.id, FINDING, a.id, "assessment",
                          f"The start assessment of {fmt(a.date)} does not record a contribution from a parent "
                          f"or carer.", {})
