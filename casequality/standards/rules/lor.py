"""Assessment of the likelihood of reoffending (SQS ¶1.2): LOR-001 to LOR-005."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

from casequality.cases.vocabulary import asset_band, order_words
from casequality.standards.rulebook import LATE, ORDER_ENDED, REPLACED
from casequality.standards.rulemeta import INSPECTORATE
from casequality.standards.rules import FINDING, Context, Verdict, fmt, iso, parameter, rule
from casequality.standards.snapshot import FULL_ROSH_TEXTS, SECTIONS, Assessment, CaseSnapshot, Order
from casequality.standards.text import full_name_key, normalise, similar_at_least

FAMILY = "Assessment of the likelihood of reoffending"

parameter(
    "assessment_due_wd",
    default=15,
    unit="working days",
    description="""
        An order's start assessment is due this many working days after the order's start
        event (LOR-001 names it for each kind of order).
    """,
    source="Local standard quoted in Rotherham YOS's 2012 SQS action plan",
    date="2012",
)

parameter(
    "assessment_due_wd_referral_order",
    default=20,
    unit="working days",
    description="The same deadline for a referral order, counted from the court's order (the sentence).",
    source="Local standard quoted in Rotherham YOS's 2012 SQS action plan",
    date="2012",
)

parameter(
    "evidence_min_words",
    default=15,
    unit="words",
    description="The fewest words that count as evidence.",
    source="Project default",
    date="2026-11-26",
)

parameter(
    "copy_similarity",
    default=0.9,
    unit="similarity from 0 to 1",
    description="An assessment whose texts are at least this similar to the previous assessment's is a copy.",
    source="Project default",
    date="2026-11-26",
)


def start_event(order: Order) -> date:
    """The day an order's start assessment is counted from: a referral order's court date
    (the order itself runs from the contract the first panel agrees, after the assessment),
    any other order's recorded start (its court date if none is recorded)."""
    return order.court_date if order.type == "referral_order" else order.start


@rule(
    "LOR-001",
    title="Each statutory order has a timely assessment",
    remedy="Complete the order's start assessment.",
    history=(LATE, ORDER_ENDED),
    severity="must",
    owner="CM",
    basis=INSPECTORATE,
    source_date="2013-07-17",
    source="SQS ¶1.2; referral orders: Sentencing Council, referral order pronouncement card",
    standard="""
        Each statutory order has an assessment whose recorded stage is pre-sentence, start or
        transfer (the record's stage, not an AssetPlus trigger), dated from 30 days before
        the order's start event (the lower bound) to assessment_due_wd working days after it
        (assessment_due_wd_referral_order for a referral order), both days included. The
        start event: for a referral order, the court date (the order runs from the contract
        agreed at the first panel, which the assessment prepares); for a youth rehabilitation
        order, a detention and training order or long-term detention, the order's recorded
        start (its court date if none is recorded).
    """,
    quote="The quality of initial assessments of likelihood of reoffending was mixed.",
    parameters=("assessment_due_wd", "assessment_due_wd_referral_order"),
    demo_rate=0.06,  # initial assessment late or missing
)
def lor_001(case: CaseSnapshot, ctx: Context) -> Iterator[Verdict]:
    """Passes: a YRO starting 1 May 2013 with a start assessment on 10 May 2013.
    Fails: the same YRO with no assessment by 23 May 2013 (15 working days, the May Day
    bank holiday excluded): a task until then, a finding from 24 May.
    """
    for order in case.statutory_orders():
        referral = order.type == "referral_order"
        param = "assessment_due_wd_referral_order" if referral else "assessment_due_wd"
        start = start_event(order)
        due = ctx.deadline(start, param)
        earliest = start - timedelta(days=30)
        if any(
            a.stage in ("pre_sentence", "start", "transfer") and earliest <= a.date <= due for a in case.assessments
        ):
            continue
        kind = ctx.kind(due)
        done = ctx.done_late(
            due,
            (
                a.date
                for a in case.assessments
                if a.stage in ("pre_sentence", "start", "transfer") and earliest <= a.date
            ),
        )
        what = (
            f"The {order_words(order.type)} was made on {fmt(start)}"
            if referral
            else f"The {order_words(order.type)} started on {fmt(start)}"
        )
        if kind == FINDING:
            message = f"{what}; no start, pre-sentence or transfer assessment was dated by {fmt(due)}."
        else:
            message = f"{what}; its assessment is due by {fmt(due)}."
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
    "LOR-002",
    title="The recorded band matches the Asset score",
    remedy="Correct the band, or the scores, so that they agree.",
    history=(REPLACED, ORDER_ENDED),
    severity="must",
    owner="CM",
    basis=INSPECTORATE,
    source_date="2013-07-17",
    source="SQS ¶1.2; YJB Scaled Approach bands (February 2009)",
    standard="""
        For an Asset assessment with scores, the recorded band equals the band of the Asset
        score (the twelve sections plus the static score: low 0-14, medium 15-32, high 33-64).
    """,
    quote="The evidence conflicted with the overall assessment.",
    demo_rate=0.06,  # per assessment: "the evidence conflicted with the overall assessment" ¶1.2
    judges_content=True,
)
def lor_002(case: CaseSnapshot, ctx: Context) -> Iterator[Verdict]:
    """Passes: scores adding up to 20 with the band recorded as medium.
    Fails: scores adding up to 20 with the band recorded as low.
    """
    for a in case.assessments:
        if a.instrument != "asset" or not a.scores:
            continue
        score = sum(int(a.scores.get(s) or 0) for s in SECTIONS) + int(a.static_score or 0)
        band = asset_band(score)
        if a.band != band:
            yield ctx.verdict(
                a.id,
                FINDING,
                a.id,
                "assessment",
                f"The assessment of {fmt(a.date)} records the likelihood of reoffending as "
                f"{a.band or 'no band'}, but its Asset score of {score} is in the {band} band.",
                {"score": score, "recorded_band": a.band, "score_band": band},
            )


