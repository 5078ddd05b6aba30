"""The hot reads: the small reads behind one case's re-evaluation and a caseload page, in
plain SQL, each beside its ORM twin (decision 0035).

Django builds and compiles a queryset's SQL anew on every call; for these reads that cost
more than the database's own work (decision 0026). Here each read is written once as SQL,
the same for SQLite and PostgreSQL, run with its values as parameters (never in the SQL
text), and its rows converted to what the twin gives (dates, times, booleans and JSON).
The twin (`<read>_orm`) is the same read as a queryset: tests/data/test_reads.py proves
each pair returns the same rows on SQLite and PostgreSQL, hostile values included, and a
read of many rows that wants a server-side cursor (a sweep's chunk) uses the twin.

Only Django's public API: a cursor (`connection.cursor()`), the documented `Model._meta`
API and the field classes. The models are named by app label (`apps.get_model`), so this
module imports no app and every app may use it.

Lists are `IN` lists: an empty one gives no rows without a query, repeated values count
once (as Django's `__in`).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, date, datetime
from functools import cache
from typing import Any

from django.apps import apps
from django.db import connections, models
from django.db.models import Count, Exists, F, Min, OuterRef, Q, QuerySet, Subquery
from django.utils.dateparse import parse_datetime

from casequality.data.planned import fetch_planned, fetch_planned_sets

# The kinds of finding (standards.models.Kind): the twin tests fail if they drift.
FINDING, TASK = "finding", "task"


def model_of(label: str) -> type[models.Model]:
    """The model named "app_label.ModelName" (the data layer imports no app's models)."""
    return apps.get_model(label)


# --- converting a cursor's rows as the ORM does --------------------------------------


def _as_date(value):
    return value if value is None or isinstance(value, date) else date.fromisoformat(value)


def _as_datetime(value):
    if value is None:
        return value
    if not isinstance(value, datetime):
        value = parse_datetime(value)
    # SQLite keeps an aware time as UTC without its offset (USE_TZ is on).
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def _as_bool(value):
    return value if value is None else bool(value)


def _as_json(value):
    return value if value is None else json.loads(value)


def _converter(field: models.Field) -> Callable[[Any], Any] | None:
    if isinstance(field, models.DateTimeField):
        return _as_datetime
    if isinstance(field, models.DateField):
        return _as_date
    if isinstance(field, models.BooleanField):
        return _as_bool
    if isinstance(field, models.JSONField):
        return _as_json
    return None


def _field(model: type[models.Model], name: str) -> models.Field:
    """The model field a values() name reads (`author__ref`: the author's ref)."""
    *path, last = name.split("__")
    for step in path:
        model = model._meta.get_field(step).related_model
    return model._meta.get_field(last)


@cache
def row_converters(label: str, names: tuple[str, ...], extra: tuple[tuple[str, str], ...] = ()) -> tuple:
    """(position, converter) for the columns that need one; `extra` names (column, field)
    for a column that is not a field of the model (an aggregate)."""
    model, fields = model_of(label), dict(extra)
    pairs = ((i, _converter(_field(model, fields.get(name, name)))) for i, name in enumerate(names))
    return tuple((i, convert) for i, convert in pairs if convert is not None)


def fetch_rows(sql: str, params: Sequence[Any], converters: tuple, using: str, *, planned: bool = False) -> list[tuple]:
    """The rows of `sql`, each value converted as the ORM would (`row_converters`); `planned`:
    on PostgreSQL planned once a connection (data.planned, decision 0068)."""
    connection = connections[using]
    if connection.vendor == "postgresql":
        # psycopg gives dates, times and booleans typed; JSON as text (Django's own loader).
        converters = tuple(pair for pair in converters if pair[1] is _as_json)
    if planned:
        return _converted(fetch_planned(sql, params, using), converters)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return _converted(rows, converters)


def _converted(rows: Sequence[Sequence[Any]], converters: tuple) -> list[tuple]:
    if not converters:
        return [tuple(row) for row in rows]
    out = []
    for row in rows:
        row = list(row)
        for i, convert in converters:
            row[i] = convert(row[i])
        out.append(tuple(row))
    return out


def fetch_row_sets(statements: Sequence[tuple[str, Sequence[Any], tuple]], using: str) -> list[list[tuple]]:
    """The rows of each (sql, params, converters), as `fetch_rows` gives them. On PostgreSQL
    the statements go together in one round trip, each planned once a connection
    (data.planned.fetch_planned_sets: psycopg's pipeline of prepared statements); SQLite runs
    one statement at a time."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return [fetch_rows(sql, params, converters, using) for sql, params, converters in statements]
    sets = fetch_planned_sets([(sql, params) for sql, params, _ in statements], using)
    return [
        _converted(rows, tuple(pair for pair in converters if pair[1] is _as_json))
        for rows, (_, _, converters) in zip(sets, statements, strict=True)
    ]


def unique(values: Iterable) -> list:
    """`values` without repeats, in their order."""
    return list(dict.fromkeys(values))


def placeholders(values: list) -> str:
    """`(%s, %s, ...)`, one for each of `values`, for an IN of the plain SQL."""
    return "(" + ", ".join(["%s"] * len(values)) + ")"


# --- a case's record: its sub-records and acts -----------------------------------------

_COUNTERSIGNABLE = (
    "date",
    "author__ref",
    "countersigned_by__ref",
    "countersigned_date",
    "countersigned_outcome",
    "countersigned_comment",
)
# Each sub-record list of a case record: its model, and the columns read after case_id and ref.
SUB_RECORDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "orders": ("cases.Order", ("type", "court_date", "start", "end", "custody_considered", "custody_release")),
    "reports": ("cases.Report", ("type", "order_ref", "requested", "not_requested_reason", "yos_challenged", "date",
                                 "author__ref", "text", "discussed_with_child", "discussed_with_parent")),
    "assessments": ("cases.Assessment", (*_COUNTERSIGNABLE, "stage", "instrument", "likelihood", "rosh",
                                         "vulnerability", "diversity_barriers", "child_views", "parent_contributed",
                                         "assetplus")),
    "plans": ("cases.Plan", (*_COUNTERSIGNABLE, "type", "assessment_ref", "objectives", "phases", "contingency",
                             "agreed_with_child", "agreed_with_parent", "child_version", "review_by")),
    "events": ("cases.Event", ("type", "date", "by__ref", "detail", "extra")),
}  # fmt: skip


def _sub_record_sql(table: str, columns: tuple[str, ...]) -> str:
    # `end` is a reserved word in both databases: every column is quoted.
    selected, joins = ['r."case_id"', 'r."ref"'], []
    for name in columns:
        if name.endswith("__ref"):
            alias = name.removesuffix("__ref")
            selected.append(f"s_{alias}.ref")
            joins.append(f'LEFT JOIN cases_staff s_{alias} ON s_{alias}.id = r."{alias}_id"')
        else:
            selected.append(f'r."{name}"')
    return (
        f"SELECT {', '.join(selected)} FROM {table} r {' '.join(joins)} "
        "WHERE r.case_id IN {ids} ORDER BY r.case_id, r.id"
    )


_SUB_RECORD_SQL = {
    key: _sub_record_sql(f"cases_{label.split('.')[1].lower()}", columns)
    for key, (label, columns) in SUB_RECORDS.items()
}


def sub_records(key: str, case_ids: Iterable[int], *, using: str = "default") -> list[dict]:
    """The `key` sub-records (orders, reports, assessments, plans, events) of these cases
    as dicts of case_id, ref and SUB_RECORDS's columns, by case then as stored."""
    ids = unique(case_ids)
    if not ids:
        return []
    label, columns = SUB_RECORDS[key]
    names = ("case_id", "ref", *columns)
    rows = fetch_rows(_SUB_RECORD_SQL[key].format(ids=placeholders(ids)), ids, row_converters(label, names), using)
    return [dict(zip(names, row)) for row in rows]


def sub_records_orm(key: str, case_ids: Iterable[int]) -> QuerySet:
    label, columns = SUB_RECORDS[key]
    return (
        model_of(label)
        .objects.filter(case_id__in=list(case_ids))
        .order_by("case_id", "id")
        .values("case_id", "ref", *columns)
    )


# What one case's page shows of each sub-record list (web.selectors.case_timeline; decision
# 0062): the columns after id, case_id and ref; `x__ref` and `x__name` are the staff member's.
_SIGNER = (
    "countersigned_by__ref",
    "countersigned_by__name",
    "countersigned_date",
    "countersigned_outcome",
    "countersigned_comment",
)
PAGE_RECORDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "orders": ("cases.Order", ("type", "court_date", "start", "end")),
    "reports": ("cases.Report", ("type", "requested", "date")),
    "assessments": ("cases.Assessment", ("date", "stage", "instrument", "likelihood", "rosh", "vulnerability",
                                         "diversity_barriers", "child_views", "parent_contributed", "assetplus",
                                         *_SIGNER)),
    "plans": ("cases.Plan", ("date", "type", "objectives", "contingency", "agreed_with_child", "agreed_with_parent",
                             "review_by", *_SIGNER)),
    "events": ("cases.Event", ("type", "date", "detail")),
}  # fmt: skip


