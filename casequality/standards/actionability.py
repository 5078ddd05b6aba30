"""Action or history: whether someone can still put a verdict right.

A task is always an action. A finding is history when one of the conditions its rule
declares (`history=` in its @rule, the words in rulebook.HISTORY_CONDITIONS) holds on
the case as it stood on the as-of date: the requirement was met late, the assessment or
plan it is about has been replaced by a newer one, its order has ended or the case has
closed, the month it counts has ended, the court has sentenced. History verdicts are kept
(they are facts about practice, and the measures count them) but no queue lists them.
See docs/decisions/0011-action-or-history.md.
"""

from __future__ import annotations

from datetime import date

from casequality.cases.vocabulary import next_month
from casequality.standards.rulebook import LATE, MONTH_ENDED, ORDER_ENDED, REPLACED, SENTENCED, RuleMeta
from casequality.standards.rules import TASK, Verdict
from casequality.standards.snapshot import CaseSnapshot


def _replaced(v: Verdict, case: CaseSnapshot) -> bool:
    if v.subject_type == "assessment":
        dated = [a for a in case.assessments if a.id == v.subject]
        return bool(dated) and any(a.date > dated[0].date for a in case.assessments)
    if v.subject_type == "plan":
        mine = next((p for p in case.plans if p.id == v.subject), None)
        return mine is not None and any(p.type == mine.type and p.date > mine.date for p in case.plans)
    return False


# Subjects of today's record (an out-of-court outcome, a PDAT, a victim) are not part of a
# statutory order: only the case's closing makes their findings history.
_OUTSIDE_ORDERS = frozenset({"outcome", "diversion", "victim", "incident"})


def _order_ended(v: Verdict, case: CaseSnapshot) -> bool:
    if not case.is_open:
        return True
    if v.subject_type in _OUTSIDE_ORDERS:
        return False
    if v.subject_type == "order":
        order = next((o for o in case.orders if o.id == v.subject), None)
        return order is not None and order.end is not None and order.end < case.as_of
    orders = case.statutory_orders()
    return bool(orders) and all(o.end is not None and o.end < case.as_of for o in orders)


def _month_ended(v: Verdict, as_of: date) -> bool:
    month = (v.evidence or {}).get("month")
    if not month:
        return False
    year, number = (int(x) for x in str(month).split("-"))
    return next_month(date(year, number, 1)) <= as_of


def _sentenced(v: Verdict, case: CaseSnapshot) -> bool:
    report = next((r for r in case.reports if r.id == v.subject), None)
    # The snapshot holds the orders whose court date has come: the report's order is one.
    return report is not None and report.order is not None and any(o.id == report.order for o in case.orders)


def history_reason(v: Verdict, meta: RuleMeta, case: CaseSnapshot) -> str:
    """The first of the rule's history conditions that holds for this verdict, or ""."""
    if v.kind == TASK:
        return ""
    checks = {
        LATE: lambda: v.done is not None,
        REPLACED: lambda: _replaced(v, case),
        ORDER_ENDED: lambda: _order_ended(v, case),
        MONTH_ENDED: lambda: _month_ended(v, case.as_of),
        SENTENCED: lambda: _sentenced(v, case),
    }
    return next((condition for condition in meta.history if checks[condition]()), "")


def verdicts_mark(verdicts: list[Verdict], rules: dict[str, RuleMeta], case: CaseSnapshot) -> None:
    """Stamp each verdict with its rule's remedy and whether it is an action or history."""
    for v in verdicts:
        meta = rules[v.rule]
        v.remedy = meta.remedy
        v.history = history_reason(v, meta, case)
        v.actionable = not v.history
