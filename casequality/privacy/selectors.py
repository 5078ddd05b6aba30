"""Reads for data protection: what the retention schedule says must go, and everything held
about one child (subject access).

It stands above every app that holds part of a child's record (pyproject.toml's layers),
so that one place knows them all: a new model that holds a child's data is added to
`HELD_ABOUT_A_CASE` (and so to subject access and erasure alike).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.conf import settings
from django.core import serializers
from django.db.models import Count, Max, Q, QuerySet

from casequality.accounts.models import AccessLogEntry
from casequality.audits.models import Answer, AuditCase
from casequality.cases.models import Act, Assessment, Case, Event, Order, Plan, Report
from casequality.oversight.models import FindingNote, ManagerEntry, SelfAudit, SelfAuditAnswer, SupervisionSampleCase
from casequality.standards.models import Finding

# Section name -> the rows of that kind held about a case. The case's own row comes first.
HELD_ABOUT_A_CASE: dict[str, Callable[[Case], QuerySet]] = {
    "orders": lambda case: Order.objects.filter(case=case),
    "reports": lambda case: Report.objects.filter(case=case),
    "assessments": lambda case: Assessment.objects.filter(case=case),
    "plans": lambda case: Plan.objects.filter(case=case),
    "events": lambda case: Event.objects.filter(case=case),
    "findings": lambda case: Finding.objects.filter(case=case),
    "finding_notes": lambda case: FindingNote.objects.filter(finding__case=case),
    "manager_entries": lambda case: ManagerEntry.objects.filter(case=case),
    "self_audits": lambda case: SelfAudit.objects.filter(case=case),
    "self_audit_answers": lambda case: SelfAuditAnswer.objects.filter(self_audit__case=case),
    "supervision_samples": lambda case: SupervisionSampleCase.objects.filter(case=case),
    "audit_cases": lambda case: AuditCase.objects.filter(case=case),
    "audit_answers": lambda case: Answer.objects.filter(audit_case__case=case),
    # Casequality's own acts: countersignatures, returns, manager entries and requests for
    # oversight, kept apart from the CMS record (cases.Act).
    "acts": lambda case: Act.objects.filter(case=case),
}


def case_access_log(case: Case) -> QuerySet[AccessLogEntry]:
    """Every access-log entry about the case: by the case itself, by its reference (a
    refusal, an erasure), or a list page that showed it among others."""
    ref = case.ref
    return AccessLogEntry.objects.filter(
        Q(case_id=case.pk) | Q(service_id=case.service_id) & (Q(case_ref=ref) | Q(case_refs__contains=f" {ref} "))
    ).order_by("seq")


def _rows(queryset: QuerySet) -> list[dict[str, Any]]:
    return [{"id": row["pk"], **row["fields"]} for row in serializers.serialize("python", queryset.order_by("pk"))]


# What a child's subject access shows of a victim of their offences: that the victim
# exists, of which offence, and what kind (a person, a business). The rest of a victim's
# record (when they were contacted, whether they consented, their views, restorative
# justice, their safety plan, the worker who supports them) is the victim's personal data,
# not the child's: withheld as third-party data (Data Protection Act 2018, Schedule 2,
# Part 3, paragraph 16). docs/security.md, "Subject access".
VICTIM_SHOWN = ("id", "offence", "kind")
VICTIM_WITHHELD = (
    "Withheld, being the victim's personal data: contact, consent, views, restorative justice, "
    "safety plan and the worker who supports them."
)
VICTIM_FINDING = (
    "A finding about the service's work with a victim of the offence. Its details are withheld, "
    "being the victim's personal data."
)


def _victim_for_the_child(victim: dict[str, Any]) -> dict[str, Any]:
    return {**{key: victim.get(key) for key in VICTIM_SHOWN}, "withheld": VICTIM_WITHHELD}


def _finding_for_the_child(row: dict[str, Any]) -> dict[str, Any]:
    """A finding as the child sees it: one about a victim (VIC rules) without the message
    and evidence that tell of the victim (dates of contact, consent, a safety plan)."""
    if row.get("subject_type") != "victim":
        return row
    return {**row, "message": VICTIM_FINDING, "evidence": {}, "due": None}


def subject_access_document(case: Case) -> dict[str, Any]:
    """Everything held about the child of `case`, as JSON-ready sections of rows; a victim
    of the child's offences appears only as `_victim_for_the_child` shows them."""
    record = _rows(Case.objects.filter(pk=case.pk))[0]
    record["victims"] = [_victim_for_the_child(v) for v in record.get("victims") or []]
    document: dict[str, Any] = {
        "format": "casequality-subject-access/1",
        "service": {"code": case.service.code, "name": case.service.name},
        "case": record,
    }
    for section, rows in HELD_ABOUT_A_CASE.items():
        document[section] = _rows(rows(case))
    document["findings"] = [_finding_for_the_child(row) for row in document["findings"]]
    document["access_log"] = _rows(case_access_log(case))
    return document


def retention_due(*, today: date | None = None) -> QuerySet[Case]:
    """Cases past the retention schedule (settings.CASEQUALITY_RETENTION): no order still
    running, and the last order ended (or, with no order, the case closed or was last
    changed) more than `case_years_after_last_order` years before today."""
    from django.utils import timezone

    today = today or timezone.localdate()
    years = settings.CASEQUALITY_RETENTION["case_years_after_last_order"]
    cutoff = years_before(today, years)
    cases = Case.objects.annotate(
        last_order_end=Max("orders__end"),
        running=Count("orders", filter=Q(orders__end__isnull=True)),
        order_count=Count("orders"),
    ).filter(running=0)
    return cases.filter(
        Q(order_count__gt=0, last_order_end__lt=cutoff)
        | Q(order_count=0) & (Q(closed_on__lt=cutoff) | Q(closed_on__isnull=True, updated_at__date__lt=cutoff))
    ).order_by("service_id", "ref")


def years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)
