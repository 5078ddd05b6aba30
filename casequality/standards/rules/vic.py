"""Work with victims (today's record): VIC-001 to VIC-004.

They read `victims` (casequality/2; no victim's name is held); a record without them
(every version 1 record) gives them nothing to judge. Sources and assumptions:
docs/decisions/0016-rules-for-todays-record.md.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from casequality.standards.rulebook import LATE, ORDER_ENDED
from casequality.standards.rulemeta import INSPECTORATE, NATIONAL
from casequality.standards.rules import Context, Verdict, fmt, iso, parameter, rule
from casequality.standards.snapshot import CaseSnapshot, Victim

FAMILY = "Work with victims"

YJB_VICTIMS = 'YJB "Work with victims and restorative justice: youth offending teams" (gov.uk)'
HMIP_VICTIMS = "HMIP youth inspection (2025), victims standard V1.1"

parameter(
    "victim_contact_wd",
    default=10,
    unit="working days",
    description="A victim is offered contact within this many working days of the service learning of them.",
    source="Project default (the Victims' Code and YJB guidance ask for contact and set no number for YJSs)",
    date="2026-12-01",
)

parameter(
    "rj_offer_wd",
    default=10,
    unit="working days",
    description="A victim who consents to contact is offered restorative justice within this many working days.",
    source="Project default (YJB guidance asks for the offer and sets no number)",
    date="2026-12-01",
)

parameter(
    "victim_safety_plan_wd",
    default=5,
    unit="working days",
    description="A victim who needs a safety plan has one within this many working days of being identified.",
    source="Project default (HMIP's victims standard asks for work that keeps victims safe and sets no number)",
    date="2026-12-01",
)


def _victim_words(v: Victim) -> str:
    return {"person": "victim", "business": "business victim"}.get(v.kind, "victim")


@rule(
    "VIC-001",
    title="A victim is offered contact promptly",
    remedy="Offer the victim contact, explaining the service's role and what they may choose.",
    history=(LATE, ORDER_ENDED),
    severity="must",
    owner="CM",
    basis=NATIONAL,
    source_date="undated",
    source=f"{YJB_VICTIMS}; {HMIP_VICTIMS}",
    standard="""
        Each victim is offered contact within victim_contact_wd working days of the service
        learning of them. A victim the record says could not be contacted, and who was never
        offered contact, is not judged; one recorded as not contactable who was offered
        contact is judged by the day of that offer.
    """,
    quote="""
        When making contact with victims, the YOT must explain its role and allow victims to
        make informed choices.
    """,
    parameters=("victim_contact_wd",),
    demo_rate=0.20,  # per victim: contact late (0.15) or never (0.05) (the generator's rate)
)
def vic_001(case: CaseSnapshot, ctx: Context) -> Iterator[Verdict]:
    """Passes: identified on 1 May 2013, contact offered on 10 May.
    Fails: no offer by 16 May 2013 (10 working days, the May Day bank holiday excluded): a
    task until then, a finding from 17 May.
    """
    for v in case.victims:
        if v.consent == "not_contactable" and v.contact_offered is None:
            continue
        due = ctx.deadline(v.identified, "victim_contact_wd")
        head = f"The {_victim_words(v)} {v.id}, known since {fmt(v.identified)},"
        verdict = ctx.by_deadline(
            v.id,
            "victim",
            due,
            [v.contact_offered],
            missed=f"{head} was not offered contact by {fmt(due)}.",
            to_do=f"{head} is to be offered contact by {fmt(due)}.",
            evidence={"identified": iso(v.identified)},
        )
        if verdict:
            yield verdict


@rule(
    "VIC-002",
    title="A victim who consents is offered restorative justice",
    remedy="Offer the victim restorative justice (direct or indirect), or record why it would not be appropriate.",
    history=(LATE, ORDER_ENDED),
    severity="should",
    owner="CM",
    basis=NATIONAL,
    source_date="undated",
    source=f"{YJB_VICTIMS}; YJB key performance indicator 10 (victims)",
    standard="""
        A victim who consents to contact is offered restorative justice within rj_offer_wd
        working days of consenting.
    """,
    quote="""
        The YOT must also decide if it would be appropriate to invite the victim to be
        involved in a restorative justice intervention and record the reasons for this
        decision.
    """,
    parameters=("rj_offer_wd",),
    demo_rate=0.20,
)
def vic_002(case: CaseSnapshot, ctx: Context) -> Iterator[Verdict]:
    """Passes: consent on 2 May 2013, restorative justice offered on 10 May.
    Fails: no offer by 17 May 2013: a task until then, a finding from 18 May.
    """
    for v in case.victims:
        if v.consent != "given" or v.consent_date is None:
            continue
        due = ctx.deadline(v.consent_date, "rj_offer_wd")
        head = f"The {_victim_words(v)} {v.id} consented to contact on {fmt(v.consent_date)}"
        verdict = ctx.by_deadline(
            v.id,
            "victim",
            due,
            [v.rj_offered],
            missed=f"{head} and was not offered restorative justice by {fmt(due)}.",
            to_do=f"{head}; offer restorative justice by {fmt(due)}.",
            evidence={"consent_date": iso(v.consent_date)},
        )
        if verdict:
            yield verdict


def _decision_point(case: CaseSnapshot, v: Victim) -> tuple[date, str] | None:
    """The day the victim's views are due (VIC-003's standard says which) and what happened on it."""
    if v.offence is not None:
        for oc in case.out_of_court:
            if oc.offence == v.offence:
                day = oc.panel_date or oc.decision_date
                if day is not None:
                    return day, f"the {oc.words} was decided on {fmt(day)}"
    plan = next((p for p in case.plans if p.type == "intervention" and p.date > v.identified), None)
    if plan is not None:
        return plan.date, f"the intervention plan was made on {fmt(plan.date)}"
    return None


@rule(
    "VIC-003",
    title="A victim's views are sought before the decision or the plan",
    remedy="Ask the victim for their views and bring them to the panel or into the plan.",
    history=(LATE, ORDER_ENDED),
    severity="must",
    owner="CM",
    basis=INSPECTORATE,
    source_date="2025",
    source=f'{HMIP_VICTIMS}; YJB Case Management Guidance, "How to use out-of-court disposals"',
    standard="""
        A victim who consents to contact has their views sought on or before the day of the
        out-of-court panel on their offence (the outcome's decision date where no panel date
        is recorded), or else of the first intervention plan made after the day the service
        learned of them (a plan made that same day is not after it). Until that day ends it
        is a task; from the next day, a finding.
    """,
    quote="Is work with victims high-quality, individualised, and responsive?",
    demo_rate=0.12,  # per consenting victim: views after the plan (the generator's rate)
)
def vic_003(case: CaseSnapshot, ctx: Context) -> Iterator[Verdict]:
    """Passes: views sought on 8 May 2013 and the panel on 15 May.
    Fails: the panel on 15 May 2013 and the views sought on 20 May, or never.
    """
    for v in case.victims:
        if v.consent != "given":
            continue
        point = _decision_point(case, v)
        if point is None:
            continue
        day, what = point
        head = f"The {_victim_words(v)} {v.id} consented to contact, but {what}"
        sought = (
            f"their views were sought on {fmt(v.views_sought)}" if v.views_sought else "their views were not sought"
        )
        verdict = ctx.by_deadline(
            v.id,
            "victim",
            day,
            [v.views_sought],
            missed=f"{head} and {sought}.",
            to_do=f"{head}: seek their views today, before it is settled.",
            evidence={"before": iso(day), "views_sought": iso(v.views_sought)},
        )
        if verdict:
            yield verdict


@rule(
    "VIC-004",
    title="A victim who needs one has a safety plan",
    remedy="Make the victim's safety plan with them and the agencies involved.",
    history=(LATE, ORDER_ENDED),
    severity="must",
    owner="CM",
    basis=INSPECTORATE,
    source_date="2025",
    source=HMIP_VICTIMS,
    standard="""
        A victim recorded as needing a safety plan has one within victim_safety_plan_wd
        working days of the service learning of them.
    """,
    quote="""
        [Work with victims should be] high-quality, individualised, and responsive driving
        positive outcomes and safety for victims.
    """,
    parameters=("victim_safety_plan_wd",),
    demo_rate=0.20,  # per victim needing one: no safety plan (the generator's rate)
)
def vic_004(case: CaseSnapshot, ctx: Context) -> Iterator[Verdict]:
    """Passes: identified on 1 May 2013 and a safety plan on 7 May.
    Fails: no safety plan by 9 May 2013 (5 working days, the May Day bank holiday
    excluded): a task until then, a finding from 10 May.
    """
    for v in case.victims:
        if not v.safety_plan_needed:
            continue
        due = ctx.deadline(v.identified, "victim_safety_plan_wd")
        head = f"The {_victim_words(v)} {v.id} needs a safety plan"
        verdict = ctx.by_deadline(
            v.id,
            "victim",
            due,
            [v.safety_plan],
            missed=f"{head}; none was made by {fmt(due)}.",
            to_do=f"{head} by {fmt(due)}.",
            evidence={"identified": iso(v.identified)},
        )
        if verdict:
            yield verdict
