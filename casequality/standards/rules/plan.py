"""Planning (SQS ¶1.4, ¶1.5, ¶4.4): PLAN-001 to PLAN-007."""

from __future__ import annotations

from collections.abc import Iterator

from casequality.cases.vocabulary import COMMUNITY_ORDERS, order_words
from casequality.standards.rulebook import LATE, ORDER_ENDED, REPLACED
from casequality.standards.rulemeta import INSPECTORATE
from casequality.standards.rules import FINDING, Context, Verdict, fmt, iso, parameter, rule
from casequality.standards.snapshot import SECTIONS, CaseSnapshot
from casequality.standards.text import looks_welsh, reading_grade

FAMILY = "Planning"

parameter(
    "plan_due_wd",
    default=15,
    unit="working days",
    description="An order's first plan is due this many working days after the order starts.",
    source="Project default",
    date="2026-11-26",
)

parameter(
    "plan_section_threshold",
    default=3,
    unit="Asset section score",
    description="An Asset section scored at or above this is addressed by the intervention plan.",
    source="Project default: an Asset section scored 3 or 4 is strongly associated with offending",
    date="2026-11-26",
)

parameter(
    "panel_due_wd",
    default=20,
    unit="working days",
    description="A referral order's initial panel meeting is due this many working days after the court date.",
    source="Referral order initial panel; widely used local standard",
    date="2026-11-26",
)

parameter(
    "child_version_max_grade",
    default=6,
    unit="Flesch-Kincaid grade",
    description="The highest reading grade of a plan's child version.",
    source="Project default: many children in the system have speech, language or communication needs",
    date="2026-11-26",
)


PLAN_TYPES_WITH_OBJECTIVES = ("intervention", "risk_management", "vulnerability_management")


@rule(
    "PLAN-001",
    title="Each community order has a timely intervention plan",
    remedy="Write the intervention plan.",
    history=(LATE, ORDER_ENDED),
    severity="must",
    owner="CM",
    basis=INSPECTORATE,
    source_date="2013-07-17",
    source="SQS ¶1.4",
    standard="""
        Each community statutory order (referral order, youth rehabilitation order) has an
        intervention plan dated within plan_due_wd working days of its start.
    """,
    quote="Planning for work to reduce likelihood of reoffending was variable.",
    parameters=("plan_due_wd",),
    demo_rate=0.10,  # per order: intervention plan missing or late
)
def plan_001(case: CaseSnapshot, ctx: Context) -> Iterator[Verdict]:
    """Passes: a YRO starting 25 March 2013 with an intervention plan on 10 April 2013.
    Fails: the same YRO with no plan by 17 April 2013 (15 working days, Good Friday and
    Easter Monday excluded): a task until then, a finding from 18 April.
    """
    for order in case.orders:
        if order.type not in COMMUNITY_ORDERS:
            continue
        due = ctx.deadline(order.start, "plan_due_wd")
        if any(p.type == "intervention" and order.start <= p.date <= due for p in case.plans):
            continue
        kind = ctx.kind(due)
        done = ctx.done_late(due, (p.date for p in case.plans if p.type == "intervention" and order.start <= p.date))
        what = f"The {order_words(order.type)} started on {fmt(order.start)}"
        message = (
            f"{what}; no intervention plan was dated by {fmt(due)}."
            if kind == FINDING
            else f"{what}; its intervention plan is due by {fmt(due)}."
        )
        yield ctx.verdict(
            order.id,
            kind,
            order.id,
            "order",
            message,
            {"order_type": order.type, "order_start": iso(order.start), "due": iso(due)},
            due,
            done,
        )


@rule(
    "PLAN-002",
    title="Objectives are specific and time-bound",
    remedy="Give each objective a target date, a person responsible and a specific aim.",
    history=(REPLACED, ORDER_ENDED),
    severity="should",
    owner="CM",
    basis=INSPECTORATE,
    source_date="2013-07-17",
    source="SQS ¶1.4",
    standard="""
        Every objective of an intervention, risk or vulnerability plan has a target date, a
        person responsible and at least five words of text.
    """,
    quote="""
        Some plans had Specific, Measurable, Achievable, Realistic and Time-bounded (SMART)
        objectives ... however this was not common.
    """,
    demo_rate=0.35,  # per plan: SMART objectives "not common" ¶1.4
)
def plan_002(case: CaseSnapshot, ctx: Context) -> Iterator[Verdict]:
    """Passes: "Attend the anger management group every week" by 1 August 2013, who: Sam.
    Fails: "Anger" with no target date.
    """
    for p in case.plans:
        if p.type not in PLAN_TYPES_WITH_OBJECTIVES:
            continue
        problems = []
        for i, o in enumerate(p.objectives, 1):
            missing = []
            if not o.get("by"):
                missing.append("no target date")
            if not (o.get("who") or "").strip():
                missing.append("no one responsible")
            if case.word_count(o.get("text")) < 5:
                missing.append("fewer than five words")
            if missing:
                problems.append(f"objective {i}: {', '.join(missing)}")
        if problems:
            yield ctx.verdict(
                p.id,
                FINDING,
                p.id,
                "plan",
                f"The {p.type.replace('_', ' ')} plan of {fmt(p.date)} has objectives that are not specific "
                f"and time-bound: {'; '.join(problems)}.",
                {"objectives": problems},
            )


