"""Reads for the web pages: the caseload and one case's record, in few, constant queries."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from itertools import chain

from django.db.models import Count, Exists, Min, OuterRef, Q, QuerySet

from casequality.accounts.models import User
from casequality.accounts.selectors import cases_for_user
from casequality.cases.models import Case
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
    """Orders, assessments, plans, reports and events of the case, newest first (5 queries)."""
    entries = chain(
        (TimelineEntry(o.court_date, "order", o.ref, f"Order: {o.type.replace('_', ' ')}",
                       f"Start {o.start or '–'}, end {o.end or '–'}", o) for o in case.orders.all()),
        (TimelineEntry(a.date, "assessment", a.ref, f"Assessment ({a.stage.replace('_', ' ')}, {a.instrument})",
                       _countersign_text(a), a) for a in case.assessments.all()),
        (TimelineEntry(p.date, "plan", p.ref, f"Plan: {p.type.replace('_', ' ')}", _countersign_text(p), p)
         for p in case.plans.all()),
        (TimelineEntry(r.date, "report", r.ref, f"Report: {r.type.replace('_', ' ')}",
                       "Requested" if r.requested else "Not requested", r) for r in case.reports.all()),
        (TimelineEntry(e.date, "event", e.ref, f"Event: {e.type.replace('_', ' ')}", e.detail, e)
         for e in case.events.select_related("by").all()),
    )
    return sorted(entries, key=lambda e: (e.date or date.min, e.kind, e.ref), reverse=True)


def _countersign_text(item) -> str:
    if item.countersigned_outcome == "approved":
        return f"Countersigned on {item.countersigned_date:%-d %B %Y}"
    if item.countersigned_outcome == "returned":
        return f"Returned on {item.countersigned_date:%-d %B %Y}"
    return "Not countersigned"