def _page_record_sql(table: str, columns: tuple[str, ...]) -> str:
    selected, joins = ['r."id"', 'r."case_id"', 'r."ref"'], {}
    for name in columns:
        alias, _, staff_column = name.rpartition("__")
        if alias:
            selected.append(f"s_{alias}.{staff_column}")
            joins[alias] = f'LEFT JOIN cases_staff s_{alias} ON s_{alias}.id = r."{alias}_id"'
        else:
            selected.append(f'r."{name}"')
    return (
        f"SELECT {', '.join(selected)} FROM {table} r {' '.join(joins.values())} "
        "WHERE r.case_id IN {ids} ORDER BY r.case_id, r.id"
    )


_PAGE_RECORD_SQL = {
    key: _page_record_sql(f"cases_{label.split('.')[1].lower()}", columns)
    for key, (label, columns) in PAGE_RECORDS.items()
}


def page_records(key: str, case_ids: Iterable[int], *, using: str = "default") -> list[dict]:
    """The `key` sub-records (orders, reports, assessments, plans, events) of these cases
    as a case's page shows them: dicts of id, case_id, ref and PAGE_RECORDS's columns, by
    case then as stored."""
    ids = unique(case_ids)
    if not ids:
        return []
    label, columns = PAGE_RECORDS[key]
    names = ("id", "case_id", "ref", *columns)
    rows = fetch_rows(_PAGE_RECORD_SQL[key].format(ids=placeholders(ids)), ids, row_converters(label, names), using)
    return [dict(zip(names, row)) for row in rows]


