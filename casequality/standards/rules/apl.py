"""AssetPlus assessment and planning (today's record): APL-001 to APL-006.

These rules read an assessment's AssetPlus detail (`assetplus`, casequality/2): its
stages, rationales and the child's self-assessment. A record without that detail (every
version 1 record, and an Asset assessment) gives them nothing to judge, so they never fire
on it; the Asset-era rules (LOR, PLAN, ROSH, VUL...) judge it as before. RoSH and safety
and wellbeing stay where version 1 holds them (`rosh.level`, `vulnerability.level`), so
ROSH-004 and VUL-002 already ask for the risk and safety plans of an AssetPlus assessment.
Sources and assumptions: docs/decisions/0016-rules-for-todays-record.md.
"""

from __future__ import annotations

from collections.abc import Iterator

from casequality.cases.vocabulary import MEDIUM, order_words
from casequality.standards.rulebook import LATE, ORDER_ENDED, REPLACED
from casequality.standards.rulemeta import INSPECTORATE, NATIONAL
from casequality.standards.rules import FINDING, Context, Verdict, fmt, iso, level_words, rule
from casequality.standards.rules.lor import start_event
from casequality.standards.snapshot import (
    ASSETPLUS_JUDGEMENTS,
    ASSETPLUS_STAGE_WORDS,
    ASSETPLUS_STAGES,
    Assessment,
    CaseSnapshot,
    Order,
    Plan,
)

FAMILY = "AssetPlus assessment and planning"

CMG_ASSESS = 'YJB Case Management Guidance, "How to assess children in the youth justice system"'
CMG_WORK = 'YJB Case Management Guidance, "How to work with children"'
HMIP_ASSESS = 'HMIP youth evidence base, "Assessment"'
HMIP_PLAN = 'HMIP youth evidence base, "Planning"'


def _order_of(case: CaseSnapshot, a: Assessment) -> Order | None:
    """The statutory order an AssetPlus start assessment is for: the latest started by its
    date, else the first starting after it (an assessment begun before the order starts)."""
    orders = case.statutory_orders()
    started = [o for o in orders if o.start <= a.date]
    if started:
        return max(started, key=lambda o: o.start)
    later = [o for o in orders if o.start > a.date]
    return min(later, key=lambda o: o.start) if later else None


@rule(
    "APL-001",
    title="AssetPlus is completed in time after the order starts",
    remedy="""
        Complete the AssetPlus stages still open: information gathering, explanations and
        conclusions, pathways and planning.
    """,
    history=(LATE, REPLACED, ORDER_ENDED),
    severity="must",
    owner="CM",
    basis=NATIONAL,
    source_date="undated",
    source=f'{CMG_ASSESS}; HMIP youth evidence base, "Planning" (pathways and planning)',
    standard="""
        An AssetPlus start assessment (an assessment whose AssetPlus trigger is start, whatever
        its recorded stage) has its information gathering, explanations and conclusions, and
        pathways and planning stages completed within assessment_due_wd working days of its
        order's start event as LOR-001 defines it (assessment_due_wd_referral_order for a
        referral order; of the assessment's own date where the case has no statutory order).
        A stage completed before that day counts: there is no lower bound.
    """,
    quote="""
        It is undertaken before any work commences with the child and is the start of a
        dynamic and cyclical process. This process leads to the planning of work,
        supervision of the child and a review of progress.
    """,
    parameters=("assessment_due_wd", "assessment_due_wd_referral_order"),
    demo_rate=0.18,  # per AssetPlus start assessment: a stage late (0.10) or never done (0.08), the generator's
)
def apl_001(case: CaseSnapshot, ctx: Context) -> Iterator[Verdict]:
    """Passes: a YRO from 1 May 2013; all three stages completed by 20 May 2013.
    Fails: the same with pathways and planning not completed by 23 May 2013 (15 working
    days, the May Day bank holiday excluded): a task until then, a finding from 24 May.
    """
    for a in case.assessments:
        ap = a.assetplus
        if ap is None or ap.trigger != "start":
            continue
        order = _order_of(case, a)
        if order is not None:
            param = "assessment_due_wd_referral_order" if order.type == "referral_order" else "assessment_due_wd"
            start = start_event(order)
            due = ctx.deadline(start, param)
            since = (
                f"the {order_words(order.type)} was made on {fmt(start)}"
                if order.type == "referral_order"
                else f"the {order_words(order.type)} started on {fmt(start)}"
            )
        else:
            due = ctx.deadline(a.date, "assessment_due_wd")
            since = f"the assessment began on {fmt(a.date)}"
        days = [ap.completed[s] for s in ASSETPLUS_STAGES]
        open_by_due = [s for s, d in zip(ASSETPLUS_STAGES, days) if d is None or d > due]
        if not open_by_due:
            continue
        kind = ctx.kind(due)
        completed = [d for d in days if d is not None]
        done = ctx.done_late(due, [max(completed)]) if len(completed) == len(days) else None
        stages = ", ".join(ASSETPLUS_STAGE_WORDS[s] for s in open_by_due)
        message = (
            f"The AssetPlus start assessment of {fmt(a.date)}: {since}, and by {fmt(due)} these stages "
            f"were not completed: {stages}."
            if kind == FINDING
            else f"The AssetPlus start assessment of {fmt(a.date)}: {since}; complete {stages} by {fmt(due)}."
        )
        yield ctx.verdict(
            a.id,
            kind,
            a.id,
            "assessment",
            message,
            {"stages": open_by_due, "order": order.id if order else None, "due": iso(due)},
            due,
            done,
        )


