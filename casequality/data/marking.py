"""An inspector's home in plain SQL: the cases assigned to a person and their audits
(audits.selectors.marking_for; decisions 0049 and 0057); and an audit's page, its cases
with how far each marker has got (audits.selectors.audit_cases_with_progress).

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
from functools import cache
from typing import Any

from django.db import connections
from django.db.models import Count, F, Q, QuerySet

from casequality.data.reads import fetch_row_sets, fetch_rows, model_of, placeholders, row_converters, unique

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


# --- An audit's page: its cases with how far each marker has got -------------------------

AUDIT_CASE_COLUMNS = (
    "id",
    "case_ref",
    "stratum",
    "reserve",
    "inspector_id",
    "inspector_first_name",
    "inspector_last_name",
    "inspector_username",
    "moderator_id",
    "moderator_first_name",
    "moderator_last_name",
    "moderator_username",
    "answered",
    "moderated",
)
_AUDIT_CASES_SQL = (
    "SELECT ac.id, c.ref, ac.stratum, ac.reserve, "
    "ac.inspector_id, i.first_name, i.last_name, i.username, "
    "ac.moderator_id, m.first_name, m.last_name, m.username, "
    "COUNT(CASE WHEN NOT an.is_moderation THEN an.id END), COUNT(CASE WHEN an.is_moderation THEN an.id END) "
    "FROM audits_auditcase ac "
    "JOIN cases_case c ON c.id = ac.case_id "
    "LEFT JOIN accounts_user i ON i.id = ac.inspector_id "
    "LEFT JOIN accounts_user m ON m.id = ac.moderator_id "
    "LEFT JOIN audits_answer an ON an.audit_case_id = ac.id "
    "WHERE ac.audit_id = %s{marker} "
    "GROUP BY ac.id, c.ref, ac.stratum, ac.reserve, ac.position, ac.inspector_id, i.first_name, i.last_name, "
    "i.username, ac.moderator_id, m.first_name, m.last_name, m.username "
    "ORDER BY ac.reserve, ac.position, ac.id"
)
_MARKER = " AND (ac.inspector_id = %s OR ac.moderator_id = %s)"


def audit_cases(audit_id: int, *, marker_id: int | None = None, using: str = "default") -> list[dict[str, Any]]:
    """The audit's cases (reserves included; only those assigned to `marker_id`, as
    inspector or second marker, when given) in the audit's order (reserves last, then as
    drawn): dicts of AUDIT_CASE_COLUMNS, the case's reference and not its record, each
    marker's names, `answered` and `moderated` the answers given by the inspector and by
    the second marker."""
    sql = _AUDIT_CASES_SQL.format(marker="" if marker_id is None else _MARKER)
    params = [audit_id] if marker_id is None else [audit_id, marker_id, marker_id]
    # Planned once a connection (decision 0068): 1.3 -> 0.9 ms of PostgreSQL's CPU for 115 cases.
    converters = row_converters("audits.AuditCase", ("id", "case__ref", "stratum", "reserve"))
    rows = fetch_rows(sql, params, converters, using, planned=True)
    return [dict(zip(AUDIT_CASE_COLUMNS, row)) for row in rows]


def audit_cases_orm(audit_id: int, *, marker_id: int | None = None) -> QuerySet[Any, Any]:
    cases: QuerySet[Any, Any] = model_of("audits.AuditCase")._default_manager.filter(audit_id=audit_id)
    if marker_id is not None:
        cases = cases.filter(Q(inspector_id=marker_id) | Q(moderator_id=marker_id))
    read: QuerySet[Any, Any] = (
        cases.order_by("reserve", "position", "id")
        .values(
            "id",
            "stratum",
            "reserve",
            "inspector_id",
            "moderator_id",
            case_ref=F("case__ref"),
            inspector_first_name=F("inspector__first_name"),
            inspector_last_name=F("inspector__last_name"),
            inspector_username=F("inspector__username"),
            moderator_first_name=F("moderator__first_name"),
            moderator_last_name=F("moderator__last_name"),
            moderator_username=F("moderator__username"),
        )
        .annotate(
            answered=Count("answers", filter=Q(answers__is_moderation=False)),
            moderated=Count("answers", filter=Q(answers__is_moderation=True)),
        )
    )
    return read


# --- An audit, if a person may open it (the audit's page and its answer form) ------------


def _own_fields(label: str) -> list[Any]:
    """The fields with a column of the model's own table, in the model's order (the
    documented `_meta` API)."""
    return [f for f in model_of(label)._meta.get_fields() if f.concrete and not f.many_to_many]


def _audit_fields(with_sample: bool) -> tuple[list[Any], list[Any]]:
    """The audit's fields read (its sample's analysis only `with_sample`) and its service's."""
    audit = [f for f in _own_fields("audits.Audit") if with_sample or f.name != "sample_analysis"]
    return audit, _own_fields("cases.Service")