@rule(
    "LOR-003",
    title="High-scoring sections have enough evidence",
    remedy="Add evidence to each section scored 2 or more.",
    history=(REPLACED, ORDER_ENDED),
    severity="should",
    owner="CM",
    basis=INSPECTORATE,
    source_date="2013-07-17",
    source="SQS ¶1.2",
    standard="Every section scored 2 or more has evidence of at least evidence_min_words words.",
    quote="In many, the evidence was insufficient or unclear.",
    parameters=("evidence_min_words",),
    demo_rate=0.30,  # per assessment: "the evidence was insufficient or unclear" ¶1.2 (just over half good enough)
)
def lor_003(case: CaseSnapshot, ctx: Context) -> Iterator[Verdict]:
    """Passes: lifestyle scored 3 with a 20-word account of how the child spends their time.
    Fails: lifestyle scored 3 with the evidence "Hangs around with peers."
    """
    minimum = int(ctx.params["evidence_min_words"])
    for a in case.assessments:
        if not a.scores:
            continue
        short = {}
        for section in SECTIONS:
            if int(a.scores.get(section) or 0) >= 2:
                n = case.word_count(a.evidence.get(section))
                if n < minimum:
                    short[section] = n
        if short:
            listed = ", ".join(f"{s.replace('_', ' ')} ({n} words)" for s, n in short.items())
            yield ctx.verdict(
                a.id,
                FINDING,
                a.id,
                "assessment",
                f"The assessment of {fmt(a.date)} scores sections 2 or more with less than {minimum} words "
                f"of evidence: {listed}.",
                {"sections": short, "min_words": minimum},
            )


def assessment_text(a: Assessment) -> str:
    """An assessment's texts joined: likelihood evidence, full RoSH texts, vulnerability evidence."""
    parts = [a.evidence.get(s) or "" for s in SECTIONS]
    parts += [v for k, v in a.evidence.items() if k not in SECTIONS and v]
    if a.full:
        parts += [a.full.get(k) or "" for k in FULL_ROSH_TEXTS]
    parts.append(a.vul_evidence)
    return " ".join(p for p in parts if p)


