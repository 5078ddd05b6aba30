"""Reads for the web pages: the caseload and one case's record, in few, constant queries."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from itertools import chain

from django.db.models import Count, Exists, Min, OuterRef, Q, QuerySet

from casequality.accounts.models import User
from casequality.accounts.selectors import cases_for_user
from casequality.cases.acts import SUBJECT_LISTS, ActState, act_states, effective_record
from casequality.cases.models import Case
from casequality.cases.selectors import case_document
from casequality.standards.models import Finding, Kind

OPEN = Q(findings__resolved_on__isnull=True)


def caseload(
    user: User, *, rule: str = "", severity: str = "", case_manager_ids: list[int] | None = None,
    team_ids: list[int] | None = None,
) -> QuerySet[Case]:
    """The user's cases (filtered), ordered by reference: page these, then annotate the page
    with caseload_rows(). `severity` is "must", "should" or "task".

    Counting and paging run on the cases alone; the join with findings is only made for
    the page shown, so the page costs the same with 100 cases or 100,000.
    """
    cases = cases_for_user(user)
    if case_manager_ids is not None:
        cases = cases.filter(case_manager_id__in=case_manager_ids)
    if team_ids is not None:
        cases = cases.filter(team_id__in=team_ids)
    open_findings = Finding.objects.filter(case=OuterRef("pk"), resolved_on__isnull=True)
    if rule:
        cases = cases.filter(Exists(open_findings.filter(rule=rule)))
    if severity == "task":
        cases = cases.filter(Exists(open_findings.filter(kind=Kind.TASK)))
    elif severity:
        cases = cases.filter(Exists(open_findings.filter(kind=Kind.FINDING, severity=severity)))
    return cases.order_by("ref", "id")


def caseload_rows(case_ids: list[int]) -> list[Case]:
    """These cases (one page of the caseload) with their open findings by severity and next due task."""
    rows = (
        Case.objects.filter(id__in=case_ids)
        .select_related("case_manager", "team")
        .annotate(
            open_must=Count("findings", filter=OPEN & Q(findings__kind=Kind.FINDING, findings__severity="must")),
            open_should=Count("findings", filter=OPEN & Q(findings__kind=Kind.FINDING, findings__severity="should")),
            open_tasks=Count("findings", filter=OPEN & Q(findings__kind=Kind.TASK)),
            next_due=Min("findings__due", filter=OPEN & Q(findings__kind=Kind.TASK)),
        )
    )
    by_id = {case.id: case for case in rows}
    return [by_id[i] for i in case_ids if i in by_id]


@dataclass(frozen=True)
class TimelineEntry:
    date: date | None
    kind: str  # order, assessment, plan, report, event
    ref: str
    title: str
    detail: str
    obj: object


def case_timeline(case: Case) -> list[TimelineEntry]:
    """Orders, assessments, plans, reports, events and Casequality's acts, newest first.

    An assessment's or plan's countersignature is the one that stands (the CMS's or an
    act's); each act says whether the CMS's record has confirmed it or no longer holds
    its subject. A dozen queries, whatever the case holds.
    """
    document = case_document(case)
    merged = effective_record(document)
    signed = {(kind, r["id"]): r.get("countersigned") for kind, key in SUBJECT_LISTS.items() for r in merged[key]}
    states = act_states(document)
    entries = chain(
        (TimelineEntry(o.court_date, "order", o.ref, f"Order: {o.type.replace('_', ' ')}",
                       f"Start {o.start or '–'}, end {o.end or '–'}", o) for o in case.orders.all()),
        (TimelineEntry(a.date, "assessment", a.ref, f"Assessment ({a.stage.replace('_', ' ')}, {a.instrument})",
                       _countersign_text(signed.get(("assessment", a.ref))), a) for a in case.assessments.all()),
        (TimelineEntry(p.date, "plan", p.ref, f"Plan: {p.type.replace('_', ' ')}",
                       _countersign_text(signed.get(("plan", p.ref))), p) for p in case.plans.all()),
        (TimelineEntry(r.date, "report", r.ref, f"Report: {r.type.replace('_', ' ')}",
                       "Requested" if r.requested else "Not requested", r) for r in case.reports.all()),
        (TimelineEntry(e.date, "event", e.ref, f"Event: {e.type.replace('_', ' ')}", e.detail, e)
         for e in case.events.select_related("by").all()),
        (TimelineEntry(date.fromisoformat(act["date"]), "act", act["id"], _act_title(act), _act_detail(act, states[act["id"]]), act)
         for act in document.get("acts", ())),
    )
    return sorted(entries, key=lambda e: (e.date or date.min, e.kind, e.ref), reverse=True)


def _act_title(act: dict) -> str:
    if act["kind"] == "countersignature":
        done = "Countersigned" if act["outcome"] == "approved" else "Returned"
        return f"{done} in Casequality: {act['subject_type']} {act['subject']}"
    if act["kind"] == "oversight_request":
        return f"Oversight asked for in Casequality: {act['subject_type']} {act['subject']}"
    return "Manager entry in Casequality"


_ACT_STATES = {
    ActState.COUNTS: "",
    ActState.CONFIRMED: "Confirmed by the case management system. ",
    ActState.WITHDRAWN: "About a record the case management system has withdrawn. ",
    ActState.CORRECTED: "Corrected by a later entry. ",
}


def _act_detail(act: dict, state: ActState) -> str:
    return f"{_ACT_STATES[state]}By {act['recorded_by']}. {act.get('text') or ''}".strip()


def _countersign_text(signed: dict | None) -> str:
    if signed is None:
        return "Not countersigned"
    day = date.fromisoformat(signed["date"])
    if signed["outcome"] == "approved":
        return f"Countersigned on {day:%-d %B %Y}"
    if signed["outcome"] == "returned":
        return f"Returned on {day:%-d %B %Y}"
    return "Not countersigned"
