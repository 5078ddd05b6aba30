"""The board's trends by quarter: the rulebook's measures by theme, the published audits'
results, and (when computed) the YJB's key performance indicators, each with its change
since the quarter before.

Quarters are calendar quarters (January to March, April to June, ...), named by their
months ("Jan–Mar 2026") so that no one has to know whose year they start. Nothing here
names a child, a case or a member of staff: the figures are counts and shares.
What each figure means is written in docs/decisions/0018-board-trends-and-plan.md.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import QuerySet

from casequality.audits.frameworks import FrameworkError, framework_get
from casequality.audits.models import Audit
from casequality.audits.results import audit_results
from casequality.cases.vocabulary import add_months
from casequality.standards.measures import COUNTS, measures
from casequality.standards.models import Finding
from casequality.standards.rulebook import rulebook

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True, order=True)
class Quarter:
    """A calendar quarter, known by its first day."""

    start: date

    @classmethod
    def of(cls, day: date) -> Quarter:
        return cls(date(day.year, 3 * ((day.month - 1) // 3) + 1, 1))

    @property
    def end(self) -> date:
        return add_months(self.start, 3) - timedelta(days=1)

    @property
    def label(self) -> str:
        first = self.start.month - 1
        return f"{MONTHS[first]}–{MONTHS[first + 2]} {self.start.year}"

    def shifted(self, quarters: int) -> Quarter:
        return Quarter(add_months(self.start, 3 * quarters))

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end


def complete_quarters(as_of: date, count: int) -> list[Quarter]:
    """The `count` whole quarters that ended before `as_of`'s quarter began, oldest first."""
    current = Quarter.of(as_of)
    return [current.shifted(-i) for i in range(count, 0, -1)]


def change(latest: float | None, before: float | None) -> float | None:
    """The change in percentage points from `before` to `latest` (shares 0-1); None if either is unknown."""
    if latest is None or before is None:
        return None
    return 100 * (latest - before)


def points_text(value: float | None) -> str:
    """A change in percentage points in words: "up 5 points", "down 1 point", "no change", "–"."""
    if value is None:
        return "–"
    n = round(value)
    if n == 0:
        return "no change"
    unit = "point" if abs(n) == 1 else "points"
    return f"up {n} {unit}" if n > 0 else f"down {-n} {unit}"


# --- The rulebook's measures ---------------------------------------------------------


@dataclass(frozen=True)
class QuarterCounts:
    """A quarter's measures (standards.measures: met in time, met late, not met, open)."""

    quarter: Quarter
    due: int = 0
    met: int = 0
    met_late: int = 0
    not_met: int = 0
    open: int = 0

    @property
    def decided(self) -> int:
        return self.met + self.met_late + self.not_met

    @property
    def met_share(self) -> float | None:
        """Met in time, of those whose outcome is known (open ones are not yet known)."""
        return self.met / self.decided if self.decided else None


@dataclass
class MeasureTrend:
    """A theme's (or a rule's) measures in each quarter, oldest first."""

    name: str
    rules: tuple[str, ...]
    quarters: list[QuarterCounts]

    @property
    def latest(self) -> QuarterCounts:
        return self.quarters[-1]

    @property
    def previous(self) -> QuarterCounts | None:
        return self.quarters[-2] if len(self.quarters) > 1 else None

    @property
    def change(self) -> float | None:
        """Percentage points of "met in time" since the quarter before the latest."""
        return change(self.latest.met_share, self.previous.met_share if self.previous else None)

    @property
    def total(self) -> int:
        return sum(q.due for q in self.quarters)


def _rule_quarters(
    findings: QuerySet[Finding], quarters: list[Quarter], as_of: date
) -> dict[tuple[str, date], list[int]]:
    """Per (rule, quarter's first day) the counts, from one grouped query by rule and month."""
    sums: dict[tuple[str, date], list[int]] = {}
    rows = measures(findings, start=quarters[0].start, end=quarters[-1].end, as_of=as_of, by=["rule", "month"])
    for row in rows:
        if row.rule is None or row.month is None:
            continue  # grouped by rule and month: never without either
        total = sums.setdefault((row.rule, Quarter.of(row.month).start), [0] * len(COUNTS))
        for i, name in enumerate(COUNTS):
            total[i] += getattr(row, name)
    return sums


def _trend(name: str, rules: Iterable[str], quarters: list[Quarter], sums) -> MeasureTrend:
    """The rules' counts added up in each quarter (`sums` by rule and quarter's first day: a
    date hashes faster than a Quarter, and a page looks up every rule in every quarter)."""
    rules = tuple(rules)
    counts = []
    for quarter in quarters:
        total = [0] * len(COUNTS)
        for rule in rules:
            for i, n in enumerate(sums.get((rule, quarter.start), ())):
                total[i] += n
        counts.append(QuarterCounts(quarter, *total))
    return MeasureTrend(name, rules, counts)


