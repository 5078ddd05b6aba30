"""The oversight queue's sort (issue 23, item 2; decision 0048 for the caseload's).

Without `sort` the queue is in its priority order (standards.selectors.PRIORITY_ORDER),
walked a page at a time. A column's header links to the whole queue sorted by that column
on the server (`?sort=<column>&order=ascending|descending`, every page, without
JavaScript), the priority order breaking ties. The page reads it by one plain statement
(data.queues.sorted_page, given `sort_keys`); `sorted_findings` is that read's ORM twin
(tests/oversight/test_queue_pages.py).
"""

from __future__ import annotations

from django.db.models import F, QuerySet

from casequality.standards.models import Finding
from casequality.standards.selectors import PRIORITY_AFTER_RISK
from casequality.web.caseload_order import ASCENDING, DESCENDING, Column

COLUMNS = {
    column.key: column
    for column in (
        Column("due", "Due", ASCENDING, (("due", ASCENDING),)),
        Column("case", "Case", ASCENDING, (("case__ref", ASCENDING),)),
        Column("child", "Child", ASCENDING, (("case__child_name", ASCENDING),)),
        # Ascending: the highest priority first (a child at risk, then must before should).
        Column("priority", "Priority", ASCENDING, (("child_at_risk", DESCENDING), ("severity", ASCENDING))),
    )
}


def sort_keys(sort: str, order: str) -> tuple[tuple[str, bool], ...]:
    """The column's order as (field, descending) pairs, empty values last either way (as
    caseload_order.column_keys): what data.queues.sorted_page and sorted_findings sort by."""
    descending = order == DESCENDING
    return tuple((field, (direction == DESCENDING) != descending) for field, direction in COLUMNS[sort].fields)


def sorted_findings(findings: QuerySet[Finding], sort: str, order: str) -> QuerySet[Finding]:
    """`findings` (annotated with `child_at_risk`: standards.selectors.findings_by_priority)
    in the column's order, then in priority order."""
    keys = [
        F(field).desc(nulls_last=True) if down else F(field).asc(nulls_last=True)
        for field, down in sort_keys(sort, order)
    ]
    return findings.order_by(*keys, F("child_at_risk").desc(), *PRIORITY_AFTER_RISK)
