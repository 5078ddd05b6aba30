"""A service's caseload in urgency order read from each case's kept urgency alone (decision
0060: standards.CaseUrgency and its index `caseurgency_walk`), in plain SQL: the ORM's
compiling of a count, a second count and a page's slice was most of what the walk cost
in Python. Their twins by the ORM are in web/caseload_order.py (`urgency_walk`), and
tests/web/test_caseload_page.py holds the two equal on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import F
from django.db.models.functions import Coalesce

from casequality.data.reads import CASELOAD_COLUMNS, fetch_rows, model_of, placeholders, row_converters, unique

# A staff member's role of case manager (cases.vocabulary.StaffRole.CASE_MANAGER): the twin
# test fails if it drifts.
CASE_MANAGER = "case_manager"

# The order of web.caseload_order.WALK: the next action due first (none last), the most
# Musts, then by reference.
_ORDER = "next_due ASC NULLS LAST, must DESC, ref ASC, case_id ASC"


def _tables() -> tuple[str, str]:
    return model_of("cases.Case")._meta.db_table, model_of("standards.CaseUrgency")._meta.db_table


def walk_counts(service_ids: Iterable[int], *, using: str = "default") -> tuple[int, int]:
    """(the cases of these services, their kept urgency rows): the walk holds every case
    only when the two are equal. One statement."""
    ids = unique(service_ids)
    if not ids:
        return 0, 0
    cases, kept = _tables()
    sql = (
        f"SELECT (SELECT COUNT(*) FROM {cases} WHERE service_id IN {placeholders(ids)}), "
        f"(SELECT COUNT(*) FROM {kept} WHERE service_id IN {placeholders(ids)})"
    )
    ((n_cases, n_kept),) = fetch_rows(sql, [*ids, *ids], (), using)
    return int(n_cases), int(n_kept)


def walk_page(service_ids: Iterable[int], *, offset: int, limit: int, using: str = "default") -> list[int]:
    """The ids of `limit` cases of these services from `offset` in urgency order, read from
    their kept urgency alone (an index-only walk)."""
    ids = unique(service_ids)
    if not ids or limit <= 0:
        return []
    _, kept = _tables()
    sql = f"SELECT case_id FROM {kept} WHERE service_id IN {placeholders(ids)} ORDER BY {_ORDER} LIMIT %s OFFSET %s"
    return [row[0] for row in fetch_rows(sql, [*ids, limit, max(0, offset)], (), using)]


# A team manager's or a case manager's whole caseload in urgency order (web.caseload_order
# .URGENCY): the cases of one team or one case manager joined to their kept urgency (a case
# without a row last among those without an action due, as none open), counted and paged by
# plain statements: the ORM built and compiled the count and the page's ids on every page
# (about 1 ms of CPU each). Their twin is web.caseload_order.Own.ids.
_OWNERS = ("team_id", "case_manager_id")
_URGENCY = "u.next_due ASC NULLS LAST, COALESCE(u.must, 0) DESC, c.ref ASC, c.id ASC"


def own_count(column: str, value: int, *, using: str = "default") -> int:
    """How many cases have `column` (team_id or case_manager_id) equal to `value`."""
    if column not in _OWNERS:
        raise ValueError(f"not a caseload's owner: {column}")
    cases, _ = _tables()
    ((n,),) = fetch_rows(f"SELECT COUNT(*) FROM {cases} WHERE {column} = %s", [value], (), using)
    return int(n)


def own_page(column: str, value: int, *, offset: int, limit: int, using: str = "default") -> list[int]:
    """The ids of `limit` cases from `offset`, of those with `column` equal to `value`, in
    urgency order."""
    if column not in _OWNERS:
        raise ValueError(f"not a caseload's owner: {column}")
    if limit <= 0:
        return []
    cases, kept = _tables()
    sql = (
        f"SELECT c.id FROM {cases} c LEFT JOIN {kept} u ON u.case_id = c.id WHERE c.{column} = %s "
        f"ORDER BY {_URGENCY} LIMIT %s OFFSET %s"
    )
    return [row[0] for row in fetch_rows(sql, [value, limit, max(0, offset)], (), using)]


def _first_by_name(label: str, where: str, params: list[Any], limit: int, using: str) -> list[tuple[int, str]]:
    """(id, name) of the first `limit` rows of a model's table (`label`) that `where` keeps, by name."""
    table = model_of(label)._meta.db_table
    return fetch_rows(f"SELECT id, name FROM {table} WHERE {where} ORDER BY name LIMIT %s", [*params, limit], (), using)


def team_case_managers(team_id: int, *, limit: int, using: str = "default") -> list[tuple[int, str]]:
    """(id, name) of the first `limit` case managers of a team by name: the first choices of
    a team manager's filter by case manager, in one plain statement (the ORM compiled the
    queryset on every caseload page). Twin: team_case_managers_orm."""
    if limit <= 0:
        return []
    return _first_by_name("cases.Staff", "role = %s AND team_id = %s", [CASE_MANAGER, team_id], limit, using)