@rule(
    "APL-002",
    title="A significant change is followed by an AssetPlus review",
    remedy="Review the AssetPlus assessment, naming the change, and complete its explanations and conclusions.",
    history=(LATE, ORDER_ENDED),
    severity="must",
    owner="CM",
    basis=NATIONAL,
    source_date="undated",
    source=f'{CMG_WORK}; HMIP youth evidence base, "Reviewing"',
    standard="""
        Where the case's assessment on the day of a significant change is an AssetPlus one,
        an AssetPlus assessment naming that change (or a later one: a review takes in every
        change before it, a change recorded after it on the same day included, as record
        order decides a tie; or a new start or transfer AssetPlus begun on or after it) has
        its explanations and conclusions completed within review_after_change_wd working
        days of the change (by that day: a completion dated earlier counts too).
    """,
    quote="""
        Reviewing the progress of the order when there is significant change (and at least
        every three months) with the child.
    """,
    parameters=("review_after_change_wd",),
    demo_rate=0.25,
)
def apl_002(case: CaseSnapshot, ctx: Context) -> Iterator[Verdict]:
    """Passes: a change of address on 2 May 2013 and an AssetPlus review naming it whose
    explanations and conclusions are completed on 15 May.
    Fails: no such review by 17 May 2013: a task until then, a finding from 18 May.
    """
    changes = [e for e in case.events if e.type == "significant_change"]
    # A change's place among the changes: by date, then record order (decision 0008's tie
    # rule), so a change recorded after another on the same day is a later one.
    place = {e.id: n for n, e in enumerate(changes)}
    for e in changes:
        current = case.assessment_on(e.date)
        if current is None or current.assetplus is None:
            continue
        due = ctx.deadline(e.date, "review_after_change_wd")
        reviews = [
            b.assetplus.completed["explanations_conclusions"]
            for b in case.assessments
            if b.assetplus is not None
            and (
                b.assetplus.significant_change == e.id
                or place.get(b.assetplus.significant_change or "", -1) > place[e.id]
                or (b.assetplus.trigger in ("start", "transfer") and b.date >= e.date)
            )
        ]
        if any(d is not None and d <= due for d in reviews):
            continue
        kind = ctx.kind(due)
        done = ctx.done_late(due, reviews)
        change = (e.get("kind") or "other").replace("_", " ")
        message = (
            f"A significant change ({change}) on {fmt(e.date)} was not followed by an AssetPlus review naming "
            f"it (or a new start), with its explanations and conclusions completed, by {fmt(due)}."
            if kind == FINDING
            else f"A significant change ({change}) on {fmt(e.date)} calls for an AssetPlus review naming it, with "
            f"its explanations and conclusions completed, by {fmt(due)}."
        )
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
    "APL-003",
    title="The child's self-assessment is part of the AssetPlus assessment",
    remedy="Ask the child to complete their self-assessment, and record it.",
    history=(REPLACED, ORDER_ENDED),
    severity="should",
    owner="CM",
    basis=NATIONAL,
    source_date="undated",
    source=f'{CMG_ASSESS}; YJ Resource Hub, "Assessment"; {HMIP_ASSESS}',
    standard="""
        An AssetPlus start assessment (AssetPlus trigger start) whose pathways and planning
        stage is completed has the child's self-assessment: its self-assessment stage completed, or the child's
        self-assessment recorded.
    """,
    quote="""
        Children should be supported to be involved in assessing their own needs ...
        Self-assessment promotes engagement and compliance with the requirements of court
        orders.
    """,
    demo_rate=0.15,  # per completed start assessment: no self-assessment (the generator's rate)
)
def apl_003(case: CaseSnapshot, ctx: Context) -> Iterator[Verdict]:
    """Passes: a completed start assessment with the self-assessment stage completed.
    Fails: a completed start assessment with neither the stage nor the child's words.
    """
    for a in case.assessments:
        ap = a.assetplus
        if ap is None or ap.trigger != "start" or ap.completed["pathways_planning"] is None:
            continue
        if ap.completed["self_assessment"] is not None or (ap.child_self_assessment or "").strip():
            continue
        yield ctx.verdict(
            a.id,
            FINDING,
            a.id,
            "assessment",
            f"The AssetPlus start assessment of {fmt(a.date)} was completed on "
            f"{fmt(ap.completed['pathways_planning'])} without the child's self-assessment.",
            {},
        )