def rule_quarter_rows(findings: QuerySet[Finding], *, quarters: list[Quarter], as_of: date) -> list[list]:
    """The counts of each rule in each quarter as JSON rows, [rule, the quarter's first
    day, due, met, met late, not met, open] (what the board keeps: reports.kept)."""
    return [
        [rule, start.isoformat(), *counts]
        for (rule, start), counts in sorted(_rule_quarters(findings, quarters, as_of).items())
    ]


def _sums_of(rows: list[list]) -> dict[tuple[str, date], list[int]]:
    starts: dict[str, date] = {}
    sums = {}
    for rule, day, *counts in rows:
        start = starts.get(day)
        if start is None:
            start = starts[day] = Quarter.of(date.fromisoformat(day)).start
        sums[(rule, start)] = counts
    return sums


def measure_trends_by_theme(
    findings: QuerySet[Finding] | None = None,
    *,
    quarters: list[Quarter],
    as_of: date,
    rows: list[list] | None = None,
) -> list[MeasureTrend]:
    """Each theme (rule family) of the rulebook, in its order, in each quarter; themes
    with nothing due in any of the quarters are left out. From `findings`, or from their
    `rule_quarter_rows` counted before."""
    if rows is None:
        if findings is None:
            raise TypeError("measure_trends_by_theme needs the findings or their rows")
        rows = rule_quarter_rows(findings, quarters=quarters, as_of=as_of)
    sums = _sums_of(rows)
    families: dict[str, list[str]] = {}
    for meta in rulebook().rules.values():
        families.setdefault(meta.family, []).append(meta.id)
    trends = [_trend(family, rules, quarters, sums) for family, rules in families.items()]
    return [t for t in trends if t.total]


def measure_trends_by_rule(
    findings: QuerySet[Finding], *, rules: Iterable[str], quarters: list[Quarter], as_of: date
) -> dict[str, MeasureTrend]:
    """The named rules' measures in each quarter (for the improvement plan's figures)."""
    rules = sorted(set(rules))
    if not rules:
        return {}
    sums = _rule_quarters(findings.filter(rule__in=rules), quarters, as_of)
    return {rule: _trend(rule, [rule], quarters, sums) for rule in rules}


# --- Published audits ----------------------------------------------------------------


@dataclass(frozen=True)
class Pooled:
    """Yes answers `k` of `n` applicable, pooled over a quarter's audits."""

    k: int = 0
    n: int = 0
    audits: int = 0

    @property
    def share(self) -> float | None:
        return self.k / self.n if self.n else None


@dataclass
class AuditTrendRow:
    """A theme (or question) of a framework in each quarter, oldest first."""

    id: str
    title: str
    cells: list[Pooled] = field(default_factory=list)

    def _with_results(self) -> list[Pooled]:
        return [c for c in self.cells if c.n]

    @property
    def latest(self) -> Pooled | None:
        known = self._with_results()
        return known[-1] if known else None

    @property
    def change(self) -> float | None:
        """Points since the quarter before the latest that has results (audits are not
        every quarter; the table says which quarters are compared)."""
        known = self._with_results()
        return change(known[-1].share, known[-2].share) if len(known) > 1 else None


@dataclass
class AuditTrend:
    framework_id: str
    framework_title: str
    themes: list[AuditTrendRow]
    questions: list[AuditTrendRow]
    audits: int


def audit_when(audit: Audit) -> date:
    """The day an audit's results describe: its fieldwork's end, else its as-of date, else its creation."""
    return audit.fieldwork_end or audit.as_of or audit.created_at.date()


def audit_trends(audits: Iterable[Audit], *, quarters: list[Quarter]) -> list[AuditTrend]:
    """Per framework, each theme's and question's share of yes answers pooled over the
    audits of each quarter (by `audit_when`). Audits outside the quarters, and those
    whose framework file is gone, are left out."""
    by_framework: dict[str, list[Audit]] = {}
    for audit in audits:
        if any(audit_when(audit) in q for q in quarters):
            by_framework.setdefault(audit.framework, []).append(audit)
    out = []
    for framework_id, group in sorted(by_framework.items()):
        try:
            framework = framework_get(framework_id)
        except FrameworkError:
            continue
        themes = {t.id: AuditTrendRow(t.id, t.title, [Pooled() for _ in quarters]) for t in framework.themes}
        questions = {q.id: AuditTrendRow(q.id, q.text, [Pooled() for _ in quarters]) for q in framework.questions}
        for audit in group:
            i = next(i for i, q in enumerate(quarters) if audit_when(audit) in q)
            results = audit_results(audit)
            for theme in results.themes:
                _add(themes[theme.theme.id], i, theme.share)
                for question in theme.questions:
                    _add(questions[question.question.id], i, question.share)
        out.append(
            AuditTrend(framework_id, framework.title, list(themes.values()), list(questions.values()), len(group))
        )
    return out