def team_case_managers_orm(team_id: int, *, limit: int) -> list[tuple[int, str]]:
    """team_case_managers' twin, a queryset (accounts.selectors.staff_for_user's for a team)."""
    staff = model_of("cases.Staff")._default_manager.filter(role=CASE_MANAGER, team_id=team_id).order_by("name")
    return list(staff.values_list("pk", "name")[:limit]) if limit > 0 else []


def service_case_managers(service_ids: Iterable[int], *, limit: int, using: str = "default") -> list[tuple[int, str]]:
    """(id, name) of the first `limit` case managers of these services by name: the first
    choices of a QA lead's filter by case manager, in one plain statement (the ORM built and
    compiled the queryset on every caseload page). Twin: service_case_managers_orm."""
    ids = unique(service_ids)
    if not ids or limit <= 0:
        return []
    return _first_by_name(
        "cases.Staff", f"role = %s AND service_id IN {placeholders(ids)}", [CASE_MANAGER, *ids], limit, using
    )


def service_case_managers_orm(service_ids: Iterable[int], *, limit: int) -> list[tuple[int, str]]:
    """service_case_managers' twin, a queryset (accounts.selectors.staff_for_user's for a QA lead)."""
    staff = model_of("cases.Staff")._default_manager.filter(role=CASE_MANAGER, service_id__in=unique(service_ids))
    return list(staff.order_by("name").values_list("pk", "name")[:limit]) if limit > 0 else []


def service_teams_first(service_ids: Iterable[int], *, limit: int, using: str = "default") -> list[tuple[int, str]]:
    """(id, name) of the first `limit` teams of these services by name: the first choices of
    a QA lead's filter by team, in one plain statement. Twin: service_teams_first_orm."""
    ids = unique(service_ids)
    if not ids or limit <= 0:
        return []
    return _first_by_name("cases.Team", f"service_id IN {placeholders(ids)}", ids, limit, using)


def service_teams_first_orm(service_ids: Iterable[int], *, limit: int) -> list[tuple[int, str]]:
    """service_teams_first's twin, a queryset (the teams web.views.cases offers a QA lead)."""
    teams = model_of("cases.Team")._default_manager.filter(service_id__in=unique(service_ids))
    return list(teams.order_by("name").values_list("pk", "name")[:limit]) if limit > 0 else []


# A page of a whole caseload in urgency order, its rows read with the kept urgency its order
# was read from (standards.CaseUrgency; no row: no open finding), not by aggregating the
# cases' findings (data.reads.caseload_rows, which decision 0060's test holds equal to the
# kept urgency): the aggregate's join and grouping were the page's costliest statement.
# The names by scalar subqueries: joined, PostgreSQL hashed every staff member and team.
_KEPT_ROWS = (
    "SELECT c.id, c.ref, c.child_name, c.closed_on, "
    "(SELECT m.name FROM {staff} m WHERE m.id = c.case_manager_id), "
    "(SELECT t.name FROM {teams} t WHERE t.id = c.team_id), "
    "COALESCE(u.must, 0), COALESCE(u.should, 0), COALESCE(u.tasks, 0), u.next_due "
    "FROM {cases} c LEFT JOIN {kept} u ON u.case_id = c.id WHERE c.id IN {ids}"
)
_KEPT_DATES = ("id", "ref", "child_name", "closed_on", "next_due")


def kept_rows(case_ids: Iterable[int], *, using: str = "default") -> list[dict[str, Any]]:
    """These cases as dicts of data.reads.CASELOAD_COLUMNS (a caseload page's rows), their
    open findings by severity and next action due as their kept urgency holds them; in no
    particular order. Twin: kept_rows_orm."""
    ids = unique(case_ids)
    if not ids:
        return []
    cases, kept = _tables()
    sql = _KEPT_ROWS.format(
        staff=model_of("cases.Staff")._meta.db_table,
        teams=model_of("cases.Team")._meta.db_table,
        cases=cases,
        kept=kept,
        ids=placeholders(ids),
    )
    converters = tuple(
        (CASELOAD_COLUMNS.index(_KEPT_DATES[i]), convert)
        for i, convert in row_converters("cases.Case", _KEPT_DATES, (("next_due", "urgency__next_due"),))
    )
    # Planned once a connection (decision 0068): each case read by its key whatever the ids.
    rows = fetch_rows(sql, ids, converters, using, planned=True)
    return [dict(zip(CASELOAD_COLUMNS, row)) for row in rows]


def kept_rows_orm(case_ids: Iterable[int]) -> list[dict[str, Any]]:
    """kept_rows' twin, a queryset."""
    rows = (
        model_of("cases.Case")
        ._default_manager.filter(id__in=unique(case_ids))
        .values(
            "id",
            "ref",
            "child_name",
            "closed_on",
            case_manager_name=F("case_manager__name"),
            team_name=F("team__name"),
            open_must=Coalesce(F("urgency__must"), 0),
            open_should=Coalesce(F("urgency__should"), 0),
            open_tasks=Coalesce(F("urgency__tasks"), 0),
            next_due=F("urgency__next_due"),
        )
    )
    return [{name: row[name] for name in CASELOAD_COLUMNS} for row in rows]