@rule(
    "LOR-004",
    title="An assessment is not a copy of the one before",
    remedy="Rewrite the assessment from what has changed since the one before.",
    history=(REPLACED, ORDER_ENDED),
    severity="should",
    owner="CM",
    basis=INSPECTORATE,
    source_date="2013-07-17",
    source="SQS ¶1.2",
    standard="""
        An assessment's texts (all evidence, RoSH and vulnerability texts joined) are not a copy
        of those of the assessment immediately before it: their similarity is below
        copy_similarity.
    """,
    quote="Some assessments were a copy of a previous one with little effort made to update them.",
    parameters=("copy_similarity",),
    demo_rate=0.20,  # per review: "a copy of a previous one" ¶1.2, ¶1.3
)
def lor_004(case: CaseSnapshot, ctx: Context) -> Iterator[Verdict]:
    """Passes: a review whose evidence was rewritten after three months' work.
    Fails: a review whose texts differ from the start assessment's by one changed date.
    """
    threshold = float(ctx.params["copy_similarity"])
    previous_text = ""
    previous = None
    for a in case.assessments:
        text = normalise(assessment_text(a))
        if previous is not None and text and previous_text:
            score = similar_at_least(text, previous_text, threshold)
            if score is not None:
                yield ctx.verdict(
                    a.id,
                    FINDING,
                    a.id,
                    "assessment",
                    f"The assessment of {fmt(a.date)} is {score:.0%} the same as the previous one "
                    f"({fmt(previous.date)}): it looks copied rather than updated.",
                    {"similarity": round(score, 3), "previous": previous.id, "threshold": threshold},
                )
        previous, previous_text = a, text


def case_texts(case: CaseSnapshot) -> Iterator[tuple[str, str, str, str | None]]:
    """The texts of a case, as (subject, subject type, where, text).

    Likelihood evidence, full RoSH texts, vulnerability evidence, diversity barriers and
    the child's views of each assessment; each plan's objectives, child version and
    contingency; each report's text. Event details are not texts of the case.
    """
    for a in case.assessments:
        for section, text in a.evidence.items():
            yield a.id, "assessment", f"evidence: {section.replace('_', ' ')}", text
        if a.full:
            for k in FULL_ROSH_TEXTS:
                yield a.id, "assessment", f"full RoSH: {k.replace('_', ' ')}", a.full.get(k)
        yield a.id, "assessment", "vulnerability evidence", a.vul_evidence
        yield a.id, "assessment", "diversity barriers", a.diversity_barriers
        yield a.id, "assessment", "child's views", a.child_views
    for p in case.plans:
        for i, o in enumerate(p.objectives, 1):
            yield p.id, "plan", f"objective {i}", o.get("text")
        yield p.id, "plan", "child's version", p.child_version
        yield p.id, "plan", "contingency", p.contingency
    for r in case.reports:
        yield r.id, "report", "text", r.text


@rule(
    "LOR-005",
    title="No text names another child",
    remedy="Remove the other child's name from the text and record how it got there.",
    history=(),
    severity="must",
    owner="CM",
    basis=INSPECTORATE,
    source_date="2013-07-17",
    source="SQS ¶1.2",
    standard="""
        No text of the case names another child of the service by full name (the first and last
        words of that child's name, adjacent, as whole words), unless the same text also names
        this child by full name. Another child who shares this child's name does not count.
    """,
    quote="In a few the evidence applied to a different case.",
    demo_rate=0.02,  # per case: "in a few the evidence applied to a different case" ¶1.2
    judges_content=True,
)
def lor_005(case: CaseSnapshot, ctx: Context) -> Iterator[Verdict]:
    """Passes: Jay Smith's assessment says "Jay Smith lives with his mother".
    Fails: Jay Smith's assessment says "Kim Jones lives with her mother", Kim Jones being
    another child of the service.
    """
    own = ctx.names.key_of(case.id)
    if own is None:
        own = full_name_key(case.child_name)
    found: dict[str, dict[str, Any]] = {}
    for subject, subject_type, where, text in case_texts(case):
        names = ctx.names.others_named(text, case.id, own, case.tokens(text))
        if names:
            item = found.setdefault(subject, {"type": subject_type, "where": [], "names": []})
            item["where"].append(where)
            for n in names:
                full = " ".join(w.capitalize() for w in n)
                if full not in item["names"]:
                    item["names"].append(full)
    for subject, item in found.items():
        yield ctx.verdict(
            subject,
            FINDING,
            subject,
            item["type"],
            f"The {item['type']} {subject} names another child of the service ({', '.join(item['names'])}) "
            f"in: {', '.join(item['where'])}. It may have been written for a different case.",
            {"names": item["names"], "where": item["where"]},
        )