def page_records_orm(key: str, case_ids: Iterable[int]) -> QuerySet:
    label, columns = PAGE_RECORDS[key]
    return (
        model_of(label)
        .objects.filter(case_id__in=list(case_ids))
        .order_by("case_id", "id")
        .values("id", "case_id", "ref", *columns)
    )


ACT_COLUMNS = (
    "case_id",
    "ref",
    "kind",
    "subject_type",
    "subject_ref",
    "subject_version",
    "by_ref",
    "date",
    "outcome",
    "text",
    "corrects__ref",
    "recorded_at",
    "recorded_by",
)
_ACTS_SQL = (
    "SELECT r.case_id, r.ref, r.kind, r.subject_type, r.subject_ref, r.subject_version, r.by_ref, r.date, "
    "r.outcome, r.text, corrects.ref, r.recorded_at, r.recorded_by "
    "FROM cases_act r LEFT JOIN cases_act corrects ON corrects.id = r.corrects_id "
    "WHERE r.case_id IN {ids} ORDER BY r.case_id, r.id"
)


def acts(case_ids: Iterable[int], *, using: str = "default") -> list[dict]:
    """The acts of these cases as dicts of ACT_COLUMNS, by case then as recorded."""
    ids = unique(case_ids)
    if not ids:
        return []
    rows = fetch_rows(_ACTS_SQL.format(ids=placeholders(ids)), ids, row_converters("cases.Act", ACT_COLUMNS), using)
    return [dict(zip(ACT_COLUMNS, row)) for row in rows]


def acts_orm(case_ids: Iterable[int]) -> QuerySet:
    return (
        model_of("cases.Act").objects.filter(case_id__in=list(case_ids)).order_by("case_id", "id").values(*ACT_COLUMNS)
    )


# --- what a re-evaluation reads besides the record ---------------------------------------

