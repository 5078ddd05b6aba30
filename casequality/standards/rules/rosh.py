"""Risk of serious harm to others (SQS ¶2.1-2.6): ROSH-001 to ROSH-006."""

from __future__ import annotations

from collections.abc import Iterator

from casequality.cases.vocabulary import MEDIUM
from casequality.standards.rulebook import LATE, ORDER_ENDED, REPLACED
from casequality.standards.rulemeta import INSPECTORATE
from casequality.standards.rules import FINDING, Context, Verdict, fmt, iso, level_words, parameter, rule
from casequality.standards.snapshot import Assessment, CaseSnapshot
from casequality.standards.text import mentions_word

FAMILY = "Risk of serious harm to others"

parameter(
    "full_rosh_due_wd",
    default=10,
    unit="working days",
    description="A full RoSH assessment is due this many working days after a screening that calls for it.",
    source="Project default",
    date="2026-11-26",
)

parameter(
    "rmp_due_wd",
    default=10,
    unit="working days",
    description="""
        A risk management plan is due this many working days after an assessment of RoSH medium
        or above.
    """,
    source="Project default",
    date="2026-11-26",
)


_FULL_LABELS = {"nature_of_harm": "the nature of the harm", "who_at_risk": "who is at risk", "victims": "victims"}


@rule(
    "ROSH-001",
    title="A positive RoSH screening is followed by a full assessment",
    remedy="Complete a full RoSH assessment.",
    history=(LATE, REPLACED, ORDER_ENDED),
    severity="must",
    owner="CM",
    basis=INSPECTORATE,
    source_date="2013-07-17",
    source="SQS ¶2.4, ¶2.5",
    standard="""
        Where any screening indicator of an assessment is true (the intuitive-feelings question
        included), a full RoSH assessment, on that assessment or a later one, is dated within
        full_rosh_due_wd working days of that assessment.
    """,
    quote="""
        Answered 'yes' to any of the indicators of serious harm in the screening section of
        Asset, including to the question about other intuitive feelings, that would
        automatically prompt the requirement for a full assessment.
    """,
    parameters=("full_rosh_due_wd",),
    demo_rate=0.06,  # per low-RoSH assessment: an indicator ticked, no full assessment ¶2.4-2.5
)
def rosh_001(case: CaseSnapshot, ctx: Context) -> Iterator[Verdict]:
    """Passes: screening "current offence" yes on 20 May 2013, full assessment on 29 May.
    Fails: the same screening with no full assessment by 4 June 2013 (10 working days,
    the spring bank holiday excluded): a task until then, a finding from 5 June.
    """
    for i, a in enumerate(case.assessments):
        indicators = [k for k, v in a.screening.items() if v]
        if not indicators:
            continue
        due = ctx.deadline(a.date, "full_rosh_due_wd")
        if any(b.full_date is not None and a.date <= b.full_date <= due for b in case.assessments[i:]):
            continue
        kind = ctx.kind(due)
        done = ctx.done_late(
            due, (b.full_date for b in case.assessments[i:] if b.full_date is not None and a.date <= b.full_date)
        )
        said = ", ".join(k.replace("_", " ") for k in indicators)
        message = (
            f"The RoSH screening of {fmt(a.date)} answered yes ({said}); no full RoSH assessment "
            f"was completed by {fmt(due)}."
            if kind == FINDING
            else f"The RoSH screening of {fmt(a.date)} answered yes ({said}); a full RoSH assessment "
            f"is due by {fmt(due)}."
        )
        yield ctx.verdict(
            a.id, kind, a.id, "assessment", message, {"indicators": indicators, "due": iso(due)}, due, done
        )


@rule(
    "ROSH-002",
    title="Medium or higher RoSH rests on a full assessment",
    remedy="Complete a full RoSH assessment, or review the classification.",
    history=(REPLACED, ORDER_ENDED),
    severity="must",
    owner="CM,TM",
    basis=INSPECTORATE,
    source_date="2013-07-17",
    source="SQS ¶2.4",
    standard="An assessment that classifies RoSH as medium or above has a full RoSH assessment.",
    quote="""
        Guidance clearly states that a full assessment must be completed before a case can be
        classified as medium or higher.
    """,
    demo_rate=0.25,  # per medium assessment: "classified as medium, but ... avoided ... a full assessment" ¶2.4
    judges_content=True,
)
def rosh_002(case: CaseSnapshot, ctx: Context) -> Iterator[Verdict]:
    """Passes: RoSH medium with a full assessment recorded on it.
    Fails: RoSH medium on 31 May 2013 with no full assessment.
    """
    for a in case.assessments:
        if a.rosh_rank >= MEDIUM and a.full is None:
            yield ctx.verdict(
                a.id,
                FINDING,
                a.id,
                "assessment",
                f"RoSH classified {level_words(a.rosh_level)} on {fmt(a.date)}; no full RoSH assessment recorded.",
                {"rosh_level": a.rosh_level},
            )