def _add(row: AuditTrendRow, i: int, share) -> None:
    cell = row.cells[i]
    row.cells[i] = Pooled(cell.k + share.k, cell.n + share.n, cell.audits + 1)


# --- Key performance indicators ------------------------------------------------------


def kpi_value_text(kpi) -> str:
    """A KPI's figure as the KPI page shows it: a share as a percentage, a count, or a
    number of reoffences per reoffender; "–" when it cannot be given."""
    if kpi is None:
        return "–"
    if kpi.unit == "count":
        return "–" if kpi.numerator is None else str(kpi.numerator)
    if kpi.rate is None:
        return "–"
    if kpi.unit == "per_reoffender":
        return f"{kpi.rate:.2f}"
    return f"{round(100 * kpi.rate)}% ({kpi.numerator} of {kpi.denominator})"


@dataclass(frozen=True)
class KpiFigure:
    """A KPI's figure in a quarter as the board shows it: reports.kpis.Kpi's unit,
    numerator, denominator and rate, without its definition, notes or cases."""

    unit: str
    numerator: int | None
    denominator: int | None
    rate: float | None


@dataclass
class KpiTrend:
    """A KPI in each quarter, oldest first (reports.kpis.Kpi, one a quarter)."""

    id: str
    name: str
    unit: str
    cells: list
    quarters: list[Quarter]

    @property
    def latest(self):
        return self.cells[-1] if self.cells else None

    @property
    def label(self) -> str:
        """ "KPI 7: Management board attendance"; the national indicators by their name alone."""
        number = self.id.removeprefix("kpi-")
        return f"KPI {number}: {self.name}" if number.isdigit() else self.name

    @property
    def is_share(self) -> bool:
        return self.unit == "share"

    def _value(self, kpi) -> float | None:
        if kpi is None:
            return None
        return kpi.numerator if self.unit == "count" else kpi.rate

    @property
    def change(self) -> float | None:
        """Since the quarter before: percentage points for a share, else the difference."""
        if len(self.cells) < 2:
            return None
        latest, before = self._value(self.cells[-1]), self._value(self.cells[-2])
        if latest is None or before is None:
            return None
        return change(latest, before) if self.is_share else latest - before

    @property
    def change_text(self) -> str:
        if self.is_share or self.change is None:
            return points_text(self.change)
        if self.change == 0:
            return "no change"
        amount = f"{abs(self.change):.2f}" if self.unit == "per_reoffender" else f"{abs(self.change):g}"
        return f"up {amount}" if self.change > 0 else f"down {amount}"


def kpi_trends(
    documents: list[dict], *, board_meetings: list[dict], quarters: list[Quarter], as_of: date
) -> dict[str, KpiTrend]:
    """Each KPI (reports.kpis.compute_kpis) counted for each quarter from the same case
    dicts, in the KPIs' order."""
    from casequality.reports.kpis import compute_kpis

    return kpi_trends_of(
        [
            compute_kpis(documents, start=q.start, end=q.end, board_meetings=board_meetings, as_of=as_of)
            for q in quarters
        ],
        quarters=quarters,
    )


def kpi_trends_of(readings: list[list], *, quarters: list[Quarter]) -> dict[str, KpiTrend]:
    """Each KPI of each quarter's readings (compute_kpis' list for each quarter, in the
    quarters' order) as a trend, in the KPIs' order."""
    trends: dict[str, KpiTrend] = {}
    for kpis in readings:
        for kpi in kpis:
            trend = trends.setdefault(kpi.id, KpiTrend(kpi.id, kpi.name, kpi.unit, [], quarters))
            trend.cells.append(kpi)
    return trends


def kpi_trend_rows(trends: dict[str, KpiTrend]) -> list[list]:
    """The trends' figures as JSON rows, [id, name, unit, [[numerator, denominator, rate]
    for each quarter]] in the KPIs' order (what the board keeps: reports.kept). No case."""
    return [[t.id, t.name, t.unit, [[c.numerator, c.denominator, c.rate] for c in t.cells]] for t in trends.values()]


def kpi_trends_from_rows(rows: list[list], *, quarters: list[Quarter]) -> dict[str, KpiTrend]:
    """The trends of `kpi_trend_rows`, each quarter's figure a KpiFigure."""
    return {
        kpi_id: KpiTrend(kpi_id, name, unit, [KpiFigure(unit, *cell) for cell in cells], quarters)
        for kpi_id, name, unit, cells in rows
    }