@cache
def audit_columns(with_sample: bool) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """(names, the audit's attnames, the service's attnames) of what audit_in_scope reads:
    every column of the audit (its sample's analysis only `with_sample`), then its
    service's as `service__<name>`."""
    audit, service = _audit_fields(with_sample)
    names = (*(f.name for f in audit), *(f"service__{f.name}" for f in service))
    return names, tuple(f.attname for f in audit), tuple(f.attname for f in service)


@cache
def _audit_in_scope_sql(with_sample: bool) -> tuple[str, tuple[Any, ...]]:
    audit, service = _audit_fields(with_sample)
    columns = [f'a."{f.column}"' for f in audit] + [f's."{f.column}"' for f in service]
    sql = (
        f"SELECT {', '.join(columns)} FROM audits_audit a JOIN cases_service s ON s.id = a.service_id "
        "WHERE a.id = %s AND a.service_id IN {services}{marker}"
    )
    return sql, row_converters("audits.Audit", audit_columns(with_sample)[0])


_OPEN_TO_MARKER = (
    " AND (a.inspector_access_ends_on IS NULL OR a.inspector_access_ends_on > %s)"
    " AND EXISTS (SELECT 1 FROM audits_auditcase ac WHERE ac.audit_id = a.id"
    " AND (ac.inspector_id = %s OR ac.moderator_id = %s))"
)


def audit_in_scope(
    audit_id: int,
    service_ids: Iterable[int],
    *,
    marker_id: int | None = None,
    today: date | None = None,
    with_sample: bool = True,
    using: str = "default",
) -> dict[str, Any] | None:
    """The audit, with its service, if it is one of these services' and, for `marker_id`
    (an inspector), one with a case assigned to them (as inspector or second marker) still
    open to inspectors on `today`: a dict of audit_columns(with_sample)'s names, or None."""
    services = unique(service_ids)
    if not services:
        return None
    sql, converters = _audit_in_scope_sql(with_sample)
    params: list[Any] = [audit_id, *services]
    if marker_id is not None:
        if today is None:
            raise ValueError("A marker's audits are those still open to them on a day: give `today`")
        day = today if connections[using].vendor == "postgresql" else today.isoformat()
        params += [day, marker_id, marker_id]
    statement = sql.format(services=placeholders(services), marker="" if marker_id is None else _OPEN_TO_MARKER)
    rows = fetch_rows(statement, params, converters, using)
    return dict(zip(audit_columns(with_sample)[0], rows[0])) if rows else None


def audit_in_scope_orm(
    audit_id: int,
    service_ids: Iterable[int],
    *,
    marker_id: int | None = None,
    today: date | None = None,
    with_sample: bool = True,
) -> QuerySet[Any, Any]:
    found: QuerySet[Any, Any] = model_of("audits.Audit")._default_manager.filter(
        pk=audit_id, service_id__in=list(service_ids)
    )
    if marker_id is not None:
        assigned = model_of("audits.AuditCase")._default_manager.filter(
            Q(inspector_id=marker_id) | Q(moderator_id=marker_id)
        )
        found = found.filter(
            Q(inspector_access_ends_on__isnull=True) | Q(inspector_access_ends_on__gt=today),
            id__in=assigned.values("audit_id"),
        )
    read: QuerySet[Any, Any] = found.values(*audit_columns(with_sample)[0])
    return read


# --- An audit case's answer form: the assignment with its case, and the answers given ----


def _audit_case_fields(leave_unread: tuple[str, ...]) -> tuple[list[Any], list[Any], list[Any]]:
    """The assignment's fields, its case's (but those named in `leave_unread`) and the
    case manager's (a Staff)."""
    case = [f for f in _own_fields("cases.Case") if f.name not in leave_unread]
    return _own_fields("audits.AuditCase"), case, _own_fields("cases.Staff")