@rule(
    "ROSH-003",
    title="A full RoSH assessment says what, who and which victims",
    remedy="Say what the harm is, who is at risk and who the victims are.",
    history=(REPLACED, ORDER_ENDED),
    severity="should",
    owner="CM",
    basis=INSPECTORATE,
    source_date="2013-07-17",
    source="SQS ¶2.5",
    standard="""
        A full RoSH assessment states the nature of the harm, who is at risk and the known and
        potential victims, each in at least evidence_min_words words.
    """,
    quote="""
        The main opportunities for improvement were to ensure that the nature of the potential
        harm is clear, to clearly state who is at risk and to ensure that sufficient account is
        taken of known and potential victims.
    """,
    parameters=("evidence_min_words",),
    demo_rate=0.30,  # per full assessment: nature, who, victims unclear ¶2.5
)
def rosh_003(case: CaseSnapshot, ctx: Context) -> Iterator[Verdict]:
    """Passes: three paragraphs, each of 20 words or more.
    Fails: victims: "Unknown."
    """
    minimum = int(ctx.params["evidence_min_words"])
    for a in case.assessments:
        if a.full is None:
            continue
        short = {}
        for key in ("nature_of_harm", "who_at_risk", "victims"):
            n = case.word_count(a.full.get(key))
            if n < minimum:
                short[key] = n
        if short:
            listed = ", ".join(f"{_FULL_LABELS[k]} ({n} word{'' if n == 1 else 's'})" for k, n in short.items())
            yield ctx.verdict(
                a.id,
                FINDING,
                a.id,
                "assessment",
                f"The full RoSH assessment of {fmt(a.full_date or a.date)} says too little "
                f"(under {minimum} words) about: {listed}.",
                {"fields": short, "min_words": minimum},
            )


def _management_plan(
    case: CaseSnapshot,
    ctx: Context,
    plan_type: str,
    level: str | None,
    a: Assessment,
    param: str,
    addresses: str,
    what: str,
) -> Verdict | None:
    """ROSH-004's and VUL-002's check: a management plan in time, with a contingency and an objective."""
    due = ctx.deadline(a.date, param)
    plans = [p for p in case.plans if p.type == plan_type and a.date <= p.date <= due]
    if any((p.contingency or "").strip() and p.addresses(addresses) for p in plans):
        return None
    kind = ctx.kind(due)
    done = ctx.done_late(
        due,
        (
            p.date
            for p in case.plans
            if p.type == plan_type and a.date <= p.date and (p.contingency or "").strip() and p.addresses(addresses)
        ),
    )
    name = plan_type.replace("_", " ")
    if plans:
        last = plans[-1]
        gaps = []
        if not (last.contingency or "").strip():
            gaps.append("has no contingency")
        if not last.addresses(addresses):
            gaps.append(f"has no objective addressing {what}")
        problem = f"the {name} plan of {fmt(last.date)} {' and '.join(gaps)}"
    else:
        problem = f"there is no {name} plan"
    head = f"{what[0].upper()}{what[1:]} assessed {level_words(level)} on {fmt(a.date)}"
    message = (
        f"{head}; by {fmt(due)} {problem}."
        if kind == FINDING
        else f"{head}; a {name} plan is due by {fmt(due)} ({problem})."
    )
    return ctx.verdict(
        a.id,
        kind,
        a.id,
        "assessment",
        message,
        {"level": level, "due": iso(due), "plans": [p.id for p in plans]},
        due,
        done,
    )


