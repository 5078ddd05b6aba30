"""The oversight queue's lists in priority order, in plain SQL: one statement gives each
list's length and the (finding id, child at risk) of the page asked for (decision 0061).

`standards.selectors.InPriorityOrder` walks a list in the order after the child's risk a
growing part at a time, asking the child's risk of each part's cases: two queries a part
and a count, each queryset built and compiled again on every request; for the queue's
three lists, six to eight of its queries, though the database's own time for them was
under a millisecond. `queue_pages` asks the same of the database once, for all the lists
of a page. It is the plain read; InPriorityOrder is its twin (and the path of the lists
this read does not describe): tests/oversight/test_queue_pages.py proves that every page
of every list, read here, is InPriorityOrder's, for each role, on SQLite and PostgreSQL.

The order (standards.selectors.findings_by_priority): the children at risk first, then
PRIORITY_AFTER_RISK: severity ("must" before "should"), due (none last), opened, id.

Only Django's public API (a cursor). Imports no app: the tables are named here, the
rulebook's values (owners, rules, custodial orders, risk levels) are given by the caller and written
into the text as constants (data.planned.constants), every other value is a parameter.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from django.db import connections, models

from casequality.data.planned import constant, constants
from casequality.data.reads import fetch_row_sets, fetch_rows, model_of, placeholders, row_converters, unique

# Whose findings: a team's cases (a team manager's), or services' findings (a QA lead's).
TEAMS, SERVICES = "teams", "services"
_SCOPES = {
    TEAMS: "f.case_id IN (SELECT c.id FROM cases_case c WHERE c.team_id IN {values})",
    SERVICES: "f.service_id IN {values}",
}
# On PostgreSQL a team's cases are probed as an array worked out once each time the scope is
# written (an InitPlan), not joined: the planner then plans no semi-join for each of the
# scope's five or six places in a statement, which cost a team manager's queue about 0.7 ms
# of PostgreSQL's CPU a request in planning alone (the findings are still read by the
# (case, resolved_on) index). SQLite keeps the plain IN.
_SCOPES_POSTGRESQL = {
    **_SCOPES,
    TEAMS: "f.case_id = ANY(ARRAY(SELECT c.id FROM cases_case c WHERE c.team_id IN {values}))",
}
# queue_pages' statement writes a team's scope in four to six places: on PostgreSQL it works
# out the team's cases once, as one array (a CTE of its own, _TEAM_CASES), and each place
# reads that array. Each place worked out its own array before (an InitPlan each): about
# 0.2 ms of PostgreSQL's CPU a team manager's queue, 0.5 ms the lists beside a sorted queue
# (whose plan then came out better). sorted_page, with the scope in one place, keeps
# _SCOPES_POSTGRESQL: the CTE cost it a little more.
_TEAM_CASES = (
    "scope_cases AS MATERIALIZED (SELECT ARRAY(SELECT c.id FROM cases_case c WHERE c.team_id IN {values}) AS ids)"
)
_IN_TEAM_CASES = "f.case_id = ANY((SELECT sc.ids FROM scope_cases sc)::bigint[])"


@dataclass(frozen=True)
class QueueList:
    """The open findings someone can act on (resolved_on null, actionable) that a list holds,
    of the findings in scope, narrowed by each condition given (None: not narrowed)."""

    owners: tuple[str, ...] | None = None  # the finding's owner is one of these
    rule: str | None = None  # the finding is of this rule
    not_rule: str | None = None  # the finding is not of this rule
    rules: tuple[str, ...] | None = None  # the finding is of one of these rules (a family's)
    case_managers: tuple[int, ...] | None = None  # its case's case manager is one of these
    team: int | None = None  # its case is this team's
    due_before: date | None = None  # due before this day (overdue)
    items: tuple[tuple[int, str, str], ...] | None = None  # about one of these (case id, type, subject)
    marked_for_review: bool = False  # a case manager asked a manager to review it


@dataclass(frozen=True)
class Page:
    count: int  # the whole list's length
    rows: list[tuple[int, bool]]  # (finding id, child at risk) of the window asked for, in order


_RISK = (
    "risk AS (SELECT c.id FROM cases_case c WHERE c.id IN (SELECT l.case_id FROM listed l) AND (c.looked_after "
    "OR EXISTS (SELECT 1 FROM cases_order o WHERE o.case_id = c.id AND o.type IN {custodial} "
    'AND o.court_date <= %s AND (o."end" IS NULL OR o."end" >= %s)) '
    "OR EXISTS (SELECT 1 FROM cases_assessment a WHERE a.id = ("
    "SELECT p.id FROM cases_assessment p WHERE p.case_id = c.id AND p.date <= %s ORDER BY p.date DESC, p.id DESC "
    "LIMIT 1) AND (a.rosh ->> 'level' IN {levels} OR a.vulnerability ->> 'level' IN {levels}))))"
)
# PRIORITY_AFTER_RISK, written as the index on a queue's findings (finding_tm_queue and
# finding_ovs002_queue: service, severity, due, opened_on, id) holds them, so PostgreSQL
# reads a list's first rows from it in order and stops.
_AFTER_RISK = "{t}.severity, {t}.due NULLS LAST, {t}.opened_on, {t}.id"
_NUMBERED = (
    "numbered AS (SELECT m.list, m.id, m.at_risk, "
    f"ROW_NUMBER() OVER (PARTITION BY m.list ORDER BY m.at_risk DESC, {_AFTER_RISK.format(t='m')}) AS n FROM ("
    "SELECT l.*, CASE WHEN l.case_id IN (SELECT r.id FROM risk r) THEN 1 ELSE 0 END AS at_risk FROM listed l) m)"
)
# Each row of the statement: (list, what, number, finding id, child at risk).
_ROW, _COUNT, _AT_RISK = 0, 1, 2
# How many of a list's first rows (in the order after the child's risk) the first statement
# reads, for a window ending at `stop`: FIRST_ROWS + 2 * stop (a page of 25: 75 rows, of
# which the children at risk must fill the window). Each of those rows' cases has its risk
# worked out (three lookups a case): at FIRST_ROWS 100 + 4 * stop that was 400 rows for a
# QA lead's page of two lists, 4 of the statement's 7 ms of PostgreSQL's time on bench_web.
# A list whose first rows hold too few children at risk is read again with GROWTH times as
# many of its first rows, then the whole list (InPriorityOrder's walk grows the same way).
FIRST_ROWS = 25
GROWTH = 4
# A window's ends and a LIMIT as the database takes them (a page number typed too large).
_MOST = 2**62


def _in(values: Sequence[Any]) -> str:
    return placeholders(list(values)) if values else "(NULL)"


def _day(using: str) -> Callable[[date], Any]:
    """A date as the database takes it for a parameter (SQLite: its ISO text)."""
    if connections[using].vendor == "postgresql":
        return lambda value: value
    return date.isoformat


def _where(
    scope: str, scope_values: Sequence[int], spec: QueueList, day: Any, using: str, *, team_cases: bool = False
) -> tuple[str, list[Any]]:
    """The conditions a finding of the list meets, and their parameters; with `team_cases`
    (a team's scope on PostgreSQL), the scope read from the statement's scope_cases
    (_TEAM_CASES), whose parameters the statement gives."""
    params: list[Any]
    if team_cases:
        where, params = [_IN_TEAM_CASES, "f.resolved_on IS NULL", "f.actionable"], []
    else:
        scopes = _SCOPES_POSTGRESQL if connections[using].vendor == "postgresql" else _SCOPES
        where = [scopes[scope].format(values=_in(scope_values)), "f.resolved_on IS NULL", "f.actionable"]
        params = list(scope_values)
    # The rulebook's values written into the text (data.planned.constants: a generic plan
    # then reads the queues' partial indexes, whose predicates name the owners and OVS-002).
    for value, condition in [
        (spec.owners, "f.owner IN {}"),
        (spec.rule, "f.rule = {}"),
        (spec.not_rule, "f.rule <> {}"),
        (spec.rules, "f.rule IN {}"),
    ]:
        if value is not None:
            where.append(condition.format(constants(value) if isinstance(value, tuple) else constant(value)))
    conditions: list[tuple[Any, str]] = [
        (spec.case_managers, "f.case_id IN (SELECT c.id FROM cases_case c WHERE c.case_manager_id IN {})"),
        (spec.team, "f.case_id IN (SELECT c.id FROM cases_case c WHERE c.team_id = {})"),
        (None if spec.due_before is None else day(spec.due_before), "f.due < {}"),
    ]
    for value, condition in conditions:
        if isinstance(value, tuple):
            where.append(condition.format(_in(value)))
            params += value
        elif value is not None:
            where.append(condition.format("%s"))
            params.append(value)
    if spec.items is not None:
        items = " OR ".join(["(f.case_id = %s AND f.subject_type = %s AND f.subject = %s)"] * len(spec.items))
        where.append(f"({items or '1 = 0'})")
        params += [value for item in spec.items for value in item]
    if spec.marked_for_review:
        where.append("EXISTS (SELECT 1 FROM oversight_findingnote n WHERE n.finding_id = f.id AND n.marked_for_review)")
    return " AND ".join(where), params


def queue_pages(
    *,
    lists: dict[str, tuple[QueueList, tuple[int, int]]],
    scope: str,
    scope_values: Sequence[int],
    on: date,
    custodial: Collection[str],
    high_levels: Collection[str],
    using: str = "default",
) -> dict[str, Page]:
    """For each list (name -> (which findings, (start, stop))) of the findings in scope
    (TEAMS: the cases of these teams; SERVICES: the findings of these services): its whole
    length, and its (finding id, child at risk) numbered [start, stop) (0-based) in
    priority order, the child's risk as of `on`.

    One statement, which reads the child's risk for a list's first rows in the order after
    the risk only (FIRST_ROWS and the window's end): the children at risk among them are the
    list's first, in order. A window beyond them (past the last child at risk the first rows
    hold) is read again by a statement over GROWTH times as many first rows, and so on until
    the rows read hold it or are the whole list, as InPriorityOrder walks the findings."""
    names = list(lists)
    if not lists or not scope_values:
        return {name: Page(0, []) for name in names}
    custodial, high_levels = sorted(custodial), sorted(high_levels)
    day = _day(using)

    team_cases = scope == TEAMS and connections[using].vendor == "postgresql"
    wheres = {
        name: _where(scope, scope_values, spec, day, using, team_cases=team_cases) for name, (spec, _) in lists.items()
    }
    shared_params: list[Any]
    shared, shared_params = (
        (f"{_TEAM_CASES.format(values=_in(scope_values))}, ", list(scope_values)) if team_cases else ("", [])
    )

    def read(limits: dict[str, int]) -> tuple[dict[str, int], dict[str, int], dict[str, list[tuple[int, bool]]]]:
        parts, counts, params, tail = [], [], list(shared_params), []
        for number, name in enumerate(names):
            if name not in limits:
                continue
            where, values = wheres[name]
            parts.append(
                f"SELECT * FROM (SELECT {number} AS list, f.id, f.case_id, f.severity, f.due, f.opened_on "
                f"FROM standards_finding f WHERE {where} ORDER BY {_AFTER_RISK.format(t='f')} LIMIT %s) p{number}"
            )
            params += [*values, limits[name]]
            counts.append(
                f"SELECT {number}, {_COUNT}, (SELECT COUNT(*) FROM standards_finding f WHERE {where}), NULL, NULL"
            )
            tail += values
        params += [day(on), day(on), day(on)]
        windows = []
        for number, name in enumerate(names):
            if name in limits:
                windows.append("(n.list = %s AND n.n > %s AND n.n <= %s)")
                params += [number, *(min(int(end), _MOST) for end in lists[name][1])]
        risk = _RISK.format(custodial=constants(custodial), levels=constants(high_levels))
        sql = (
            f"WITH {shared}listed AS ({' UNION ALL '.join(parts)}), {risk}, {_NUMBERED} "
            f"SELECT n.list, {_ROW}, n.n, n.id, n.at_risk FROM numbered n WHERE {' OR '.join(windows)} "
            f"UNION ALL SELECT n.list, {_AT_RISK}, SUM(n.at_risk), NULL, NULL FROM numbered n GROUP BY n.list "
            # Each list's length, whether or not a row of it is in the window asked for.
            "UNION ALL " + " UNION ALL ".join(counts)
        )
        totals: dict[str, int] = {}
        at_risk: dict[str, int] = {}
        rows: dict[str, list[tuple[int, int, bool]]] = {name: [] for name in limits}
        # Planned once a connection (decision 0068): a team manager's 2.3 -> 1.1 ms of
        # PostgreSQL's CPU, a QA lead's 3.0 -> 1.7.
        for number, what, n, pk, risky in fetch_rows(sql, [*params, *tail], (), using, planned=True):
            name = names[int(number)]
            if what == _COUNT:
                totals[name] = int(n)
            elif what == _AT_RISK:
                at_risk[name] = int(n or 0)
            else:
                rows[name].append((int(n), int(pk), bool(risky)))
        return totals, at_risk, {name: [(pk, r) for _, pk, r in sorted(found)] for name, found in rows.items()}

    limits = {name: min(FIRST_ROWS + 2 * int(stop), _MOST) for name, (_, (_, stop)) in lists.items()}
    totals, at_risk, rows = read(limits)
    while True:
        # Done with a list read whole, or whose window lies among the children at risk its
        # first rows hold; the others are read again with more of their first rows.
        short = [
            name
            for name, (_, (_, stop)) in lists.items()
            if totals[name] > limits[name] and at_risk.get(name, 0) < stop
        ]
        if not short:
            return {name: Page(totals[name], rows[name]) for name in names}
        limits.update({name: min(max(1, limits[name]) * GROWTH, totals[name]) for name in short})
        totals_again, at_risk_again, rows_again = read({name: limits[name] for name in short})
        totals.update(totals_again)
        at_risk.update(at_risk_again)
        rows.update(rows_again)


# The fields a list can be sorted by (web.queue_order's columns, as the ORM names them) and
# their columns in sorted_page's statement.
SORT_COLUMNS = {
    "due": "due",
    "case__ref": "case_ref",
    "case__child_name": "child_name",
    "child_at_risk": "at_risk",
    "severity": "severity",
}
# A finding's child at risk (1) or not (0), worked out on its own row as
# standards.selectors.findings_by_priority does (scalar subqueries, no EXISTS): PostgreSQL
# then works it out only for the rows a LIMIT keeps when the sort's first column allows.
_ROW_AT_RISK = (
    "CASE WHEN c.looked_after OR (SELECT o.id FROM cases_order o WHERE o.case_id = f.case_id AND o.type IN {custodial} "
    'AND o.court_date <= %s AND (o."end" IS NULL OR o."end" >= %s) LIMIT 1) IS NOT NULL '
    "OR (SELECT a.id FROM cases_assessment a WHERE a.id = (SELECT p.id FROM cases_assessment p "
    "WHERE p.case_id = f.case_id AND p.date <= %s ORDER BY p.date DESC, p.id DESC LIMIT 1) "
    "AND (a.rosh ->> 'level' IN {levels} OR a.vulnerability ->> 'level' IN {levels}) LIMIT 1) IS NOT NULL "
    "THEN 1 ELSE 0 END"
)


def sorted_page(
    *,
    spec: QueueList,
    order: Sequence[tuple[str, bool]],
    window: tuple[int, int],
    at_risk_only: bool = False,
    scope: str,
    scope_values: Sequence[int],
    on: date,
    custodial: Collection[str],
    high_levels: Collection[str],
    using: str = "default",
) -> Page:
    """One list (`spec`) of the findings in scope sorted by `order` ((field of
    SORT_COLUMNS, descending) pairs, empty values last either way), then in priority order;
    with `at_risk_only`, its children at risk only: its whole length and its (finding id,
    child at risk) numbered [start, stop) (0-based), the child's risk as of `on`.

    One statement, the query the ORM twin makes (oversight.selectors.oversight_queue
    sorted by web.queue_order.sorted_findings), so that PostgreSQL plans it alike (but for a
    team's cases, probed on PostgreSQL as an array: _SCOPES_POSTGRESQL; a team's window past
    the end of its list is counted by a second), without building and compiling that
    queryset (its three correlated subqueries) and its count on every request.
    tests/oversight/test_queue_pages.py holds the two equal on SQLite and PostgreSQL."""
    if not scope_values:
        return Page(0, [])
    custodial, high_levels = sorted(custodial), sorted(high_levels)
    day = _day(using)

    where, params = _where(scope, scope_values, spec, day, using)
    start, stop = (min(int(end), _MOST) for end in window)
    at_risk = _ROW_AT_RISK.format(custodial=constants(custodial), levels=constants(high_levels))
    rows = (
        f"SELECT f.id, f.severity, f.due, f.opened_on, c.ref AS case_ref, c.child_name, {at_risk} AS at_risk "
        f"FROM standards_finding f JOIN cases_case c ON c.id = f.case_id WHERE {where}"
    )
    # The risk's parameters (in the select list), then the conditions'.
    rows_params = [day(on), day(on), day(on), *params]
    only = " WHERE m.at_risk = 1" if at_risk_only else ""

    def ordered(t: str) -> str:
        keys = [f"{t}.{SORT_COLUMNS[field]} {'DESC' if down else 'ASC'} NULLS LAST" for field, down in order]
        return ", ".join([*keys, f"{t}.at_risk DESC", _AFTER_RISK.format(t=t)])

    # The list's length (counted without the risk unless the risk narrows it) beside the
    # window's rows (none past the end), put in their order again once chosen.
    if at_risk_only:
        counted, counted_params = f"SELECT COUNT(*) AS total FROM ({rows}) m{only}", rows_params
    else:
        counted, counted_params = f"SELECT COUNT(*) AS total FROM standards_finding f WHERE {where}", params
    if scope == TEAMS:
        # A team's list (tens of rows, every one read for the sort) is counted as its window
        # is chosen, not by a second scan of the team's findings: about 0.4 ms less of
        # PostgreSQL's CPU a team manager's sorted queue. A service's thousands keep the count
        # beside: counting them in the sort read twice what a top-N sort and an index-only
        # count read. A window past the end holds no row to carry the length: counted alone.
        sql = (
            f"SELECT COUNT(*) OVER (), m.id, m.at_risk FROM ({rows}) m{only} ORDER BY {ordered('m')} LIMIT %s OFFSET %s"
        )
        chosen = fetch_rows(sql, [*rows_params, max(0, stop - start), start], (), using, planned=True)
        if not chosen:
            return Page(int(fetch_rows(counted, counted_params, (), using)[0][0]), [])
        return Page(int(chosen[0][0]), [(int(pk), bool(risky)) for _, pk, risky in chosen])
    sql = (
        f"SELECT t.total, w.id, w.at_risk FROM ({counted}) t LEFT JOIN ("
        f"SELECT m.* FROM ({rows}) m{only} ORDER BY {ordered('m')} LIMIT %s OFFSET %s) w ON 1 = 1 "
        f"ORDER BY {ordered('w')}"
    )
    values = [*counted_params, *rows_params, max(0, stop - start), start]
    total, found = 0, []
    for count, pk, risky in fetch_rows(sql, values, (), using):
        total = int(count)
        if pk is not None:
            found.append((int(pk), bool(risky)))
    return Page(total, found)


# What a queue row shows of a finding, its case and its case manager (and, in the download,
# its team), as values() names them: a case's JSON (offences, victims, ...) is not read.
ROW_COLUMNS = (
    "id",
    "rule",
    "kind",
    "severity",
    "owner",
    "subject",
    "subject_type",
    "message",
    "evidence",
    "due",
    "case_id",
    "case__ref",
    "case__child_name",
    "case__case_manager_id",
    "case__case_manager__name",
)
TEAM_COLUMNS = ("case__team_id", "case__team__name")
_ROWS_SQL = (
    "SELECT f.id, f.rule, f.kind, f.severity, f.owner, f.subject, f.subject_type, f.message, f.evidence, f.due, "
    "f.case_id, c.ref, c.child_name, c.case_manager_id, s.name{team} FROM standards_finding f "
    "JOIN cases_case c ON c.id = f.case_id LEFT JOIN cases_staff s ON s.id = c.case_manager_id{team_join} "
    "WHERE f.id IN {ids}"
)


def queue_rows(finding_ids: Iterable[int], *, with_team: bool = False, using: str = "default") -> list[tuple[Any, ...]]:
    """What the queue's rows show of these findings (ROW_COLUMNS, then TEAM_COLUMNS
    `with_team`), a tuple a finding in no order. Its twin, queue_rows_orm, was a fifth of a
    queue page's own time to build and compile (tests/oversight/test_queue_pages.py)."""
    ids = unique(finding_ids)
    if not ids:
        return []
    columns = (*ROW_COLUMNS, *TEAM_COLUMNS) if with_team else ROW_COLUMNS
    sql = _ROWS_SQL.format(
        team=", c.team_id, t.name" if with_team else "",
        team_join=" LEFT JOIN cases_team t ON t.id = c.team_id" if with_team else "",
        ids=placeholders(ids),
    )
    # Planned once a connection (decision 0068): each finding read by its key whatever the ids.
    return fetch_rows(sql, ids, row_converters("standards.Finding", columns), using, planned=True)


