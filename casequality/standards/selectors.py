"""Reads of the standards app: a service's rulebook settings, names, staff, and findings."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from django.db.models import BooleanField, F, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models import Case as Choose

from casequality.cases.models import Assessment, Case, Order, Service, Staff
from casequality.cases.vocabulary import CUSTODIAL_ORDERS
from casequality.data import reads
from casequality.standards.models import Finding
from casequality.standards.rulebook import RuleMeta, effective_parameters, rulebook
from casequality.standards.text import NameIndex

# A process keeps each service's name index this long, refreshing the names of the cases
# it re-evaluates in between; a sweep always builds it afresh.
NAME_INDEX_MAX_AGE_SECONDS = 300.0
_name_indexes: dict[int, tuple[float, tuple[int, int | None], NameIndex]] = {}


def forget_name_indexes() -> None:
    """Drop this process's name indexes (they are rebuilt on next use)."""
    _name_indexes.clear()


def service_rule_settings(*, service: Service) -> tuple[dict[str, Any], dict[str, str]]:
    """The service's parameter overrides and its disabled rules (rule id -> reason)."""
    overrides = dict(reads.parameter_overrides(service.pk))
    disabled = {rule: reason or "no reason recorded" for rule, reason in reads.disabled_rules(service.pk)}
    return overrides, disabled


def service_staff_roles(*, service: Service) -> dict[str, str]:
    """Staff id (ref) -> role, for the countersignatures that count."""
    return dict(Staff.objects.filter(service=service).order_by().values_list("ref", "role"))


class StaffRoles:
    """Staff id (ref) -> role of one service, read as the rules ask (`get`), each id once.

    For re-evaluating a few cases: reading every staff member of a service (thousands)
    for the two or three countersigners a case names cost more than the evaluation.
    `load` reads many ids in one query.
    """

    def __init__(self, service: Service):
        self.service = service
        self._roles: dict[str, str | None] = {}

    def load(self, refs) -> None:
        wanted = {r for r in refs if isinstance(r, str) and r not in self._roles}
        if not wanted:
            return
        found = dict(reads.staff_roles(self.service.pk, sorted(wanted)))
        for ref in wanted:
            self._roles[ref] = found.get(ref)

    def get(self, ref, default=None):
        if ref not in self._roles:
            self.load([ref])
        role = self._roles.get(ref)
        return default if role is None else role


# Cheap signs that cases were added or removed since a name index was built, in one
# query whatever the caseload: the newest case's id (an index's last entry) and how many
# cases have been deleted (CaseRemovals). Counting the cases instead took 10 to 50 ms at
# 100,000 cases on SQLite. The stamp's read: data/reads.py, names_stamp.
def service_name_index(*, service: Service, fresh: bool = False) -> NameIndex:
    """The full names of the service's children, for LOR-005.

    Built from the database (one query over the service's cases) when `fresh`, when
    cases were added or removed since, or when this process's copy is older than
    NAME_INDEX_MAX_AGE_SECONDS; `name_index_refresh` keeps the names of re-evaluated
    cases current in between.
    """
    now = time.monotonic()
    cases = Case.objects.filter(service=service)
    stamp = tuple(next(iter(reads.names_stamp(service.pk)), (None, None)))
    cached = _name_indexes.get(service.pk)
    if not fresh and cached is not None and cached[1] == stamp and now - cached[0] < NAME_INDEX_MAX_AGE_SECONDS:
        return cached[2]
    index = NameIndex.of(cases.values_list("ref", "child_name").iterator(chunk_size=5000))
    _name_indexes[service.pk] = (now, stamp, index)
    return index


def name_index_refresh(*, index: NameIndex, cases: list[Case]) -> None:
    """Bring the names of these cases up to date in the index (they may have changed)."""
    for case in cases:
        index.add(case.ref, case.child_name)


@dataclass(frozen=True)
class RuleRow:
    """A rule as a service has it: its metadata, whether it is on, and its parameters."""

    meta: RuleMeta
    enabled: bool
    reason: str
    parameters: list[tuple[str, Any, Any, str, str]]  # name, value, default, source, date