OPEN_FINDING_COLUMNS = (
    "pk",
    "case_id",
    "rule",
    "key",
    "kind",
    "subject",
    "subject_type",
    "message",
    "due",
    "actionable",
    "met_on",
    "last_seen_on",
)
_OPEN_FINDINGS_SQL = (
    "SELECT id, case_id, rule, key, kind, subject, subject_type, message, due, actionable, met_on, last_seen_on "
    "FROM standards_finding WHERE case_id IN {ids} AND resolved_on IS NULL ORDER BY due, id"
)


def open_findings(case_ids: Iterable[int], *, using: str = "default") -> list[tuple]:
    """The open findings of these cases as tuples of OPEN_FINDING_COLUMNS, in the model's
    order (due, then id)."""
    ids = unique(case_ids)
    if not ids:
        return []
    converters = row_converters("standards.Finding", OPEN_FINDING_COLUMNS, (("pk", "id"),))
    return fetch_rows(_OPEN_FINDINGS_SQL.format(ids=placeholders(ids)), ids, converters, using)


def open_findings_orm(case_ids: Iterable[int]) -> QuerySet:
    return (
        model_of("standards.Finding")
        .objects.filter(case_id__in=list(case_ids), resolved_on__isnull=True)
        .values_list(*OPEN_FINDING_COLUMNS)
    )


def case_services(case_ids: Iterable[int], *, using: str = "default") -> list[tuple[int, int]]:
    """(case id, service id) of these cases, by case id."""
    ids = unique(case_ids)
    if not ids:
        return []
    return fetch_rows(
        f"SELECT id, service_id FROM cases_case WHERE id IN {placeholders(ids)} ORDER BY id", ids, (), using
    )


def case_services_orm(case_ids: Iterable[int]) -> QuerySet:
    return model_of("cases.Case").objects.filter(pk__in=list(case_ids)).order_by("pk").values_list("pk", "service_id")


def parameter_overrides(service_id: int, *, using: str = "default") -> list[tuple[str, Any]]:
    """(parameter name, value) of the service's own parameter settings."""
    converters = row_converters("standards.ParameterSetting", ("name", "value"))
    return fetch_rows(
        "SELECT name, value FROM standards_parametersetting WHERE service_id = %s",
        [service_id],
        converters,
        using,
        planned=True,
    )


def parameter_overrides_orm(service_id: int) -> QuerySet:
    return model_of("standards.ParameterSetting").objects.filter(service_id=service_id).values_list("name", "value")


def disabled_rules(service_id: int, *, using: str = "default") -> list[tuple[str, str]]:
    """(rule id, reason) of the rules the service has switched off."""
    return fetch_rows(
        "SELECT rule, reason FROM standards_rulesetting WHERE service_id = %s AND NOT enabled", [service_id], (), using
    )


def disabled_rules_orm(service_id: int) -> QuerySet:
    return (
        model_of("standards.RuleSetting")
        .objects.filter(service_id=service_id, enabled=False)
        .values_list("rule", "reason")
    )


def staff_roles(service_id: int, refs: Iterable[str], *, using: str = "default") -> list[tuple[str, str]]:
    """(staff id, role) of the service's staff with these ids (refs, compared exactly)."""
    wanted = unique(refs)
    if not wanted:
        return []
    sql = f"SELECT ref, role FROM cases_staff WHERE service_id = %s AND ref IN {placeholders(wanted)}"
    return fetch_rows(sql, [service_id, *wanted], (), using)


def staff_roles_orm(service_id: int, refs: Iterable[str]) -> QuerySet:
    staff = model_of("cases.Staff").objects.filter(service_id=service_id, ref__in=list(refs))
    return staff.order_by().values_list("ref", "role")


def staff_names(service_id: int, refs: Iterable[str], *, using: str = "default") -> list[tuple[str, str]]:
    """(staff id, name) of the service's staff with these ids (refs, compared exactly): the
    names a case's page gives its PDAT authors, signers and victim workers."""
    wanted = unique(refs)
    if not wanted:
        return []
    sql = f"SELECT ref, name FROM cases_staff WHERE service_id = %s AND ref IN {placeholders(wanted)}"
    return fetch_rows(sql, [service_id, *wanted], (), using, planned=True)


def staff_names_orm(service_id: int, refs: Iterable[str]) -> QuerySet:
    staff = model_of("cases.Staff").objects.filter(service_id=service_id, ref__in=list(refs))
    return staff.order_by().values_list("ref", "name")