def queue_rows_orm(finding_ids: Iterable[int], *, with_team: bool = False) -> list[tuple[Any, ...]]:
    """queue_rows' twin: the same values by a queryset."""
    ids = unique(finding_ids)
    if not ids:
        return []
    findings = model_of("standards.Finding")._default_manager.filter(id__in=ids).order_by()
    return list(findings.values_list(*ROW_COLUMNS, *(TEAM_COLUMNS if with_team else ())))


# --- the countersigning page's item and its signer ---------------------------------------
# What the countersigning page (web.views.oversight.item) reads of the assessment or plan
# it shows: its queryset (select_related author, first) cost about 1 ms of CPU to build and
# compile a request, the database's own work a few hundredths of one.


def _concrete_columns(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    """The model's fields that are columns of its table (the documented Options API)."""
    return [f for f in model._meta.get_fields() if f.concrete and not f.many_to_many]


def _author_model(label: str) -> type[models.Model]:
    related = model_of(label)._meta.get_field("author").related_model
    assert isinstance(related, type) and issubclass(related, models.Model)
    return related


@cache
def item_columns(label: str) -> tuple[str, ...]:
    """What item_row reads, by name: every column of the model (its fields' attnames), then
    every column of its author (`author__name`)."""
    names = [f.attname for f in _concrete_columns(model_of(label))]
    names += [f"author__{f.attname}" for f in _concrete_columns(_author_model(label))]
    return tuple(names)


@cache
def _item_sql(label: str) -> str:
    model, author = model_of(label), _author_model(label)
    selected = [f'r."{f.column}"' for f in _concrete_columns(model)]
    selected += [f'a."{f.column}"' for f in _concrete_columns(author)]
    column = {f.name: f.column for f in _concrete_columns(model)}
    return (
        f"SELECT {', '.join(selected)} FROM {model._meta.db_table} r "
        f'LEFT JOIN {author._meta.db_table} a ON a.id = r."{column["author"]}" '
        f'WHERE r."{column["case"]}" = %s AND r.ref = %s ORDER BY r.id LIMIT 1'
    )


def item_row(label: str, case_id: int, ref: str, *, using: str = "default") -> dict[str, Any] | None:
    """The case's record of this model ("cases.Assessment", "cases.Plan") with this
    reference, the first stored, as a dict of item_columns(label) (its author's columns all
    None when it has none); None when the case has none."""
    names = item_columns(label)
    rows = fetch_rows(_item_sql(label), [case_id, ref], row_converters(label, names), using)
    return dict(zip(names, rows[0])) if rows else None


def item_row_orm(label: str, case_id: int, ref: str) -> dict[str, Any] | None:
    """item_row's twin: the same values by a queryset."""
    found = model_of(label)._default_manager.filter(case_id=case_id, ref=ref).order_by("id")
    return found.values(*item_columns(label)).first()


_STAFF_NAME_SQL = "SELECT name FROM cases_staff WHERE service_id = %s AND ref = %s ORDER BY id LIMIT 1"


def staff_name(service_id: int, ref: str, *, using: str = "default") -> str | None:
    """The name of the service's staff member with this reference (the first stored), None
    when there is none: who signed a countersignature, named by reference."""
    rows = fetch_rows(_STAFF_NAME_SQL, [service_id, ref], (), using)
    return rows[0][0] if rows else None


def staff_name_orm(service_id: int, ref: str) -> str | None:
    """staff_name's twin."""
    staff = model_of("cases.Staff")._default_manager.filter(service_id=service_id, ref=ref).order_by("id")
    name = staff.values_list("name", flat=True).first()
    return None if name is None else str(name)


# --- the queue's filters: the case managers and teams to choose from ----------------------
# Their querysets cost about 1 ms of CPU to build and compile on every queue page.

_OVERSEEN_SQL = "SELECT id, name FROM cases_staff WHERE role = %s AND {scope} ORDER BY name, id LIMIT %s"


def overseen_staff(
    *,
    role: str,
    team_id: int | None = None,
    service_ids: Sequence[int] = (),
    limit: int,
    using: str = "default",
) -> list[tuple[int, str]]:
    """(id, name) of the first `limit` staff of this role (case managers) by name then id:
    of the team `team_id` when given, else of these services (a QA lead's)."""
    if limit <= 0 or (team_id is None and not service_ids):
        return []
    if team_id is not None:
        scope, values = "team_id = %s", [team_id]
    else:
        values = unique(service_ids)
        scope = f"service_id IN {placeholders(values)}"
    return fetch_rows(_OVERSEEN_SQL.format(scope=scope), [role, *values, limit], (), using)


def overseen_staff_orm(
    *, role: str, team_id: int | None = None, service_ids: Sequence[int] = (), limit: int
) -> list[tuple[int, str]]:
    """overseen_staff's twin."""
    if limit <= 0 or (team_id is None and not service_ids):
        return []
    staff = model_of("cases.Staff")._default_manager.filter(role=role)
    staff = staff.filter(team_id=team_id) if team_id is not None else staff.filter(service_id__in=list(service_ids))
    return list(staff.order_by("name", "pk").values_list("pk", "name")[:limit])


def service_teams(service_ids: Sequence[int], *, using: str = "default") -> list[tuple[int, str]]:
    """(id, name) of every team of these services by name then id."""
    values = unique(service_ids)
    if not values:
        return []
    return fetch_rows(_teams_sql(values), values, (), using)


def _teams_sql(service_ids: list[int]) -> str:
    return f"SELECT id, name FROM cases_team WHERE service_id IN {placeholders(service_ids)} ORDER BY name, id"


def services_staff_and_teams(
    *, role: str, service_ids: Sequence[int], limit: int, using: str = "default"
) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """overseen_staff(role=role, service_ids=service_ids, limit=limit) and
    service_teams(service_ids), the two statements sent together (fetch_row_sets: one round
    trip on PostgreSQL): a QA lead's queue reads both for its filters on every page."""
    values = unique(service_ids)
    if not values:
        return [], []
    if limit <= 0:
        return [], service_teams(values, using=using)
    staff_sql = _OVERSEEN_SQL.format(scope=f"service_id IN {placeholders(values)}")
    staff, teams = fetch_row_sets([(staff_sql, [role, *values, limit], ()), (_teams_sql(values), values, ())], using)
    return staff, teams


def service_teams_orm(service_ids: Sequence[int]) -> list[tuple[int, str]]:
    """service_teams' twin."""
    teams = model_of("cases.Team")._default_manager.filter(service_id__in=list(service_ids))
    return list(teams.order_by("name", "pk").values_list("pk", "name"))
