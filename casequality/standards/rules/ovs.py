"""Managerial oversight (SQS ¶2.8, ¶3.4, operational management): OVS-001 to OVS-005.

OVS-002 reads the findings of other rules on the same case (those flagged
`judges_content`), so it is flagged `runs_last` and the engine evaluates it after every
other rule.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from functools import lru_cache

from casequality.cases.vocabulary import oversight_reasons
from casequality.standards.rulebook import LATE, ORDER_ENDED, REPLACED, rulebook
from casequality.standards.rulemeta import INSPECTORATE
from casequality.standards.rules import FINDING, Context, Verdict, fmt, iso, level_words, parameter, rule
from casequality.standards.snapshot import Assessment, CaseSnapshot, Plan

FAMILY = "Managerial oversight"

parameter(
    "countersign_due_wd",
    default=5,
    unit="working days",
    description="""
        A manager countersigns an assessment or plan that needs oversight within this many
        working days of its date.
    """,
    source="Project default",
    date="2026-11-26",
)

parameter(
    "manager_entry_interval_days",
    default=90,
    unit="days",
    description="An open case with RoSH high or very high has a manager's entry at least this often.",
    source='SQS "Operational management"',
    date="2013-07-17",
)


@lru_cache(maxsize=1)
def _content_rules() -> frozenset[str]:
    """The rules flagged `judges_content` (read once the rulebook is gathered)."""
    return frozenset(rulebook().content_rules())


def _items(case: CaseSnapshot) -> Iterator[tuple[Assessment | Plan, str, str]]:
    """Assessments and plans, as (item, "assessment" or "plan", what it is called)."""
    for a in case.assessments:
        yield a, "assessment", f"{a.stage.replace('pre_sentence', 'pre-sentence').replace('_', ' ')} assessment"
    for p in case.plans:
        yield p, "plan", f"{p.type.replace('_', ' ')} plan"


def _oversight_reasons(item: Assessment | Plan) -> list[str]:
    """Why the item needs oversight, in words (the case vocabulary defines what does)."""
    found = (
        oversight_reasons(plan_type=item.type)
        if isinstance(item, Plan)
        else oversight_reasons(
            rosh_level=item.rosh_level, vulnerability_level=item.vul_level, full_rosh=item.full is not None
        )
    )
    return [words for _concern, words in found]


@rule(
    "OVS-001",
    title="Oversight is given where it is needed",
    remedy="Countersign the item, or return it with what to change.",
    history=(LATE, REPLACED, ORDER_ENDED),
    severity="must",
    owner="TM",
    basis=INSPECTORATE,
    source_date="2013-07-17",
    source="SQS ¶2.8, ¶3.4",
    standard="""
        An assessment with RoSH or vulnerability medium or above, or with a full RoSH
        assessment, and every risk or vulnerability management plan, is countersigned (approved,
        by a team manager or QA lead who is not its author) within countersign_due_wd working
        days of its date, without anyone having to ask.
    """,
    quote="""
        The system for identifying where oversight was needed placed too much reliance on case
        managers telling their manager that it was required.
    """,
    parameters=("countersign_due_wd",),
    demo_rate=0.30,  # per item needing oversight not asked for: "oversight had not been provided" ¶2.8
)
def ovs_001(case: CaseSnapshot, ctx: Context) -> Iterator[Verdict]:
    """Passes: a RoSH medium assessment of 2 May 2013 approved by the team manager on 7 May.
    Fails: the same assessment not countersigned by 10 May 2013 (5 working days, the May
    Day bank holiday excluded): a task for the manager until then, a finding from 11 May.
    """
    for item, kind, name in _items(case):
        reasons = _oversight_reasons(item)
        if not reasons:
            continue
        due = ctx.deadline(item.date, "countersign_due_wd")
        cs = item.countersigned
        if (
            cs is not None
            and cs.outcome == "approved"
            and item.date <= cs.date <= due
            and ctx.can_countersign(cs.by, item.author)
        ):
            continue
        verdict_kind = ctx.kind(due)
        done = (
            ctx.done_late(due, [cs.date])
            if cs is not None and cs.outcome == "approved" and ctx.can_countersign(cs.by, item.author)
            else None
        )
        if cs is None:
            state = "it has not been countersigned"
        elif cs.outcome != "approved":
            state = f"it was returned on {fmt(cs.date)}, not approved"
        elif not (item.date <= cs.date <= due):
            state = f"it was approved on {fmt(cs.date)}, after the deadline"
        elif cs.by == item.author:
            state = "it was countersigned by its own author"
        else:
            state = "it was countersigned by someone who is not a team manager or QA lead"
        head = f"The {name} of {fmt(item.date)} needs a manager's countersignature ({', '.join(reasons)})"
        message = f"{head} by {fmt(due)}; {state}." if verdict_kind == FINDING else f"{head} by {fmt(due)}."
        yield ctx.verdict(
            item.id,
            verdict_kind,
            item.id,
            kind,
            message,
            {
                "reasons": reasons,
                "due": iso(due),
                "countersigned_by": cs.by if cs else None,
                "countersigned_on": iso(cs.date) if cs else None,
            },
            due,
            done,
        )


@rule(
    "OVS-002",
    title="Countersigned work meets the standard",
    remedy="Return the item to its author with what falls short.",
    history=(REPLACED, ORDER_ENDED),
    severity="must",
    owner="TM",
    basis=INSPECTORATE,
    source_date="2013-07-17",
    source="SQS ¶2.8",
    standard="""
        A countersigned (approved) assessment or plan is not the subject of an open finding of a
        rule that judges its own content (LOR-002, LOR-005, ROSH-002, VUL-001, ROSH-006).
    """,
    quote="Too many countersigned assessments and plans were still not sufficient.",
    runs_last=True,
)
def ovs_002(case: CaseSnapshot, ctx: Context) -> Iterator[Verdict]:
    """Passes: an approved assessment with no finding of those rules.
    Fails: an assessment with RoSH medium and no full assessment (ROSH-002), approved by
    the team manager.
    """
    content_rules = _content_rules()
    by_subject: dict[str, list[str]] = {}
    for v in ctx.verdicts:
        if v.rule in content_rules and v.kind == FINDING:
            by_subject.setdefault(v.subject, []).append(v.rule)
    if not by_subject:
        return
    for item, kind, name in _items(case):
        cs = item.countersigned
        rules = by_subject.get(item.id)
        if cs is None or cs.outcome != "approved" or not rules:
            continue
        yield ctx.verdict(
            item.id,
            FINDING,
            item.id,
            kind,
            f"The {name} of {fmt(item.date)} was approved on {fmt(cs.date)} but still falls short: "
            f"{', '.join(sorted(set(rules)))}.",
            {"rules": sorted(set(rules)), "countersigned_by": cs.by, "countersigned_on": iso(cs.date)},
        )


@rule(
    "OVS-003",
    title="Nobody countersigns their own work",
    remedy="Have a manager other than the author countersign it.",
    history=(REPLACED, ORDER_ENDED),
    severity="must",
    owner="TM",
    basis=INSPECTORATE,
    source_date="2013-07-17",
    source="SQS ¶2.8",
    standard="The countersignature of an assessment or plan is not by its author.",
    quote="Oversight by immediate line managers of work in individual cases was ineffective.",
    demo_rate=0.02,  # per countersignature: self-countersigned
)
def ovs_003(case: CaseSnapshot, ctx: Context) -> Iterator[Verdict]:
    """Passes: written by S1, countersigned by S9.
    Fails: written by S9, countersigned by S9.
    """
    for item, kind, name in _items(case):
        cs = item.countersigned
        if cs is not None and cs.by is not None and cs.by == item.author:
            yield ctx.verdict(
                item.id,
                FINDING,
                item.id,
                kind,
                f"The {name} of {fmt(item.date)} was countersigned on {fmt(cs.date)} by its own author.",
                {"author": item.author, "countersigned_by": cs.by},
            )


@rule(
    "OVS-004",
    title="A request for oversight is answered",
    remedy="Answer the request: countersign the item or return it.",
    history=(LATE, ORDER_ENDED),
    severity="should",
    owner="TM",
    basis=INSPECTORATE,
    source_date="2013-07-17",
    source="SQS ¶2.8",
    standard="""
        Each request for oversight is answered within countersign_due_wd working days by a
        countersignature of its subject (approved or returned) by a team manager or QA lead who
        is not the subject's author.
    """,
    quote="""
        In other cases oversight had not been provided, because it had not been requested by the
        case manager.
    """,
    parameters=("countersign_due_wd",),
    demo_rate=0.20,  # per oversight request: not answered in time
)
def ovs_004(case: CaseSnapshot, ctx: Context) -> Iterator[Verdict]:
    """Passes: a request on 3 May 2013 and the plan returned by the team manager on 8 May.
    Fails: a request on 3 May 2013 and no countersignature by 13 May (5 working days, the
    May Day bank holiday excluded): a task until then, a finding from 14 May.
    """
    items = {item.id: (item, name) for item, _kind, name in _items(case)}
    for e in case.events:
        if e.type != "oversight_request":
            continue
        due = ctx.deadline(e.date, "countersign_due_wd")
        subject = e.get("subject")
        found = items.get(subject)
        if found is not None:
            item = found[0]
            cs = item.countersigned
            if (
                cs is not None
                and cs.outcome in ("approved", "returned")
                and e.date <= cs.date <= due
                and ctx.can_countersign(cs.by, item.author)
            ):
                continue
        kind = ctx.kind(due)
        cs = found[0].countersigned if found is not None else None
        author = found[0].author if found is not None else None
        done = (
            ctx.done_late(due, [cs.date])
            if cs is not None
            and cs.outcome in ("approved", "returned")
            and e.date <= cs.date
            and ctx.can_countersign(cs.by, author)
            else None
        )
        name = f"the {found[1]} {subject}" if found else f"item {subject}"
        message = (
            f"Oversight of {name} was requested on {fmt(e.date)} and not given by {fmt(due)}."
            if kind == FINDING
            else f"Oversight of {name} was requested on {fmt(e.date)}; answer by {fmt(due)}."
        )
        yield ctx.verdict(
            e.id,
            kind,
            e.id,
            "event",
            message,
            {"subject": subject, "requested_on": iso(e.date), "due": iso(due)},
            due,
            done,
        )


@rule(
    "OVS-005",
    title="Managers enter high-risk case records",
    remedy="Make a manager's entry in the case record.",
    history=(),
    severity="should",
    owner="TM",
    basis=INSPECTORATE,
    source_date="2013-07-17",
    source="SQS Operational management",
    standard="""
        An open case whose current assessment has RoSH high or very high has a manager's entry
        in the last manager_entry_interval_days days (a countersignature is not an entry).
    """,
    quote="We found few entries into the case record by managers.",
    parameters=("manager_entry_interval_days",),
    demo_rate=0.45,  # per high-RoSH case: "few entries into the case record by managers"
)
def ovs_005(case: CaseSnapshot, ctx: Context) -> Iterator[Verdict]:
    """Passes: on 17 June 2013, RoSH high and a manager's entry on 1 April 2013.
    Fails: on 17 June 2013, RoSH high and the last manager's entry on 1 March 2013.
    """
    if not case.is_open:
        return
    current = case.assessment_on(ctx.as_of)
    if current is None or current.rosh_rank < 2:
        return
    days = int(ctx.params["manager_entry_interval_days"])
    since = ctx.as_of - timedelta(days=days)
    entries = [e.date for e in case.events if e.type == "manager_entry"]
    if any(d >= since for d in entries):
        return
    last = f"the last was on {fmt(max(entries))}" if entries else "there has been none"
    yield ctx.verdict(
        "case",
        FINDING,
        current.id,
        "assessment",
        f"RoSH is {level_words(current.rosh_level)} (assessment of {fmt(current.date)}) and no manager has "
        f"made an entry in the case record since {fmt(since)}; {last}.",
        {"rosh_level": current.rosh_level, "since": iso(since), "last_entry": iso(max(entries)) if entries else None},
    )