@rule(
    "PLAN-003",
    title="The plan addresses what the assessment found",
    remedy="Add an objective for each section the assessment scored high.",
    history=(REPLACED, ORDER_ENDED),
    severity="should",
    owner="CM",
    basis=INSPECTORATE,
    source_date="2013-07-17",
    source="SQS ¶1.4",
    standard="""
        For each intervention plan, every Asset section scored at or above
        plan_section_threshold in that plan's assessment is addressed by at least one of its
        objectives.
    """,
    quote="Sometimes the link between the assessment and the objectives in the plan was unclear.",
    parameters=("plan_section_threshold",),
    demo_rate=0.25,  # per plan: "link between the assessment and the objectives ... unclear" ¶1.4
)
def plan_003(case: CaseSnapshot, ctx: Context) -> Iterator[Verdict]:
    """Passes: substance use scored 3 and an objective addressing substance_use.
    Fails: substance use scored 3 and no objective addressing it.
    """
    threshold = int(ctx.params["plan_section_threshold"])
    for p in case.plans:
        if p.type != "intervention":
            continue
        a = case.plan_assessment(p)
        if a is None or not a.scores:
            continue
        addressed = {x for o in p.objectives for x in (o.get("addresses") or ())}
        missing = [s for s in SECTIONS if int(a.scores.get(s) or 0) >= threshold and s not in addressed]
        if missing:
            yield ctx.verdict(
                p.id,
                FINDING,
                p.id,
                "plan",
                f"The intervention plan of {fmt(p.date)} has no objective for "
                f"{', '.join(s.replace('_', ' ') for s in missing)}, scored {threshold} or more in the "
                f"assessment of {fmt(a.date)}.",
                {"assessment": a.id, "sections": {s: a.scores.get(s) for s in missing}, "threshold": threshold},
            )


@rule(
    "PLAN-004",
    title="A referral order's initial panel is timely",
    remedy="Hold the initial panel meeting.",
    history=(LATE, ORDER_ENDED),
    severity="must",
    owner="CM",
    basis=INSPECTORATE,
    source_date="2013-07-17",
    source="SQS ¶1.4",
    standard="A referral order has an initial panel meeting within panel_due_wd working days of its court date.",
    quote="For referral orders, the initial youth offender panel meeting to agree a contract was often late.",
    parameters=("panel_due_wd",),
    demo_rate=0.30,  # per referral order: initial panel "often late" ¶1.4
)
def plan_004(case: CaseSnapshot, ctx: Context) -> Iterator[Verdict]:
    """Passes: court on 2 April 2013, initial panel on 24 April 2013.
    Fails: court on 2 April 2013, no initial panel by 30 April 2013 (20 working days,
    Easter Monday excluded): a task until then, a finding from 1 May.
    """
    for order in case.orders:
        if order.type != "referral_order":
            continue
        due = ctx.deadline(order.court_date, "panel_due_wd")
        if any(
            e.type == "panel_meeting" and e.get("kind") == "initial" and order.court_date <= e.date <= due
            for e in case.events
        ):
            continue
        kind = ctx.kind(due)
        done = ctx.done_late(
            due,
            (
                e.date
                for e in case.events
                if e.type == "panel_meeting" and e.get("kind") == "initial" and order.court_date <= e.date
            ),
        )
        message = (
            f"The referral order made on {fmt(order.court_date)} had no initial panel meeting by {fmt(due)}."
            if kind == FINDING
            else f"The referral order made on {fmt(order.court_date)} needs its initial panel meeting by {fmt(due)}."
        )
        yield ctx.verdict(
            order.id,
            kind,
            order.id,
            "order",
            message,
            {"court_date": iso(order.court_date), "due": iso(due)},
            due,
            done,
        )