@rule(
    "APL-004",
    title="Each AssetPlus judgement gives its reasons",
    remedy="Write the reasons for each judgement in explanations and conclusions.",
    history=(REPLACED, ORDER_ENDED),
    severity="should",
    owner="CM",
    basis=INSPECTORATE,
    source_date="undated",
    source=f'{HMIP_ASSESS}; YJB "Workshop 2: Judgements in AssetPlus" (May 2014)',
    standard="""
        An AssetPlus assessment whose explanations and conclusions stage is completed gives,
        for each judgement (likelihood of reoffending, safety and wellbeing, risk of serious
        harm), a rationale of at least evidence_min_words words.
    """,
    quote="""
        To minimise bias and error and ensure that decisions are balanced, reasoned and
        well-evidenced, there is a need for practitioners to seek and critically appraise
        information.
    """,
    parameters=("evidence_min_words",),
    demo_rate=0.25,
)
def apl_004(case: CaseSnapshot, ctx: Context) -> Iterator[Verdict]:
    """Passes: three rationales of 15 words or more.
    Fails: a safety and wellbeing rationale of "Low."
    """
    minimum = int(ctx.params["evidence_min_words"])
    for a in case.assessments:
        ap = a.assetplus
        if ap is None or ap.completed["explanations_conclusions"] is None:
            continue
        short = {}
        for key in ASSETPLUS_JUDGEMENTS:
            n = case.word_count(ap.rationale.get(key))
            if n < minimum:
                short[key] = n
        if short:
            listed = ", ".join(f"{ASSETPLUS_JUDGEMENTS[k]} ({n} word{'' if n == 1 else 's'})" for k, n in short.items())
            yield ctx.verdict(
                a.id,
                FINDING,
                a.id,
                "assessment",
                f"The AssetPlus assessment of {fmt(a.date)} gives too short a rationale (under {minimum} "
                f"words) for: {listed}.",
                {"rationales": short, "min_words": minimum},
            )


