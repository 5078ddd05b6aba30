"""An inspector's home in plain SQL: the cases assigned to a person and their audits
(audits.selectors.marking_for; decisions 0049 and 0057).

The queryset of the assignments (two answer counts, the case's reference, the audit's
service and access) cost 2 to 6 ms of CPU to build and compile on every page, more than
the database's work; these reads run the same SQL every time. Each beside its ORM twin
(`<read>_orm`): tests/data/test_marking_reads.py proves each pair returns the same rows,
on SQLite and PostgreSQL.

Only Django's public API (a cursor, the documented `Model._meta` API through
data.reads). Imports no app: the models are named by label.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import connections
from django.db.models import Count, F, Q, QuerySet

from casequality.data.reads import fetch_rows, model_of, placeholders, row_converters, unique

ASSIGNMENT_COLUMNS = ("id", "audit_id", "inspector_id", "moderator_id", "case_ref", "marks", "second_marks")
_ASSIGNMENTS_SQL = (
    "SELECT ac.id, ac.audit_id, ac.inspector_id, ac.moderator_id, c.ref, "
    "COUNT(CASE WHEN NOT an.is_moderation THEN an.id END), COUNT(CASE WHEN an.is_moderation THEN an.id END) "
    "FROM audits_auditcase ac "
    "JOIN audits_audit a ON a.id = ac.audit_id "
    "JOIN cases_case c ON c.id = ac.case_id "
    "LEFT JOIN audits_answer an ON an.audit_case_id = ac.id "
    "WHERE (ac.inspector_id = %s OR ac.moderator_id = %s) AND NOT ac.reserve AND a.service_id IN {services} "
    "AND (a.inspector_access_ends_on IS NULL OR a.inspector_access_ends_on > %s) "
    "GROUP BY ac.id, ac.audit_id, ac.inspector_id, ac.moderator_id, c.ref, a.created_at, ac.position "
    "ORDER BY a.created_at DESC, ac.audit_id DESC, ac.position, ac.id"
)


def assignments(
    user_id: int, service_ids: Iterable[int], *, today: date, using: str = "default"
) -> list[dict[str, Any]]:
    """The person's assignments (as inspector or second marker, reserves left out) in the
    audits of these services still open to inspectors on `today`, newest audit first then
    in draw order: dicts of ASSIGNMENT_COLUMNS, `marks` and `second_marks` the answers
    given by the inspector and by the second marker."""
    services = unique(service_ids)
    if not services:
        return []
    day = today if connections[using].vendor == "postgresql" else today.isoformat()
    sql = _ASSIGNMENTS_SQL.format(services=placeholders(services))
    rows = fetch_rows(sql, [user_id, user_id, *services, day], (), using)
    return [dict(zip(ASSIGNMENT_COLUMNS, row)) for row in rows]


def assignments_orm(user_id: int, service_ids: Iterable[int], *, today: date) -> QuerySet[Any, Any]:
    open_audit = Q(audit__inspector_access_ends_on__isnull=True) | Q(audit__inspector_access_ends_on__gt=today)
    assigned: QuerySet[Any, Any] = (
        model_of("audits.AuditCase")
        ._default_manager.filter(Q(inspector_id=user_id) | Q(moderator_id=user_id), open_audit)
        .filter(reserve=False, audit__service_id__in=list(service_ids))
        .order_by("-audit__created_at", "-audit_id", "position", "id")
        .values("id", "audit_id", "inspector_id", "moderator_id", case_ref=F("case__ref"))
        .annotate(
            marks=Count("answers", filter=Q(answers__is_moderation=False)),
            second_marks=Count("answers", filter=Q(answers__is_moderation=True)),
        )
    )
    return assigned


AUDIT_COLUMNS = ("id", "title", "framework", "answers_frozen_at", "inspector_access_ends_on", "framework_frozen")
_AUDITS_SQL = (
    "SELECT a.id, a.title, a.framework, a.answers_frozen_at, a.inspector_access_ends_on, a.framework_frozen "
    "FROM audits_audit a WHERE a.id IN {ids} ORDER BY a.id"
)


def audits(audit_ids: Iterable[int], *, using: str = "default") -> list[dict[str, Any]]:
    """These audits, by id, as dicts of AUDIT_COLUMNS: what the home shows of each and the
    framework it froze (not the sample's analysis, read by the audit's own pages)."""
    ids = unique(audit_ids)
    if not ids:
        return []
    rows = fetch_rows(
        _AUDITS_SQL.format(ids=placeholders(ids)), ids, row_converters("audits.Audit", AUDIT_COLUMNS), using
    )
    return [dict(zip(AUDIT_COLUMNS, row)) for row in rows]


def audits_orm(audit_ids: Iterable[int]) -> QuerySet[Any, Any]:
    found = model_of("audits.Audit")._default_manager.filter(id__in=list(audit_ids))
    return found.order_by("id").values(*AUDIT_COLUMNS)
