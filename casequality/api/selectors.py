"""Reads of the API app: tokens, and the findings feed."""

from __future__ import annotations

from django.db import connection
from django.db.models import Exists, Min, OuterRef, QuerySet

from casequality.api.models import ApiToken, FindingChange
from casequality.api.services import token_digest
from casequality.cases.models import Act, Service
from casequality.standards.models import Finding
from casequality.standards.rulebook import rulebook

FINDING_STATUSES = ("open", "closed")


def api_token_for(token: str) -> ApiToken | None:
    """The live (not revoked) token record of a token someone sent, or None."""
    return (
        ApiToken.objects.select_related("service").filter(digest=token_digest(token), revoked_at__isnull=True).first()
    )


def api_tokens(*, service: Service | None = None) -> QuerySet[ApiToken]:
    qs = ApiToken.objects.select_related("service")
    return qs.filter(service=service) if service is not None else qs


def findings_changes(
    *, service: Service, case: str | None = None, status: str | None = None, rule: str | None = None
) -> QuerySet[FindingChange]:
    """The latest change of each of the service's findings, with the finding and its case.

    Filters apply to the finding as it is now: a finding that was open and has closed
    since is not in `status="open"`.
    """
    later = FindingChange.objects.filter(finding_id=OuterRef("finding_id"), id__gt=OuterRef("id"))
    qs = FindingChange.objects.filter(~Exists(later), finding__service=service).select_related(
        "finding", "finding__case"
    )
    if case:
        qs = qs.filter(finding__case__ref=case)
    if status == "open":
        qs = qs.filter(finding__resolved_on__isnull=True)
    elif status == "closed":
        qs = qs.filter(finding__resolved_on__isnull=False)
    if rule:
        qs = qs.filter(finding__rule=rule)
    return qs


def findings_horizon() -> int | None:
    """The first finding change a reader must not pass yet, or None (see _horizon)."""
    return _horizon(FindingChange.objects.all())


def acts_horizon() -> int | None:
    """The first act a reader of the acts feed must not pass yet, or None (see _horizon)."""
    return _horizon(Act.objects.all())


def _horizon(rows: QuerySet) -> int | None:
    """The first id of `rows` (each with its `txid`) a reader must not pass yet, or None (no limit).

    On PostgreSQL ids are handed out when a change is made but seen when its transaction
    commits, so id 12 may be visible before id 11: serving 12 and moving the cursor past
    it would skip 11 for ever. Changes from transactions that may still be running (at
    or after the oldest transaction this snapshot sees as in progress) are held back,
    with everything after them. SQLite's writers take turns, so there is no such gap.
    """
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint, "
            "pg_current_xact_id_if_assigned()::text::bigint"
        )
        xmin, own = cursor.fetchone()
    pending = rows.filter(txid__gte=xmin)
    if own is not None:  # this transaction's own changes are visible to it, whole
        pending = pending.exclude(txid=own)
    return pending.aggregate(first=Min("id"))["first"]


def finding_json(finding: Finding) -> dict:
    """A finding as the API gives it: `casequality check`'s record plus its identity,
    kind and history."""
    resolution = getattr(finding, "resolution", "") or ("resolved" if finding.resolved_on else None)
    return {
        "id": finding.pk,
        "case": finding.case.ref,
        "rule": finding.rule,
        "kind": finding.kind,
        "severity": finding.severity,
        "owner": finding.owner,
        "subject": finding.subject,
        "message": finding.message,
        "evidence": finding.evidence,
        "due": finding.due.isoformat() if finding.due else None,
        "status": "open" if finding.resolved_on is None else "closed",
        "opened_on": finding.opened_on.isoformat(),
        "resolved_on": finding.resolved_on.isoformat() if finding.resolved_on else None,
        "resolution": resolution if finding.resolved_on else None,
        "actionable": finding.actionable,
        "remedy": _remedy(finding.rule),
    }


def _remedy(rule: str) -> str:
    meta = rulebook().rules.get(rule)
    return meta.remedy if meta is not None else ""


def acts_feed(*, service: Service, case: str | None = None) -> QuerySet[Act]:
    """The service's acts (Casequality's own record: cases.models.Act), oldest first by id."""
    acts = Act.objects.filter(case__service=service).select_related("case", "corrects")
    return acts.filter(case__ref=case) if case else acts


def act_json(act: Act) -> dict:
    """An act as the API gives it: the interchange format's act (docs/case-format.md) and its case."""
    return {
        "case": act.case.ref,
        "id": act.ref,
        "kind": act.kind,
        "subject_type": act.subject_type,
        "subject": act.subject_ref or None,
        "subject_version": act.subject_version,
        "by": act.by_ref,
        "date": act.date.isoformat(),
        "outcome": act.outcome or None,
        "text": act.text,
        "corrects": act.corrects.ref if act.corrects is not None else None,
        "recorded_at": act.recorded_at.isoformat(timespec="seconds"),
        "recorded_by": act.recorded_by,
    }