def _assetplus_of(case: CaseSnapshot, p: Plan) -> Assessment | None:
    """The AssetPlus assessment a plan follows: the one it names, else the latest by its date."""
    named = case.assessment(p.assessment) if p.assessment else None
    if named is not None and named.assetplus is not None:
        return named
    latest = case.assessment_on(p.date)
    return latest if latest is not None and latest.assetplus is not None else None


@rule(
    "APL-005",
    title="The intervention plan follows the AssetPlus assessment",
    remedy="Name the AssetPlus assessment the plan follows and add an objective that supports desistance.",
    history=(REPLACED, ORDER_ENDED),
    severity="should",
    owner="CM",
    basis=INSPECTORATE,
    source_date="undated",
    source=HMIP_PLAN,
    standard="""
        An intervention plan made on an AssetPlus assessment names that assessment and has
        at least one objective addressing desistance.
    """,
    quote="""
        At the planning stage, a focus needs to be maintained upon how best to support the
        child's desistance and keep the child and others safe.
    """,
    demo_rate=0.20,
)
def apl_005(case: CaseSnapshot, ctx: Context) -> Iterator[Verdict]:
    """Passes: a plan naming the AssetPlus assessment with an objective addressing desistance.
    Fails: a plan naming no assessment, its objectives about education only.
    """
    for p in case.plans:
        if p.type != "intervention":
            continue
        a = _assetplus_of(case, p)
        if a is None:
            continue
        gaps = []
        if p.assessment != a.id:
            gaps.append(f"does not name the AssetPlus assessment of {fmt(a.date)} it follows")
        if not p.addresses("desistance"):
            gaps.append("has no objective addressing desistance")
        if gaps:
            yield ctx.verdict(
                p.id,
                FINDING,
                p.id,
                "plan",
                f"The intervention plan of {fmt(p.date)} {' and '.join(gaps)}.",
                {"assessment": a.id, "named": p.assessment},
            )


@rule(
    "APL-006",
    title="The intervention plan addresses safety and wellbeing and RoSH rated medium or above",
    remedy="Add objectives addressing the child's safety and wellbeing and the risk of serious harm as rated.",
    history=(REPLACED, ORDER_ENDED),
    severity="must",
    owner="CM",
    basis=INSPECTORATE,
    source_date="undated",
    source=HMIP_PLAN,
    standard="""
        An intervention plan made on an AssetPlus assessment that rates safety and wellbeing
        medium or above has an objective addressing safety and wellbeing, and one that rates
        RoSH medium or above has an objective addressing RoSH.
    """,
    quote="""
        An intervention plan is required for all supervised children, translating the
        assessment of the child's needs and strengths into what needs to be done and the
        actions required.
    """,
    demo_rate=0.20,
)
def apl_006(case: CaseSnapshot, ctx: Context) -> Iterator[Verdict]:
    """Passes: safety and wellbeing high and an objective addressing safety_wellbeing.
    Fails: RoSH medium and no objective addressing rosh.
    """
    for p in case.plans:
        if p.type != "intervention":
            continue
        a = _assetplus_of(case, p)
        if a is None:
            continue
        missing = {}
        if a.vul_rank >= MEDIUM and not (p.addresses("safety_wellbeing") or p.addresses("vulnerability")):
            missing["safety_wellbeing"] = a.vul_level
        if a.rosh_rank >= MEDIUM and not p.addresses("rosh"):
            missing["rosh"] = a.rosh_level
        if missing:
            listed = " and ".join(
                f"{'safety and wellbeing' if k == 'safety_wellbeing' else 'RoSH'} (rated {level_words(v)})"
                for k, v in missing.items()
            )
            yield ctx.verdict(
                p.id,
                FINDING,
                p.id,
                "plan",
                f"The intervention plan of {fmt(p.date)} has no objective addressing {listed} in the "
                f"AssetPlus assessment of {fmt(a.date)}.",
                {"assessment": a.id, "missing": missing},
            )