@rule(
    "PLAN-005",
    title="A custodial order has a sentence plan for both phases",
    remedy="Write a custodial sentence plan covering custody and community, naming its assessment.",
    history=(LATE, ORDER_ENDED),
    severity="must",
    owner="CM",
    basis=INSPECTORATE,
    source_date="2013-07-17",
    source="SQS ¶1.5",
    standard="""
        A custodial order has, within plan_due_wd working days of its start, a custodial
        sentence plan whose phases include both custody and community and which names its
        assessment.
    """,
    quote="It should reflect the YOS assessment of likelihood of reoffending and both elements of the sentence.",
    parameters=("plan_due_wd",),
    demo_rate=0.35,  # per custodial order: "just under half of the custodial sentence plans met this standard" ¶1.5
)
def plan_005(case: CaseSnapshot, ctx: Context) -> Iterator[Verdict]:
    """Passes: a DTO from 4 March 2013 and a plan on 12 March with both phases and its
    assessment.
    Fails: the same DTO whose only plan covers the custody phase alone.
    """
    for order in case.orders:
        if not order.custodial:
            continue
        due = ctx.deadline(order.start, "plan_due_wd")
        plans = [p for p in case.plans if p.type == "custodial_sentence" and order.start <= p.date <= due]
        if any({"custody", "community"} <= set(p.phases) and p.assessment for p in plans):
            continue
        kind = ctx.kind(due)
        done = ctx.done_late(
            due,
            (
                p.date
                for p in case.plans
                if p.type == "custodial_sentence"
                and order.start <= p.date
                and {"custody", "community"} <= set(p.phases)
                and p.assessment
            ),
        )
        what = f"The {order_words(order.type)} started on {fmt(order.start)}"
        if plans:
            gaps = []
            last = plans[-1]
            if not {"custody", "community"} <= set(last.phases):
                gaps.append("does not cover both the custody and community phases")
            if not last.assessment:
                gaps.append("does not name its assessment")
            problem = f"its custodial sentence plan of {fmt(last.date)} {' and '.join(gaps)}"
        else:
            problem = "there is no custodial sentence plan"
        message = (
            f"{what}; by {fmt(due)} {problem}."
            if kind == FINDING
            else f"{what}; a custodial sentence plan for both phases is due by {fmt(due)} ({problem})."
        )
        yield ctx.verdict(
            order.id,
            kind,
            order.id,
            "order",
            message,
            {"order_start": iso(order.start), "due": iso(due), "plans": [p.id for p in plans]},
            due,
            done,
        )


@rule(
    "PLAN-006",
    title="The plan is agreed with the child and a parent or carer",
    remedy="Agree the plan with the child and a parent or carer, and record it.",
    history=(REPLACED, ORDER_ENDED),
    severity="should",
    owner="CM",
    basis=INSPECTORATE,
    source_date="2013-07-17",
    source="SQS ¶4.4",
    standard="Each intervention plan is agreed with the child and with a parent or carer.",
    quote="""
        Engagement of both children and young people and their parents/carers in the development
        of plans needed substantial improvement.
    """,
    demo_rate=0.30,  # per plan: engagement in planning "needed substantial improvement" ¶4.4
)
def plan_006(case: CaseSnapshot, ctx: Context) -> Iterator[Verdict]:
    """Passes: agreed_with_child and agreed_with_parent both true.
    Fails: agreed with the child only.
    """
    for p in case.plans:
        if p.type != "intervention" or (p.agreed_with_child and p.agreed_with_parent):
            continue
        who = [
            w for w, ok in (("the child", p.agreed_with_child), ("a parent or carer", p.agreed_with_parent)) if not ok
        ]
        yield ctx.verdict(
            p.id,
            FINDING,
            p.id,
            "plan",
            f"The intervention plan of {fmt(p.date)} is not recorded as agreed with {' or '.join(who)}.",
            {"agreed_with_child": p.agreed_with_child, "agreed_with_parent": p.agreed_with_parent},
        )


@rule(
    "PLAN-007",
    title="The child's version of the plan is easy to read",
    remedy="Write the child's version of the plan in short, plain words.",
    history=(REPLACED, ORDER_ENDED),
    severity="should",
    owner="CM",
    basis=INSPECTORATE,
    source_date="2013-07-17",
    source="SQS ¶4.4",
    standard="""
        Each intervention plan has a child's version whose reading grade (Flesch-Kincaid) is at
        most child_version_max_grade. The grade measures English only: a child's version
        written in Welsh, wholly or in part (read from its words, as the record has no language
        field), is not graded, and needs a person who reads Welsh to judge it.
    """,
    quote="Written in language that is meaningful to them.",
    parameters=("child_version_max_grade",),
    demo_rate=0.30,  # per plan: not "written in language that is meaningful to them" ¶4.4
)
def plan_007(case: CaseSnapshot, ctx: Context) -> Iterator[Verdict]:
    """Passes: "You will meet Sam every week. We will talk about school."
    Fails: no child's version, or "The multidisciplinary intervention programme
    necessitates comprehensive engagement with educational establishments."
    """
    limit = float(ctx.params["child_version_max_grade"])
    for p in case.plans:
        if p.type != "intervention":
            continue
        text = (p.child_version or "").strip()
        if not text:
            yield ctx.verdict(
                p.id,
                FINDING,
                p.id,
                "plan",
                f"The intervention plan of {fmt(p.date)} has no version written for the child.",
                {"child_version": None},
            )
            continue
        if looks_welsh(text):
            continue  # Flesch-Kincaid is an English measure: a Welsh text is not graded
        grade = reading_grade(text)
        if grade > limit:
            yield ctx.verdict(
                p.id,
                FINDING,
                p.id,
                "plan",
                f"The child's version of the intervention plan of {fmt(p.date)} reads at grade {grade:g} "
                f"(Flesch-Kincaid); it should be {limit:g} or below.",
                {"grade": grade, "max_grade": limit},
            )