@cache
def audit_case_columns(leave_unread: tuple[str, ...] = ()) -> tuple[tuple[str, ...], ...]:
    """(names, the assignment's attnames, its case's attnames, the case manager's attnames)
    of what audit_case_in_audit reads: every column of the assignment, then its case's as
    `case__<name>` (but `leave_unread`), then the case manager's as
    `case__case_manager__<name>` (all None when the case has none)."""
    audit_case, case, staff = _audit_case_fields(leave_unread)
    names = (
        *(f.name for f in audit_case),
        *(f"case__{f.name}" for f in case),
        *(f"case__case_manager__{f.name}" for f in staff),
    )
    return names, *(tuple(f.attname for f in fields) for fields in (audit_case, case, staff))


@cache
def _audit_case_sql(leave_unread: tuple[str, ...]) -> tuple[str, tuple[Any, ...]]:
    audit_case, case, staff = _audit_case_fields(leave_unread)
    columns = (
        [f'ac."{f.column}"' for f in audit_case]
        + [f'c."{f.column}"' for f in case]
        + [f's."{f.column}"' for f in staff]
    )
    sql = (
        f"SELECT {', '.join(columns)} FROM audits_auditcase ac JOIN cases_case c ON c.id = ac.case_id "
        "LEFT JOIN cases_staff s ON s.id = c.case_manager_id WHERE ac.audit_id = %s AND ac.id = %s"
    )
    return sql, row_converters("audits.AuditCase", audit_case_columns(leave_unread)[0])


def audit_case_in_audit(
    audit_id: int, audit_case_id: int, *, leave_unread: tuple[str, ...] = (), using: str = "default"
) -> dict[str, Any] | None:
    """The audit's case `audit_case_id` (None if it is not one of the audit's) with its case
    (the fields named in `leave_unread` left out) and the case's manager: a dict of
    audit_case_columns(leave_unread)'s names."""
    sql, converters = _audit_case_sql(leave_unread)
    rows = fetch_rows(sql, [audit_id, audit_case_id], converters, using)
    return dict(zip(audit_case_columns(leave_unread)[0], rows[0])) if rows else None


def audit_case_in_audit_orm(
    audit_id: int, audit_case_id: int, *, leave_unread: tuple[str, ...] = ()
) -> QuerySet[Any, Any]:
    found = model_of("audits.AuditCase")._default_manager.filter(audit_id=audit_id, pk=audit_case_id)
    read: QuerySet[Any, Any] = found.values(*audit_case_columns(leave_unread)[0])
    return read


