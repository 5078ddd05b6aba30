"""Measures over time: for each rule, team and calendar month, how many subjects fell due
and how many were met in time, met late, not met, or are still open.

Everything is derived from the findings' history (standards.Finding: one row per
subject a rule ever raised, a task becoming a finding in the same row, closed with
`resolved_on`; docs/decisions/0003) and counted as of a date, so the same question about
the same date always gets the same answer. The counts are aggregated in the database
(one grouped query), never per finding in Python. What each count means is written in
docs/decisions/0012-measures.md:

- a subject belongs to the month of its due date (a finding without one, of a rule with
  no deadline, to the month it was raised);
- **met** (in time): closed on or before the as-of date while still a task;
- **met late**: met after its due date (`met_on`), or closed after it had become a finding;
- **not met**: still open on the as-of date and past due (or, without a due date, found
  and not put right), including history that can no longer be put right;
- **open**: still open and not yet past due on the as-of date.

Each subject counts in exactly one of the four, so `due` is their sum.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Coalesce, TruncMonth

from casequality.cases.vocabulary import add_months, month_start
from casequality.standards.models import Finding, Kind, Resolution
from casequality.standards.rulebook import rulebook

GROUPS = ("rule", "team", "month")
COUNTS = ("due", "met", "met_late", "not_met", "open")
NO_TEAM = "(no team)"
_FIELDS = {"rule": "rule", "team": "case__team__name", "month": "month"}


class MeasuresError(ValueError):
    """A measures question that cannot be answered as asked (say which part is wrong)."""


@dataclass(frozen=True)
class MeasureRow:
    """One group's counts; a key not grouped by is None."""

    rule: str | None
    team: str | None
    month: date | None
    due: int
    met: int
    met_late: int
    not_met: int
    open: int

    def as_dict(self) -> dict[str, Any]:
        """The row as `casequality measures` prints it (the month as YYYY-MM)."""
        row = asdict(self)
        row["month"] = self.month.strftime("%Y-%m") if self.month else None
        return row

    @property
    def decided(self) -> int:
        """The subjects whose outcome is known (met, met late or not met)."""
        return self.met + self.met_late + self.not_met


def _count_filters(as_of: date) -> dict[str, Q]:
    closed = Q(resolved_on__lte=as_of)
    late = Q(met_on__lte=as_of)
    return {
        "met": closed & Q(kind=Kind.TASK) & ~late,
        "met_late": late | (closed & Q(kind=Kind.FINDING)),
        "not_met": ~late & ~closed & (Q(due__lt=as_of) | Q(due__isnull=True)),
        "open": ~late & ~closed & Q(due__gte=as_of),
    }


def measures(
    findings: QuerySet[Finding], *, start: date, end: date, as_of: date, by: Iterable[str] = GROUPS
) -> list[MeasureRow]:
    """The measures of these findings (already scoped to a service or team) for the months
    from `start`'s to `end`'s, grouped by `by` (any of rule, team, month), as of `as_of`.

    Rows not raised by `as_of` did not exist then and are left out, and so are findings
    withdrawn by `as_of` (the CMS withdrew their subject: neither met nor not met;
    docs/decisions/0012-measures.md).
    """
    groups = list(dict.fromkeys(by))
    unknown = [g for g in groups if g not in GROUPS]
    if unknown:
        raise MeasuresError(f"--by {unknown[0]!r} is not one of {', '.join(GROUPS)}")
    if end < start:
        raise MeasuresError(f"--to {end.isoformat()} is before --from {start.isoformat()}")
    fields = [_FIELDS[g] for g in groups]
    rows = (
        findings.filter(opened_on__lte=as_of)
        .exclude(resolution=Resolution.WITHDRAWN, resolved_on__lte=as_of)
        .annotate(month=TruncMonth(Coalesce("due", "opened_on")))
        .filter(month__gte=month_start(start), month__lte=month_start(end))
        .values(*fields)
        # Named apart from the fields (`due` is one) that the filters read.
        .annotate(
            n_due=Count("pk"), **{f"n_{name}": Count("pk", filter=q) for name, q in _count_filters(as_of).items()}
        )
        .order_by(*fields)
    )
    out = []
    for row in rows:
        month = row.get("month")
        if hasattr(month, "date"):  # PostgreSQL truncates a date to a timestamp
            month = month.date()
        team = row.get("case__team__name") if "team" in groups else None
        out.append(
            MeasureRow(
                rule=row.get("rule"),
                team=(team or NO_TEAM) if "team" in groups else None,
                month=month,
                **{name: row[f"n_{name}"] for name in COUNTS},
            )
        )
    return out


@dataclass(frozen=True)
class FamilyMeasures:
    """A rule family's measures, one row per month (every month of the range, even empty)."""

    family: str
    rules: tuple[str, ...]
    months: list[MeasureRow]


def _calendar(as_of: date, months: int) -> list[date]:
    """The first day of each of the last `months` calendar months, as_of's the last."""
    first = add_months(month_start(as_of), 1 - months)
    return [add_months(first, i) for i in range(months)]


def rule_month_rows(findings: QuerySet[Finding], *, as_of: date, months: int = 12) -> list[list[Any]]:
    """The measures by rule and month of the last `months` months (one grouped query), as
    JSON values `[rule, "YYYY-MM-DD", due, met, met_late, not_met, open]`: what
    `measures_by_family` sums, in a form that can be kept (reports/kept.py)."""
    calendar = _calendar(as_of, months)
    return [
        [row.rule, row.month.isoformat(), *(getattr(row, name) for name in COUNTS)]
        for row in measures(findings, start=calendar[0], end=as_of, as_of=as_of, by=["rule", "month"])
        if row.rule is not None and row.month is not None  # grouped by rule and month: never without either
    ]


def measures_by_family(
    findings: QuerySet[Finding] | None, *, as_of: date, months: int = 12, rows: list[list[Any]] | None = None
) -> list[FamilyMeasures]:
    """The last `months` calendar months (as_of's the last) of each rule family, in the
    rulebook's order; one grouped query by rule and month (`rule_month_rows`, or its
    `rows` given), summed per family here."""
    calendar = _calendar(as_of, months)
    book = rulebook().rules
    families: dict[str, list[str]] = {}
    for meta in book.values():
        families.setdefault(meta.family, []).append(meta.id)
    sums = {(family, month): [0] * len(COUNTS) for family in families for month in calendar}
    if rows is None:
        if findings is None:
            raise MeasuresError("measures_by_family needs the findings or their rows")
        rows = rule_month_rows(findings, as_of=as_of, months=months)
    for rule, month, *counts in rows:
        rule_meta = book.get(rule)
        if rule_meta is None:
            continue  # a rule no longer in the rulebook
        total = sums.get((rule_meta.family, date.fromisoformat(month)))
        if total is None:
            continue  # a month outside the range (rows of another range)
        for i, n in enumerate(counts):
            total[i] += n
    return [
        FamilyMeasures(
            family=family,
            rules=tuple(rules),
            months=[MeasureRow(None, None, month, *sums[(family, month)]) for month in calendar],
        )
        for family, rules in families.items()
    ]