def names_stamp(service_id: int, *, using: str = "default") -> list[tuple[int | None, int | None]]:
    """[(the service's newest case id, how many of its cases were removed)]; [] for no
    such service. What tells a name index that cases came or went (standards.selectors)."""
    sql = (
        "SELECT (SELECT c.id FROM cases_case c WHERE c.service_id = %s ORDER BY c.id DESC LIMIT 1), "
        "(SELECT r.removed FROM standards_caseremovals r WHERE r.service_id = %s LIMIT 1) "
        "FROM cases_service s WHERE s.id = %s"
    )
    return fetch_rows(sql, [service_id, service_id, service_id], (), using)


def names_stamp_orm(service_id: int) -> QuerySet:
    cases = model_of("cases.Case").objects.filter(service_id=service_id).order_by("-pk").values("pk")[:1]
    removals = model_of("standards.CaseRemovals").objects.filter(service_id=service_id).values("removed")[:1]
    return model_of("cases.Service").objects.filter(pk=service_id).values_list(Subquery(cases), Subquery(removals))


# --- one case's page: the case, its team and its case manager ----------------------------

# The case's relations a case page shows (their names), read whole with it.
_PAGE_CASE_RELATIONS = (("team", "cases.Team", "t"), ("case_manager", "cases.Staff", "m"))


def _columns(label: str) -> list[models.Field]:
    """The model's fields that are columns of its table (the documented Options API)."""
    return [f for f in model_of(label)._meta.get_fields() if f.concrete and not f.many_to_many]


@cache
def page_case_columns() -> tuple[str, ...]:
    """What page_cases reads of a case, by name: every column of cases.Case (its fields'
    attnames), then every column of its team and its case manager (`team__name`)."""
    names = [f.attname for f in _columns("cases.Case")]
    for relation, label, _ in _PAGE_CASE_RELATIONS:
        names += [f"{relation}__{f.attname}" for f in _columns(label)]
    return tuple(names)


@cache
def _page_case_sql() -> str:
    case = model_of("cases.Case")._meta
    selected = [f'c."{f.column}"' for f in _columns("cases.Case")]
    joins = []
    for relation, label, alias in _PAGE_CASE_RELATIONS:
        selected += [f'{alias}."{f.column}"' for f in _columns(label)]
        table, column = model_of(label)._meta.db_table, case.get_field(relation).column
        joins.append(f'LEFT JOIN {table} {alias} ON {alias}.id = c."{column}"')
    return (
        f"SELECT {', '.join(selected)} FROM {case.db_table} c {' '.join(joins)} "
        "WHERE c.ref = %s AND c.service_id IN {ids} ORDER BY c.id"
    )


def page_cases(ref: str, service_ids: Iterable[int], *, using: str = "default") -> list[dict]:
    """The cases with this reference in these services (one each at most), as dicts of
    page_case_columns(): the whole case with its team and case manager, what a case page
    reads of it (accounts.selectors.case_get_for_user's queryset without its compiling)."""
    ids = unique(service_ids)
    if not ids:
        return []
    names = page_case_columns()
    # Planned once a connection (decision 0068): 0.33 ms of PostgreSQL's CPU planned each time.
    rows = fetch_rows(
        _page_case_sql().format(ids=placeholders(ids)),
        [ref, *ids],
        row_converters("cases.Case", names),
        using,
        planned=True,
    )
    return [dict(zip(names, row)) for row in rows]


def page_cases_orm(ref: str, service_ids: Iterable[int]) -> QuerySet:
    return (
        model_of("cases.Case")
        .objects.filter(ref=ref, service_id__in=list(service_ids))
        .order_by("id")
        .values(*page_case_columns())
    )


# --- one case's page: its findings and their notes --------------------------------------

PAGE_FINDING_COLUMNS = (
    "id",
    "case_id",
    "rule",
    "kind",
    "severity",
    "owner",
    "subject",
    "subject_type",
    "message",
    "evidence",
    "due",
    "actionable",
    "opened_on",
    "resolved_on",
)
_PAGE_FINDINGS_SQL = (
    f"SELECT {', '.join(PAGE_FINDING_COLUMNS)} FROM standards_finding WHERE case_id IN {{ids}} "
    "ORDER BY case_id, opened_on DESC, rule, id"
)