def service_rulebook(*, service: Service | None) -> list[RuleRow]:
    """Every rule with this service's settings (the defaults when `service` is None)."""
    overrides, disabled = service_rule_settings(service=service) if service is not None else ({}, {})
    values = effective_parameters(overrides)
    book = rulebook()
    rows = []
    for meta in book.with_severities(values).values():  # CMP-002's severity as the service set it
        params = [
            (n, values[n], book.parameters[n].default, book.parameters[n].source, book.parameters[n].date)
            for n in meta.parameters
        ]
        rows.append(
            RuleRow(meta=meta, enabled=meta.id not in disabled, reason=disabled.get(meta.id, ""), parameters=params)
        )
    return rows


def case_findings_open(*, case: Case) -> QuerySet[Finding]:
    """The case's open findings and tasks, soonest due first."""
    return Finding.objects.filter(case=case, resolved_on__isnull=True).order_by("due", "rule", "key")


def case_findings_history(*, case: Case) -> QuerySet[Finding]:
    """Every finding and task the case has had, open and resolved, newest first."""
    return Finding.objects.filter(case=case).order_by("-opened_on", "rule", "key")


def service_findings_open(*, service: Service, owner: str | None = None, rule: str | None = None) -> QuerySet[Finding]:
    """The service's open findings and tasks, optionally for one owner (CM, TM) or rule."""
    qs = Finding.objects.filter(service=service, resolved_on__isnull=True)
    if owner:
        qs = qs.filter(owner__contains=owner)
    if rule:
        qs = qs.filter(rule=rule)
    return qs.select_related("case").order_by("due", "rule", "case__ref")


# --- priority: the order in which every queue lists actions -------------------------------
PRIORITY_ORDER = (
    "Highest priority first: the child's risk (RoSH or vulnerability high or very high, "
    "in custody, looked after), then must before should, then the longest overdue."
)
HIGH_LEVELS = ("high", "very_high")


def findings_actions(findings: QuerySet[Finding]) -> QuerySet[Finding]:
    """The open findings and tasks someone can still act on (history is never queued)."""
    return findings.filter(resolved_on__isnull=True, actionable=True)


def findings_by_priority(findings: QuerySet[Finding], *, today) -> QuerySet[Finding]:
    """Findings in the documented priority order (PRIORITY_ORDER), each annotated with
    `child_at_risk`.

    The child's risk comes first because a missed step matters most where harm is most
    likely: RoSH or vulnerability high or very high in the case's latest assessment, an
    open custodial order on `today`, or a looked-after child. Then the rule's severity
    (must before should), then the due date (the longest overdue first; none last).
    """
    return (
        _with_child_at_risk(findings, today=today)
        # "must" sorts before "should".
        .order_by(F("child_at_risk").desc(), *PRIORITY_AFTER_RISK)
    )


# The priority order after the child's risk: "must" before "should", the longest overdue
# first (no due date last), then the oldest, then the first stored.
PRIORITY_AFTER_RISK = (F("severity").asc(), F("due").asc(nulls_last=True), "opened_on", "id")


def priority_after_risk_key(finding: Any) -> tuple:
    """PRIORITY_AFTER_RISK as a sort key, for findings already read (one case's page, whose
    child's risk is the same on every line): an object with `severity`, `due`, `opened_on`
    and `id`. "must" sorts before "should" in Python as in any collation."""
    return (finding.severity, finding.due is None, finding.due, finding.opened_on, finding.id)


def findings_can_act(finding: Any) -> bool:
    """findings_actions for one finding already read: open, and someone can still act on it."""
    return finding.resolved_on is None and finding.actionable


