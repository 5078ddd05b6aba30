"""Pre-sentence reports (SQS ¶1.1, ¶4.3): PSR-001 and PSR-002."""

from __future__ import annotations

from collections.abc import Iterator

from casequality.cases.vocabulary import order_words
from casequality.standards.rulebook import ORDER_ENDED, SENTENCED
from casequality.standards.rulemeta import INSPECTORATE
from casequality.standards.rules import FINDING, Context, Verdict, fmt, iso, rule
from casequality.standards.snapshot import CaseSnapshot

FAMILY = "Pre-sentence reports"


@rule(
    "PSR-001",
    title="Why no report was requested where custody was considered",
    remedy="Record why no report was requested and whether the service challenged that.",
    history=(ORDER_ENDED,),
    severity="must",
    owner="CM",
    basis=INSPECTORATE,
    source_date="2013-07-17",
    source="SQS ¶1.1",
    standard="""
        Where the court considered custody (or made a custodial order) and no pre-sentence
        report was requested, the case records why and whether the service challenged it.
    """,
    quote="""
        We were often unable to find evidence of why it was not requested, nor whether the YOS
        had challenged it.
    """,
    demo_rate=0.50,  # per PSR not requested where custody considered: "often unable to find evidence of why" ¶1.1
)
def psr_001(case: CaseSnapshot, ctx: Context) -> Iterator[Verdict]:
    """Passes: a report record with requested false, a reason and yos_challenged true.
    Fails: custody considered, no report requested and no reason recorded.
    """
    for order in case.statutory_orders():
        if not (order.custody_considered or order.custodial):
            continue
        psrs = [r for r in case.reports if r.type == "pre_sentence_report" and r.order == order.id]
        if any(r.requested for r in psrs):
            continue
        if any((r.not_requested_reason or "").strip() and r.yos_challenged is not None for r in psrs):
            continue
        missing = []
        if not any((r.not_requested_reason or "").strip() for r in psrs):
            missing.append("why no pre-sentence report was requested")
        if not any(r.yos_challenged is not None for r in psrs):
            missing.append("whether the service challenged that")
        why = "made a custodial order" if order.custodial else "considered custody"
        yield ctx.verdict(
            order.id,
            FINDING,
            order.id,
            "order",
            f"The court {why} on {fmt(order.court_date)} ({order_words(order.type)}) without a pre-sentence "
            f"report; the case does not record {' or '.join(missing)}.",
            {
                "court_date": iso(order.court_date),
                "custody_considered": order.custody_considered,
                "reports": [r.id for r in psrs],
            },
        )


@rule(
    "PSR-002",
    title="The report was discussed with the child and a parent or carer",
    remedy="Discuss the report with the child and a parent or carer before court, and record it.",
    history=(SENTENCED,),
    severity="should",
    owner="CM",
    basis=INSPECTORATE,
    source_date="2013-07-17",
    source="SQS ¶4.3",
    standard="""
        A pre-sentence report that was written was discussed with the child and with a parent or
        carer before court.
    """,
    quote="That they and their child understood what was said in a PSR before going to court.",
    demo_rate=0.30,  # per PSR: child and parents did not understand the PSR before court ¶4.3
)
def psr_002(case: CaseSnapshot, ctx: Context) -> Iterator[Verdict]:
    """Passes: discussed_with_child and discussed_with_parent both true.
    Fails: discussed with the child only.
    """
    for r in case.reports:
        if r.type != "pre_sentence_report" or not r.requested:
            continue
        if r.discussed_with_child and r.discussed_with_parent:
            continue
        who = [
            w
            for w, ok in (("the child", r.discussed_with_child), ("a parent or carer", r.discussed_with_parent))
            if not ok
        ]
        yield ctx.verdict(
            r.id,
            FINDING,
            r.id,
            "report",
            f"The pre-sentence report of {fmt(r.date)} is not recorded as discussed with "
            f"{' or '.join(who)} before court.",
            {"discussed_with_child": r.discussed_with_child, "discussed_with_parent": r.discussed_with_parent},
        )