def page_findings(case_ids: Iterable[int], *, using: str = "default") -> list[dict]:
    """Every finding of these cases, open or resolved, as dicts of PAGE_FINDING_COLUMNS: by
    case, then newest raised first, then by rule (the order of a case page's history)."""
    ids = unique(case_ids)
    if not ids:
        return []
    converters = row_converters("standards.Finding", PAGE_FINDING_COLUMNS)
    rows = fetch_rows(_PAGE_FINDINGS_SQL.format(ids=placeholders(ids)), ids, converters, using)
    return [dict(zip(PAGE_FINDING_COLUMNS, row)) for row in rows]


def page_findings_orm(case_ids: Iterable[int]) -> QuerySet:
    return (
        model_of("standards.Finding")
        .objects.filter(case_id__in=list(case_ids))
        .order_by("case_id", "-opened_on", "rule", "id")
        .values(*PAGE_FINDING_COLUMNS)
    )


# One case's record as the audit's answer form shows it beside the questions (audits.views
# _case_panel): its orders, assessments, plans and events, acts and findings.
PANEL_RECORDS = ("orders", "assessments", "plans", "events")


def case_panel(case_id: int, *, keys: Sequence[str] = PANEL_RECORDS, using: str = "default") -> dict[str, list[dict]]:
    """One case's sub-records of `keys` (PANEL_RECORDS; the case page: all PAGE_RECORDS) as
    `page_records` gives them, its "acts" as `acts` and its "findings" as `page_findings`, by
    the same statements sent together (`fetch_row_sets`): on PostgreSQL one round trip for
    the six or seven, each planned once a connection, which cost the pages more to send and
    plan one by one than to run."""
    ids = [case_id]
    statements, names = [], []
    for key in keys:
        label, columns = PAGE_RECORDS[key]
        names.append(("id", "case_id", "ref", *columns))
        statements.append((_PAGE_RECORD_SQL[key].format(ids="(%s)"), ids, row_converters(label, names[-1])))
    names.append(ACT_COLUMNS)
    statements.append((_ACTS_SQL.format(ids="(%s)"), ids, row_converters("cases.Act", ACT_COLUMNS)))
    names.append(PAGE_FINDING_COLUMNS)
    statements.append(
        (
            _PAGE_FINDINGS_SQL.format(ids="(%s)"),
            ids,
            row_converters("standards.Finding", PAGE_FINDING_COLUMNS),
        )
    )
    sets = fetch_row_sets(statements, using)
    return {
        key: [dict(zip(columns, row)) for row in rows]
        for key, columns, rows in zip((*keys, "acts", "findings"), names, sets, strict=True)
    }


def case_panel_orm(case_id: int, *, keys: Sequence[str] = PANEL_RECORDS) -> dict[str, list[dict]]:
    return {
        **{key: list(page_records_orm(key, [case_id])) for key in keys},
        "acts": list(acts_orm([case_id])),
        "findings": list(page_findings_orm([case_id])),
    }


NOTE_COLUMNS = ("id", "finding_id", "author_name", "text", "marked_for_review", "created_at")
_NOTES_SQL = (
    f"SELECT {', '.join(NOTE_COLUMNS)} FROM oversight_findingnote WHERE finding_id IN {{ids}} ORDER BY created_at, id"
)


def finding_notes(finding_ids: Iterable[int], *, using: str = "default") -> list[dict]:
    """The notes on these findings as dicts of NOTE_COLUMNS, oldest first."""
    ids = unique(finding_ids)
    if not ids:
        return []
    rows = fetch_rows(
        _NOTES_SQL.format(ids=placeholders(ids)),
        ids,
        row_converters("oversight.FindingNote", NOTE_COLUMNS),
        using,
        planned=True,
    )
    return [dict(zip(NOTE_COLUMNS, row)) for row in rows]


def finding_notes_orm(finding_ids: Iterable[int]) -> QuerySet:
    return (
        model_of("oversight.FindingNote")
        .objects.filter(finding_id__in=list(finding_ids))
        .order_by("created_at", "id")
        .values(*NOTE_COLUMNS)
    )


# --- the self-audit page: each case manager's answers checked and agreed with -------------

