"""Finding a child: the rows of a page of results in plain SQL (web.search; decisions 0048
and 0057).

The queryset of a page's 25 rows (the case's fields shown, its case manager's and team's
names) cost more CPU to build and compile than the database spent on it; this read runs
the same SQL every time. Its ORM twin (`found_cases_orm`): tests/data/test_search_reads.py
proves the two return the same rows, hostile names included, on SQLite and PostgreSQL.
The matching itself stays a queryset (web.search.search): it starts from the one scope,
accounts.selectors.cases_for_user, and its SQL is served by the trigram indexes.

Only Django's public API (a cursor, the documented `Model._meta` API through data.reads).
Imports no app: the models are named by label.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import F, QuerySet

from casequality.data.reads import fetch_rows, model_of, placeholders, row_converters, unique

FOUND_COLUMNS = ("id", "ref", "child_name", "child_dob", "closed_on", "case_manager_name", "team_name")
_FOUND_FIELDS = (("case_manager_name", "case_manager__name"), ("team_name", "team__name"))
_FOUND_SQL = (
    "SELECT c.id, c.ref, c.child_name, c.child_dob, c.closed_on, m.name, t.name FROM cases_case c "
    "LEFT JOIN cases_staff m ON m.id = c.case_manager_id LEFT JOIN cases_team t ON t.id = c.team_id "
    "WHERE c.id IN {ids} ORDER BY c.id"
)


def found_cases(case_ids: Iterable[int], *, using: str = "default") -> list[dict[str, Any]]:
    """These cases, by id, as dicts of FOUND_COLUMNS: what a search's results show of each."""
    ids = unique(case_ids)
    if not ids:
        return []
    converters = row_converters("cases.Case", FOUND_COLUMNS, _FOUND_FIELDS)
    return [
        dict(zip(FOUND_COLUMNS, row))
        for row in fetch_rows(_FOUND_SQL.format(ids=placeholders(ids)), ids, converters, using)
    ]


def found_cases_orm(case_ids: Iterable[int]) -> QuerySet[Any, Any]:
    cases = model_of("cases.Case")._default_manager.filter(id__in=list(case_ids)).order_by("id")
    found: QuerySet[Any, Any] = cases.values(
        "id",
        "ref",
        "child_name",
        "child_dob",
        "closed_on",
        case_manager_name=F("case_manager__name"),
        team_name=F("team__name"),
    )
    return found
