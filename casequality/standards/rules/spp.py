"""Serious incidents and public protection (the YJB's side, format 2.1): SPP-001 to SPP-003.

They read `serious_incidents` and `mappa_eligibility` (casequality/2.1) and the case's
`mappa` events; a record without them gives them nothing to judge. What was read in the
published sources and what is assumed: docs/decisions/0053-the-yjbs-side.md.
"""

from __future__ import annotations

from collections.abc import Iterator

from casequality.standards.rulebook import LATE, ORDER_ENDED
from casequality.standards.rulemeta import NATIONAL
from casequality.standards.rules import Context, Verdict, fmt, iso, parameter, rule
from casequality.standards.snapshot import CaseSnapshot

FAMILY = "Serious incidents and public protection"

SI_SOP = (
    'YJB "Serious incidents notification: standard operating procedures for YJSs" (gov.uk, updated 29 March 2022; '
    "mandatory from 1 April 2022)"
)
MAPPA = (
    "MoJ/HMPPS MAPPA Guidance, chapter on children (youth chapter not read: categories as in West Yorkshire YOTs' "
    "public protection policy, January 2008)"
)

CATEGORY_WORDS = {
    "murder_manslaughter": "murder or manslaughter",
    "attempted_murder": "attempted murder",
    "rape": "rape",
    "grievous_bodily_harm": "grievous bodily harm",
    "terrorism": "a terrorism offence",
    "other": "another notifiable category",
}

parameter(
    "si_notify_wd",
    default=1,
    unit="working days",
    description="""
        A serious incident is notified to the YJB within this many working days of the day the
        service became aware of it.
    """,
    source=(
        "Assumed (the SOP's own timescale, its section 1.2, was not read; the CSPPI scheme it replaced "
        "asked for 24 hours)"
    ),
    date="2026-12-07",
)

parameter(
    "si_review_wd",
    default=20,
    unit="working days",
    description="""
        Working days from the YJB's notification to the day the case's review, with what was
        learned, is done.
    """,
    source="Assumed (the review that follows a notification and its timescale were not read)",
    date="2026-12-07",
)

parameter(
    "mappa_record_wd",
    default=5,
    unit="working days",
    description="""
        A child who meets the MAPPA eligibility criteria has their MAPPA category and level of
        management recorded, the referral made, within this many working days.
    """,
    source="Assumed (the MAPPA Guidance's youth chapter and its timescales were not read)",
    date="2026-12-07",
)


@rule(
    "SPP-001",
    title="A serious incident is notified to the YJB in time",
    remedy="Notify the YJB of the serious incident (through YJAF) and record the day it was notified.",
    history=(LATE,),
    severity="must",
    owner="TM",
    source=SI_SOP,
    standard="""
        A serious incident in one of the categories the YJB is notified of (a child on the
        caseload charged with murder or manslaughter, attempted murder, rape, grievous bodily
        harm or a terrorism offence, or another of its categories) is notified to the YJB
        within si_notify_wd working days of the day the service became aware of it.
    """,
    quote="""
        This document sets out what staff working in the youth justice system are required to do
        in order to report information to the YJB if a child is involved in one of the 6
        categories of safeguarding or public protection incidents.
    """,
    parameters=("si_notify_wd",),
    basis=NATIONAL,
    source_date="2022-03-29",
)
def spp_001(case: CaseSnapshot, ctx: Context) -> Iterator[Verdict]:
    for incident in case.serious_incidents:
        due = ctx.deadline(incident.aware, "si_notify_wd")
        what = CATEGORY_WORDS.get(incident.category, incident.category)
        verdict = ctx.by_deadline(
            incident.id,
            "incident",
            due,
            [incident.notified],
            missed=(
                f"A serious incident ({what}) became known on {fmt(incident.aware)}; "
                f"the YJB was not notified by {fmt(due)}."
            ),
            to_do=f"A serious incident ({what}) became known on {fmt(incident.aware)}; notify the YJB by {fmt(due)}.",
            evidence={"category": incident.category, "aware": iso(incident.aware)},
        )
        if verdict:
            yield verdict


@rule(
    "SPP-002",
    title="A notified serious incident is reviewed, its learning recorded",
    remedy="Complete the review of the child's case and record what the service learned.",
    history=(LATE,),
    severity="should",
    owner="TM",
    source=f"{SI_SOP}; review and timescale assumed",
    standard="""
        Once the YJB has been notified of a serious incident, the service completes its review
        of the child's case and records its learning within si_review_wd working days of the
        notification.
    """,
    quote="""
        It also limits collation of national data where a fuller picture of performance,
        trends, themes, and lessons learnt could be extracted.
    """,
    parameters=("si_review_wd",),
    basis=NATIONAL,
    source_date="2022-03-29",
)
def spp_002(case: CaseSnapshot, ctx: Context) -> Iterator[Verdict]:
    for incident in case.serious_incidents:
        if incident.notified is None:
            continue  # SPP-001's to raise
        due = ctx.deadline(incident.notified, "si_review_wd")
        reviewed = incident.review_completed if (incident.review_learning or "").strip() else None
        verdict = ctx.by_deadline(
            incident.id,
            "incident",
            due,
            [reviewed],
            missed=(
                f"The YJB was notified on {fmt(incident.notified)}; no review with its learning "
                f"was completed by {fmt(due)}."
            ),
            to_do=(
                f"The YJB was notified on {fmt(incident.notified)}; complete the review and record "
                f"its learning by {fmt(due)}."
            ),
            evidence={"notified": iso(incident.notified)},
        )
        if verdict:
            yield verdict


@rule(
    "SPP-003",
    title="A child eligible for MAPPA has category and level recorded",
    remedy="Refer the child to MAPPA and record the MAPPA category and level of management.",
    history=(LATE, ORDER_ENDED),
    severity="must",
    owner="CM",
    source=MAPPA,
    standard="""
        A child recorded as meeting the MAPPA eligibility criteria (category 1, registered
        sexual offenders; category 2, violent and other sexual offenders sentenced to 12 months'
        custody or more; category 3, other dangerous offenders) has a MAPPA record of that
        category and its level of management, the referral made, within mappa_record_wd
        working days of the day they met the criteria.
    """,
    quote="""
        Relevant offenders for YOTs are MAPPA eligible offenders who are subject to statutory
        supervision in the community by YOTs.
    """,
    parameters=("mappa_record_wd",),
    basis=NATIONAL,
    source_date="2008-01",
)
def spp_003(case: CaseSnapshot, ctx: Context) -> Iterator[Verdict]:
    for eligible in case.mappa_eligibility:
        due = ctx.deadline(eligible.start, "mappa_record_wd")
        recorded = [
            e.date
            for e in case.events
            if e.type == "mappa"
            and e.date >= eligible.start
            and e.get("category") == eligible.category
            and e.get("level") is not None
        ]
        verdict = ctx.by_deadline(
            eligible.id,
            "mappa",
            due,
            recorded,
            missed=(
                f"The child met the MAPPA category {eligible.category} criteria on {fmt(eligible.start)}; "
                f"no MAPPA category and level were recorded by {fmt(due)}."
            ),
            to_do=(
                f"The child met the MAPPA category {eligible.category} criteria on {fmt(eligible.start)}; "
                f"refer to MAPPA and record the category and level by {fmt(due)}."
            ),
            evidence={"category": eligible.category, "from": iso(eligible.start)},
        )
        if verdict:
            yield verdict