AGREEMENT_COLUMNS = ("id", "name", "checked", "agreed")
# The staff a page's scope holds: a staff member, a team's or services' (accounts.selectors.staff_for_user).
STAFF_SCOPES = {"staff": ("s.id", "pk"), "team": ("s.team_id", "team_id"), "services": ("s.service_id", "service_id")}
_AGREEMENT_SQL = (
    "SELECT s.id, s.name, COUNT(a.id), COUNT(CASE WHEN a.verdict = %s THEN a.id END) FROM cases_staff s "
    "LEFT JOIN oversight_selfaudit sa ON sa.case_manager_id = s.id "
    "LEFT JOIN oversight_selfauditanswer a ON a.self_audit_id = sa.id AND a.verdict <> '' "
    "WHERE s.role = %s AND {column} IN {values} GROUP BY s.id, s.name ORDER BY s.name, s.id"
)


def agreement_counts(
    scope: str, values: Iterable[int], *, role: str, agree: str, using: str = "default"
) -> list[tuple[int, str, int, int]]:
    """(id, name, answers checked, answers agreed with) of each staff member of `role` in
    the scope (STAFF_SCOPES: `values` are staff, team or service ids), by name: what the
    self-audit page's agreement rates count. An answer is checked once its verdict is
    given; agreed with when the verdict is `agree`."""
    ids = unique(values)
    if not ids:
        return []
    sql = _AGREEMENT_SQL.format(column=STAFF_SCOPES[scope][0], values=placeholders(ids))
    return fetch_rows(sql, [agree, role, *ids], (), using)  # type: ignore[return-value]


def agreement_counts_orm(scope: str, values: Iterable[int], *, role: str, agree: str) -> QuerySet:
    answers = "self_audits__answers"
    return (
        model_of("cases.Staff")
        .objects.filter(role=role, **{f"{STAFF_SCOPES[scope][1]}__in": list(values)})
        .annotate(
            checked=Count(answers, filter=~Q(**{f"{answers}__verdict": ""})),
            agreed=Count(answers, filter=Q(**{f"{answers}__verdict": agree})),
        )
        .order_by("name", "id")
        .values_list(*AGREEMENT_COLUMNS)
    )


# --- a caseload page's rows -------------------------------------------------------------

CASELOAD_COLUMNS = (
    "id",
    "ref",
    "child_name",
    "closed_on",
    "case_manager_name",
    "team_name",
    "open_must",
    "open_should",
    "open_tasks",
    "next_due",
)
_CASELOAD_SQL = (
    "SELECT c.id, c.ref, c.child_name, c.closed_on, m.name, t.name, "
    "COUNT(CASE WHEN f.resolved_on IS NULL AND f.kind = %s AND f.severity = 'must' THEN f.id END), "
    "COUNT(CASE WHEN f.resolved_on IS NULL AND f.kind = %s AND f.severity = 'should' THEN f.id END), "
    "COUNT(CASE WHEN f.resolved_on IS NULL AND f.kind = %s THEN f.id END), "
    # The next action due: any open action, a finding or a task (decision 0048; tasks only
    # left it blank on most cases although their findings were overdue).
    "MIN(CASE WHEN f.resolved_on IS NULL AND f.actionable THEN f.due END) "
    "FROM cases_case c "
    "LEFT JOIN cases_staff m ON m.id = c.case_manager_id "
    "LEFT JOIN cases_team t ON t.id = c.team_id "
    "LEFT JOIN standards_finding f ON f.case_id = c.id "
    "WHERE c.id IN {ids} GROUP BY c.id, c.ref, c.child_name, c.closed_on, m.name, t.name"
)
_CASELOAD_FIELDS = (
    ("case_manager_name", "case_manager__name"),
    ("team_name", "team__name"),
    ("next_due", "findings__due"),
)
_COUNTS = ("open_must", "open_should", "open_tasks")


def caseload_rows(case_ids: Iterable[int], *, using: str = "default") -> list[dict]:
    """These cases (a caseload page) as dicts of CASELOAD_COLUMNS: their open findings by
    severity, their open tasks and the next open action due; in no particular order."""
    ids = unique(case_ids)
    if not ids:
        return []
    names = tuple(n for n in CASELOAD_COLUMNS if n not in _COUNTS)
    converters = tuple(
        (CASELOAD_COLUMNS.index(names[i]), convert)
        for i, convert in row_converters("cases.Case", names, _CASELOAD_FIELDS)
    )
    params = [FINDING, FINDING, TASK, *ids]
    # Planned once a connection (decision 0068): each case read by its key whatever the ids.
    rows = fetch_rows(_CASELOAD_SQL.format(ids=placeholders(ids)), params, converters, using, planned=True)
    return [dict(zip(CASELOAD_COLUMNS, row)) for row in rows]