@rule(
    "ROSH-004",
    title="Medium or higher RoSH has a risk management plan",
    remedy="Write a risk management plan with a contingency and an objective on RoSH.",
    history=(LATE, REPLACED, ORDER_ENDED),
    severity="must",
    owner="CM",
    basis=INSPECTORATE,
    source_date="2013-07-17",
    source="SQS ¶2.6",
    standard="""
        Where RoSH is medium or above, a risk management plan is dated within rmp_due_wd working
        days of that assessment, with a contingency and at least one objective addressing RoSH.
    """,
    quote="""
        Sometimes this was because a formal risk management plan ... had not been completed in a
        case where it was required.
    """,
    parameters=("rmp_due_wd",),
    demo_rate=0.25,  # per medium+ assessment: no (adequate) risk management plan ¶2.6 (good enough in half)
)
def rosh_004(case: CaseSnapshot, ctx: Context) -> Iterator[Verdict]:
    """Passes: RoSH high on 2 April 2013, a plan on 10 April with both.
    Fails: the same with no plan by 16 April 2013 (10 working days, Easter Monday
    excluded): a task until then, a finding from 17 April.
    """
    for a in case.assessments:
        if a.rosh_rank >= MEDIUM:
            v = _management_plan(case, ctx, "risk_management", a.rosh_level, a, "rmp_due_wd", "rosh", "RoSH")
            if v:
                yield v


@rule(
    "ROSH-005",
    title="The risk management plan deals with victims",
    remedy="Add how victims' safety is managed to the plan's objectives or contingency.",
    history=(REPLACED, ORDER_ENDED),
    severity="should",
    owner="CM",
    basis=INSPECTORATE,
    source_date="2013-07-17",
    source="SQS ¶2.6",
    standard="""
        A risk management plan resting on an assessment whose full RoSH assessment names
        victims has an objective or a contingency that mentions victims (a word beginning
        "victim", whatever its capitals).
    """,
    quote="Clear planning to manage victims' issues was also a common area for improvement.",
    demo_rate=0.35,  # per RMP: "planning to manage victims' issues ... a common area for improvement" ¶2.6
)
def rosh_005(case: CaseSnapshot, ctx: Context) -> Iterator[Verdict]:
    """Passes: contingency "If contact with the victim is attempted, inform the police."
    Fails: victims named in the full assessment and neither objectives nor contingency
    mention them.
    """
    for p in case.plans:
        if p.type != "risk_management":
            continue
        a = case.plan_assessment(p)
        if a is None or a.full is None or not (a.full.get("victims") or "").strip():
            continue
        if mentions_word(p.contingency, "victim") or any(mentions_word(o.get("text"), "victim") for o in p.objectives):
            continue
        yield ctx.verdict(
            p.id,
            FINDING,
            p.id,
            "plan",
            f"The risk management plan of {fmt(p.date)} does not mention victims, although the full RoSH "
            f"assessment of {fmt(a.date)} names them.",
            {"assessment": a.id},
        )


@rule(
    "ROSH-006",
    title="A custodial sentence plan addresses RoSH",
    remedy="Add an objective addressing RoSH to the custodial sentence plan.",
    history=(REPLACED, ORDER_ENDED),
    severity="must",
    owner="CM",
    basis=INSPECTORATE,
    source_date="2013-07-17",
    source="SQS ¶2.6",
    standard="""
        A custodial sentence plan whose assessment classifies RoSH as medium or above has an
        objective addressing RoSH.
    """,
    quote="""
        In custodial cases the sentence plan developed during the custodial phase often did not
        include sufficient interventions designed to address the YOS assessment of risk of harm
        to others.
    """,
    demo_rate=0.40,  # per custodial plan: "often did not include sufficient interventions" on RoSH ¶2.6
    judges_content=True,
)
def rosh_006(case: CaseSnapshot, ctx: Context) -> Iterator[Verdict]:
    """Passes: RoSH high and an objective addressing rosh.
    Fails: RoSH high and objectives about education only.
    """
    for p in case.plans:
        if p.type != "custodial_sentence":
            continue
        a = case.plan_assessment(p)
        if a is None or a.rosh_rank < MEDIUM or p.addresses("rosh"):
            continue
        yield ctx.verdict(
            p.id,
            FINDING,
            p.id,
            "plan",
            f"The custodial sentence plan of {fmt(p.date)} has no objective addressing RoSH, which the "
            f"assessment of {fmt(a.date)} classifies {level_words(a.rosh_level)}.",
            {"assessment": a.id, "rosh_level": a.rosh_level},
        )
