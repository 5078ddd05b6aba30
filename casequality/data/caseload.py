"""A service's caseload in urgency order read from each case's kept urgency alone (decision
0060: standards.CaseUrgency and its index `caseurgency_walk`), in plain SQL: the ORM's
compiling of a count, a second count and a page's slice was most of what the walk cost
in Python. Their twins by the ORM are in web/caseload_order.py (`urgency_walk`), and
tests/web/test_caseload_page.py holds the two equal on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterable

from casequality.data.reads import fetch_rows, model_of, placeholders, unique

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