@cache
def answer_columns() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(names, attnames) of every column of an answer."""
    fields = _own_fields("audits.Answer")
    return tuple(f.name for f in fields), tuple(f.attname for f in fields)


@cache
def _answers_sql() -> tuple[str, tuple[Any, ...]]:
    columns = ", ".join(f'an."{f.column}"' for f in _own_fields("audits.Answer"))
    sql = f"SELECT {columns} FROM audits_answer an WHERE an.audit_case_id = %s AND an.is_moderation = %s ORDER BY an.id"
    return sql, row_converters("audits.Answer", answer_columns()[0])


def answers_given(audit_case_id: int, *, moderation: bool, using: str = "default") -> list[dict[str, Any]]:
    """The answers of one marker of an audit case (the second marker's with `moderation`),
    in the order given (the model's order within a case): dicts of answer_columns()'s names."""
    sql, converters = _answers_sql()
    rows = fetch_rows(sql, [audit_case_id, moderation], converters, using)
    return [dict(zip(answer_columns()[0], row)) for row in rows]


def answers_given_orm(audit_case_id: int, *, moderation: bool) -> QuerySet[Any, Any]:
    found = model_of("audits.Answer")._default_manager.filter(audit_case_id=audit_case_id, is_moderation=moderation)
    read: QuerySet[Any, Any] = found.order_by("id").values(*answer_columns()[0])
    return read


def audit_case_with_answers(
    audit_id: int, audit_case_id: int, *, moderation: bool, leave_unread: tuple[str, ...] = (), using: str = "default"
) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
    """(audit_case_in_audit, answers_given) by their two statements sent together
    (reads.fetch_row_sets: one round trip on PostgreSQL); no answers when the case is not
    one of the audit's."""
    case_sql, case_converters = _audit_case_sql(leave_unread)
    answers_sql, answers_converters = _answers_sql()
    found, answers = fetch_row_sets(
        [
            (case_sql, [audit_id, audit_case_id], case_converters),
            (answers_sql, [audit_case_id, moderation], answers_converters),
        ],
        using,
    )
    if not found:
        return None, []
    names = answer_columns()[0]
    return dict(zip(audit_case_columns(leave_unread)[0], found[0])), [dict(zip(names, row)) for row in answers]


def audit_case_with_answers_orm(
    audit_id: int, audit_case_id: int, *, moderation: bool, leave_unread: tuple[str, ...] = ()
) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
    found = audit_case_in_audit_orm(audit_id, audit_case_id, leave_unread=leave_unread).first()
    return found, list(answers_given_orm(audit_case_id, moderation=moderation)) if found is not None else []


# --- An audit's report, for the QA lead's task list -------------------------------------

REPORT_COLUMNS = ("id", "audit", "status")
_REPORT_SQL = "SELECT r.id, r.audit_id, r.status FROM reports_auditreport r WHERE r.audit_id = %s"


def audit_report(audit_id: int, *, using: str = "default") -> dict[str, Any] | None:
    """The audit's report's id, audit and status (not its narrative nor its published
    text), a dict of REPORT_COLUMNS; None before the report is first made."""
    rows = fetch_rows(_REPORT_SQL, [audit_id], (), using)
    return dict(zip(REPORT_COLUMNS, rows[0])) if rows else None


def audit_report_orm(audit_id: int) -> QuerySet[Any, Any]:
    found: QuerySet[Any, Any] = model_of("reports.AuditReport")._default_manager.filter(audit_id=audit_id)
    return found.values(*REPORT_COLUMNS)


# --- A marker's next case to mark in an audit (the answer form's "next case") ----------

# Each case's answers counted by a subquery (an index probe a case) and the case's reference
# read for the one row returned, not every case of the marker's joined, grouped and counted
# first: PostgreSQL's CPU for the statement about halved (0.44 to 0.22 ms at 115 cases).
_NEXT_SQL = (
    "SELECT ac.id, (SELECT c.ref FROM cases_case c WHERE c.id = ac.case_id) FROM audits_auditcase ac "
    "WHERE ac.audit_id = %s AND NOT ac.reserve AND ac.{role} = %s AND ac.id <> %s "
    "AND (SELECT COUNT(*) FROM audits_answer an WHERE an.audit_case_id = ac.id AND an.is_moderation = %s) < %s "
    "ORDER BY CASE WHEN ac.position > %s OR (ac.position = %s AND ac.id > %s) THEN 0 ELSE 1 END, ac.position, ac.id "
    "LIMIT 1"
)


def next_to_mark(
    audit_id: int,
    marker_id: int,
    *,
    moderation: bool,
    current_id: int,
    after: tuple[int, int] | None,
    questions: int,
    using: str = "default",
) -> tuple[int, str] | None:
    """(id, case reference) of the marker's next case of the audit with fewer than
    `questions` answers of theirs (as second marker with `moderation`, else as inspector;
    reserves left out; `current_id` never): the first in draw order after `after` (the
    current case's position and id), wrapping round to the first; from the first when
    `after` is None. None when no other case is left to mark."""
    position, at_id = after if after is not None else (-1, -1)
    sql = _NEXT_SQL.format(role="moderator_id" if moderation else "inspector_id")
    params = [audit_id, marker_id, current_id, moderation, questions, position, position, at_id]
    rows = fetch_rows(sql, params, (), using)
    return (rows[0][0], rows[0][1]) if rows else None


def next_to_mark_orm(
    audit_id: int,
    marker_id: int,
    *,
    moderation: bool,
    current_id: int,
    after: tuple[int, int] | None,
    questions: int,
) -> QuerySet[Any, Any]:
    from django.db.models import Case, IntegerField, Value, When

    position, at_id = after if after is not None else (-1, -1)
    role = "moderator_id" if moderation else "inspector_id"
    later = Q(position__gt=position) | Q(position=position, id__gt=at_id)
    read: QuerySet[Any, Any] = (
        model_of("audits.AuditCase")
        ._default_manager.filter(audit_id=audit_id, reserve=False, **{role: marker_id})
        .exclude(id=current_id)
        .annotate(given=Count("answers", filter=Q(answers__is_moderation=moderation)))
        .filter(given__lt=questions)
        .annotate(later=Case(When(later, then=Value(0)), default=Value(1), output_field=IntegerField()))
        .order_by("later", "position", "id")
        .values_list("id", "case__ref")[:1]
    )
    return read