def _with_child_at_risk(findings: QuerySet[Finding], *, today) -> QuerySet[Finding]:
    """`findings` annotated with `child_at_risk` as of `today` (findings_by_priority).

    Scalar subqueries, no join and no EXISTS: PostgreSQL then works them out row by row
    for the rows a LIMIT keeps (an EXISTS it may turn into a hash of every looked-after
    case or custodial order of the database, and a join into a scan of every case).
    """
    looked_after = Case.objects.filter(pk=OuterRef("case_id")).order_by().values("looked_after")[:1]
    latest = Assessment.objects.filter(case_id=OuterRef("case_id"), date__lte=today).order_by("-date", "-id")
    high = (
        Assessment.objects.filter(pk=OuterRef("latest_assessment"))
        .filter(Q(rosh__level__in=HIGH_LEVELS) | Q(vulnerability__level__in=HIGH_LEVELS))
        .order_by()
        .values("pk")[:1]
    )
    custody = (
        Order.objects.filter(case_id=OuterRef("case_id"), type__in=CUSTODIAL_ORDERS, court_date__lte=today)
        .filter(Q(end__isnull=True) | Q(end__gte=today))
        .order_by()
        .values("pk")[:1]
    )
    return (
        findings.annotate(latest_assessment=Subquery(latest.values("pk")[:1]))
        .annotate(risk_looked_after=Subquery(looked_after), risk_custody=Subquery(custody), risk_high=Subquery(high))
        .annotate(
            child_at_risk=Choose(
                When(
                    Q(risk_looked_after=True) | Q(risk_custody__isnull=False) | Q(risk_high__isnull=False),
                    then=Value(True),
                ),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
    )


class InPriorityOrder:
    """(finding id, child at risk) of `findings` in findings_by_priority's order, read a
    part at a time: what a paginator pages through (`count`, slices).

    findings_by_priority works out the child's risk for every finding before it can sort
    them: over a whole service (a QA lead's queue, hundreds of thousands of findings) that
    took most of a second. The order is the same as walking the findings in the order
    after the risk (severity, due, opened, id) and putting the children at risk first. So
    the walk reads the findings in that order, a growing part at a time, and then the
    risk of the part's cases only (data/reads.py, cases_at_risk: one plain query), until
    it holds the rows asked for: a page of the children at risk comes from the first few
    hundred findings. A page past the last child at risk walks every finding (as the single
    query did), in a number of queries that grows with the logarithm of their number.

    The oversight queue's page reads its three lists by one plain statement instead
    (data/queues.py, queue_pages: decision 0061's update); this walk is that read's twin
    (tests/oversight/test_queue_pages.py) and the path for any list it does not describe.
    """

    FIRST_PART = 100

    def __init__(self, findings: QuerySet[Finding], *, today):
        self.findings = findings.order_by(*PRIORITY_AFTER_RISK)
        self._walk = self.findings.values_list("id", "case_id")
        self.today = today
        self._count: int | None = None
        self._at_risk: list[int] = []
        self._others: list[int] = []
        self._read = 0
        self._done = False

    def count(self) -> int:
        if self._count is None:
            self._count = self.findings.order_by().count()
        return self._count

    def __len__(self) -> int:
        return self.count()

    def _read_more(self) -> None:
        size = max(self.FIRST_PART, self._read)  # doubles: the whole walk costs about two reads
        rows = list(self._walk[self._read : self._read + size])
        self._read += len(rows)
        if len(rows) < size:
            self._done = True
        # The children at risk among the part's cases, by plain SQL (data/reads.py, beside
        # its twin): _with_child_at_risk's three correlated subqueries, built and compiled
        # again for each part, were half the queue's time (decision 0047).
        at_risk = set(
            reads.cases_at_risk(
                {case_id for _, case_id in rows}, today=self.today, custodial=CUSTODIAL_ORDERS, high_levels=HIGH_LEVELS
            )
        )
        for pk, case_id in rows:
            (self._at_risk if case_id in at_risk else self._others).append(pk)

    def __getitem__(self, index):
        if not isinstance(index, slice) or index.step not in (None, 1) or (index.start or 0) < 0 or index.stop is None:
            raise TypeError("InPriorityOrder takes slices [start:stop]")
        start, stop = index.start or 0, index.stop
        while not self._done and len(self._at_risk) < stop:
            self._read_more()
        ordered = [(pk, True) for pk in self._at_risk[start:stop]]
        if len(ordered) < stop - start:  # past the children at risk: every finding has been read
            first = max(0, start - len(self._at_risk))
            ordered += [(pk, False) for pk in self._others[first : first + stop - start - len(ordered)]]
        return ordered