def caseload_rows_orm(case_ids: Iterable[int]) -> QuerySet:
    open_ = Q(findings__resolved_on__isnull=True)
    return (
        model_of("cases.Case")
        .objects.filter(id__in=list(case_ids))
        # The row's fields only: a case's JSON (offences, victims, circumstances...) is not read.
        .values(
            "id", "ref", "child_name", "closed_on", case_manager_name=F("case_manager__name"), team_name=F("team__name")
        )
        .annotate(
            open_must=Count("findings", filter=open_ & Q(findings__kind=FINDING, findings__severity="must")),
            open_should=Count("findings", filter=open_ & Q(findings__kind=FINDING, findings__severity="should")),
            open_tasks=Count("findings", filter=open_ & Q(findings__kind=TASK)),
            next_due=Min("findings__due", filter=open_ & Q(findings__actionable=True)),
        )
        .order_by()
    )


# --- a queue's children at risk -------------------------------------------------------

_CASES_AT_RISK_SQL = (
    "SELECT c.id FROM cases_case c WHERE c.id IN {ids} AND (c.looked_after "
    "OR EXISTS (SELECT 1 FROM cases_order o WHERE o.case_id = c.id AND o.type IN {custodial} "
    'AND o.court_date <= %s AND (o."end" IS NULL OR o."end" >= %s)) '
    "OR EXISTS (SELECT 1 FROM cases_assessment a WHERE a.id = ("
    "SELECT l.id FROM cases_assessment l WHERE l.case_id = c.id AND l.date <= %s ORDER BY l.date DESC, l.id DESC "
    "LIMIT 1) AND (a.rosh ->> 'level' IN {levels} OR a.vulnerability ->> 'level' IN {levels}))) "
    "ORDER BY c.id"
)


def cases_at_risk(
    case_ids: Iterable[int],
    *,
    today: date,
    custodial: Sequence[str],
    high_levels: Sequence[str],
    using: str = "default",
) -> list[int]:
    """Of these cases, by id, those whose child is at risk on `today`: looked after, in an
    order of one of the `custodial` types in force, or whose latest assessment up to
    `today` puts their RoSH or vulnerability at one of `high_levels`
    (standards.selectors.PRIORITY_ORDER). The queues' priority walk reads it for a part
    of their findings: no subquery of it compiled again for each part."""
    ids = unique(case_ids)
    custodial, high_levels = unique(custodial), unique(high_levels)
    if not ids:
        return []
    day = today if connections[using].vendor == "postgresql" else today.isoformat()
    sql = _CASES_AT_RISK_SQL.format(
        ids=placeholders(ids),
        custodial=placeholders(custodial) if custodial else "(NULL)",
        levels=placeholders(high_levels) if high_levels else "(NULL)",
    )
    params = [*ids, *custodial, day, day, day, *high_levels, *high_levels]
    return [row[0] for row in fetch_rows(sql, params, (), using)]


def cases_at_risk_orm(
    case_ids: Iterable[int], *, today: date, custodial: Sequence[str], high_levels: Sequence[str]
) -> QuerySet:
    latest = (
        model_of("cases.Assessment")
        # The case's: `latest` sits in `high`, which sits in the case's query.
        .objects.filter(case_id=OuterRef(OuterRef("pk")), date__lte=today)
        .order_by("-date", "-id")
        .values("pk")[:1]
    )
    high = model_of("cases.Assessment").objects.filter(
        Q(rosh__level__in=list(high_levels)) | Q(vulnerability__level__in=list(high_levels)), pk=Subquery(latest)
    )
    custody = model_of("cases.Order").objects.filter(
        Q(end__isnull=True) | Q(end__gte=today), case_id=OuterRef("pk"), type__in=list(custodial), court_date__lte=today
    )
    return (
        model_of("cases.Case")
        .objects.filter(Q(looked_after=True) | Exists(custody) | Exists(high), pk__in=list(case_ids))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
