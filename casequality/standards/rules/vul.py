"""Vulnerability and safeguarding (SQS ¶3.1-3.5): VUL-001 to VUL-004."""

from __future__ import annotations

from collections.abc import Iterator

from casequality.cases.vocabulary import MEDIUM, level_rank
from casequality.standards.rulebook import LATE, ORDER_ENDED, REPLACED
from casequality.standards.rulemeta import INSPECTORATE
from casequality.standards.rules import FINDING, Context, Verdict, fmt, level_words, parameter, rule
from casequality.standards.rules.rosh import _management_plan
from casequality.standards.snapshot import CaseSnapshot

FAMILY = "Vulnerability and safeguarding"

parameter(
    "vmp_due_wd",
    default=10,
    unit="working days",
    description="""
        A vulnerability management plan is due this many working days after the assessment that
        calls for it.
    """,
    source="Project default",
    date="2026-11-26",
)

parameter(
    "vmp_threshold",
    default="medium",
    unit="level (low, medium, high, very_high)",
    description="""
        A vulnerability at or above this level calls for a vulnerability management plan. A
        local choice: no national rule or inspection sets the level.
    """,
    source=(
        'Local practice (project default, medium): SQS ¶3.2 asks for a plan "in all cases where we '
        'considered it was required" and names no level'
    ),
    date="2026-11-26",
)


@rule(
    "VUL-001",
    title="A start assessment assesses vulnerability with evidence",
    remedy="Record the vulnerability level with its evidence.",
    history=(REPLACED, ORDER_ENDED),
    severity="must",
    owner="CM",
    basis=INSPECTORATE,
    source_date="2013-07-17",
    source="SQS ¶3.1",
    standard="""
        A start assessment (an assessment whose recorded stage is start) records a
        vulnerability level with evidence of at least evidence_min_words words.
    """,
    quote="""
        In some cases more attention needed to be given to bring together all relevant
        behaviours, rather than restrict the assessment to the immediate presenting issue.
    """,
    parameters=("evidence_min_words",),
    demo_rate=0.12,  # per start assessment: vulnerability evidence thin (sufficient in three-quarters ¶3.1)
    judges_content=True,
)
def vul_001(case: CaseSnapshot, ctx: Context) -> Iterator[Verdict]:
    """Passes: level medium with a 25-word account of self-harm and exploitation risks.
    Fails: level low with the evidence "No concerns."
    """
    minimum = int(ctx.params["evidence_min_words"])
    for a in case.assessments:
        if a.stage != "start":
            continue
        n = case.word_count(a.vul_evidence)
        if a.vul_level and n >= minimum:
            continue
        problem = (
            "no vulnerability level"
            if not a.vul_level
            else (
                f"vulnerability {level_words(a.vul_level)} with {n} word{'' if n == 1 else 's'} of evidence (at least "
                f"{minimum} needed)"
            )
        )
        yield ctx.verdict(
            a.id,
            FINDING,
            a.id,
            "assessment",
            f"The start assessment of {fmt(a.date)} records {problem}.",
            {"level": a.vul_level, "words": n, "min_words": minimum},
        )


@rule(
    "VUL-002",
    title="Vulnerability has a vulnerability management plan",
    remedy="Write a vulnerability management plan with a contingency and an objective on vulnerability.",
    history=(LATE, REPLACED, ORDER_ENDED),
    severity="must",
    owner="CM",
    basis=INSPECTORATE,
    source_date="2013-07-17",
    source="SQS ¶3.2",
    standard="""
        Where vulnerability is at or above vmp_threshold, a vulnerability management plan is
        dated within vmp_due_wd working days of the assessment, with a contingency and an
        objective addressing vulnerability. The threshold is the service's own (a local
        parameter): the inspectors asked for a plan where one was required, at no set level.
    """,
    quote="""
        A formal vulnerability management plan had not been produced in all cases where we
        considered it was required.
    """,
    parameters=("vmp_threshold", "vmp_due_wd"),
    demo_rate=0.30,  # per medium+ vulnerability: "a formal vulnerability management plan had not been produced" ¶3.2
)
def vul_002(case: CaseSnapshot, ctx: Context) -> Iterator[Verdict]:
    """Passes: vulnerability medium on 20 May 2013, a plan with both on 24 May.
    Fails: the same with no plan by 4 June 2013 (10 working days, the spring bank holiday
    excluded): a task until then, a finding from 5 June.
    """
    threshold = level_rank(str(ctx.params["vmp_threshold"]))
    for a in case.assessments:
        if a.vul_rank >= threshold >= 0:
            v = _management_plan(
                case, ctx, "vulnerability_management", a.vul_level, a, "vmp_due_wd", "vulnerability", "vulnerability"
            )
            if v:
                yield v


@rule(
    "VUL-003",
    title="Vulnerability assessment uses other agencies' information",
    remedy="Ask the other agencies involved and add what they know to the assessment.",
    history=(REPLACED, ORDER_ENDED),
    severity="should",
    owner="CM",
    basis=INSPECTORATE,
    source_date="2013-07-17",
    source="SQS ¶3.1",
    standard="Where vulnerability is medium or above, the assessment used other agencies' information.",
    quote="To make full use of information or assessments held by other agencies.",
    demo_rate=0.25,  # per medium+ vulnerability: "make full use of information ... held by other agencies" ¶3.1
)
def vul_003(case: CaseSnapshot, ctx: Context) -> Iterator[Verdict]:
    """Passes: vulnerability high, other_agency_information_used true.
    Fails: vulnerability high, other_agency_information_used false.
    """
    for a in case.assessments:
        if a.vul_rank >= MEDIUM and not a.vul_other_agency:
            yield ctx.verdict(
                a.id,
                FINDING,
                a.id,
                "assessment",
                f"Vulnerability assessed {level_words(a.vul_level)} on {fmt(a.date)} without "
                f"information from other agencies.",
                {"level": a.vul_level},
            )


@rule(
    "VUL-004",
    title="A looked-after child has a social worker recorded",
    remedy="Record the child's social worker.",
    history=(ORDER_ENDED,),
    severity="should",
    owner="CM",
    basis=INSPECTORATE,
    source_date="2013-07-17",
    source="SQS ¶3.5",
    standard="A looked-after child has a social worker recorded.",
    quote="""
        Case managers reported significantly improved joint work with allocated social workers
        for children who were looked after.
    """,
    demo_rate=0.12,  # per looked-after child: no social worker recorded
)
def vul_004(case: CaseSnapshot, ctx: Context) -> Iterator[Verdict]:
    """Passes: looked_after true and social_worker "Dana Reid".
    Fails: looked_after true and no social worker.
    """
    if case.looked_after and not (case.social_worker or "").strip():
        yield ctx.verdict(
            "case",
            FINDING,
            case.id,
            "case",
            "The child is looked after but no social worker is recorded.",
            {"looked_after": True},
        )
