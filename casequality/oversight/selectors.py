"""Reads of oversight: the team manager's queues, samples and agreement rates."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from casequality.accounts.models import Role, User
from casequality.accounts.selectors import cases_for_user, staff_for_user, user_service_ids, user_team_id
from casequality.cases.models import Case
from casequality.cases.vocabulary import CUSTODIAL_ORDERS
from casequality.data.queues import SERVICES, TEAMS, Page, QueueList, queue_pages, sorted_page
from casequality.oversight.models import Check, FindingNote, SelfAudit, SelfAuditAnswer, SupervisionSample
from casequality.standards.models import Finding
from casequality.standards.rulebook import rulebook
from casequality.standards.selectors import (
    HIGH_LEVELS,
    InPriorityOrder,
    findings_actions,
    findings_by_priority,
)

# Rules that ask a manager to act on an item (the rulebook's owner column says TM).
COUNTERSIGNED_BUT_INSUFFICIENT = "OVS-002"
# Finding.owner values that put the finding in the team manager's queue (an index can use `in`).
TM_OWNERS = ("TM", "CM,TM")


def _managed_findings(user: User) -> QuerySet[Finding]:
    """Findings on the cases the user manages: their team's, or their services' (QA lead).

    Written on the finding's own columns where it can be (service), so that the
    (service, owner, resolved_on, due) index serves a QA lead's queue.
    """
    if user.role == Role.QA_LEAD:
        return Finding.objects.filter(service_id__in=user_service_ids(user))
    if user.role == Role.TEAM_MANAGER and user_team_id(user):
        # By the team's case ids, so each case's (case, resolved_on) index is used: a
        # join on the case's team lets the planner scan a whole service's rule instead.
        return Finding.objects.filter(case_id__in=Case.objects.filter(team_id=user_team_id(user)).values("id"))
    return Finding.objects.none()


def _queue_findings(
    user: User,
    *,
    case_manager: int | list[int] | None = None,
    family: str | None = None,
    overdue: bool = False,
    returned: Iterable[tuple[int, str, str]] | None = None,
    team: int | None = None,
    today: date | None = None,
) -> QuerySet[Finding]:
    findings = (
        findings_actions(_managed_findings(user))
        .filter(owner__in=TM_OWNERS)
        .exclude(rule=COUNTERSIGNED_BUT_INSUFFICIENT)
    )
    if case_manager is not None:
        ids = [case_manager] if isinstance(case_manager, int) else list(case_manager)
        findings = findings.filter(case__case_manager_id__in=ids)
    if family:
        findings = findings.filter(rule__in=[r for r, m in rulebook().rules.items() if m.family == family])
    if team is not None:
        findings = findings.filter(case__team_id=team)
    if overdue:
        findings = findings.filter(due__lt=today or timezone.localdate())
    if returned is not None:  # the items returned to their case managers (oversight.today.returned_items)
        findings = findings.filter(_on_items(returned))
    return findings


def _on_items(items: Iterable[tuple[int, str, str]]) -> Q:
    """The findings about these items (case id, "assessment" or "plan", reference)."""
    condition = Q(pk__in=[])
    for case_id, subject_type, subject in items:
        condition |= Q(case_id=case_id, subject_type=subject_type, subject=subject)
    return condition


def oversight_queue_in_order(
    user: User,
    *,
    today: date | None = None,
    case_manager: int | list[int] | None = None,
    family: str | None = None,
    overdue: bool = False,
    returned: Iterable[tuple[int, str, str]] | None = None,
    team: int | None = None,
) -> InPriorityOrder:
    """oversight_queue's (finding id, child at risk) in its order, read a page at a time
    (standards.selectors.InPriorityOrder): for the queue's page, over any caseload."""
    today = today or timezone.localdate()
    return InPriorityOrder(
        _queue_findings(
            user, case_manager=case_manager, family=family, overdue=overdue, returned=returned, team=team, today=today
        ),
        today=today,
    )


# The queue page's three lists (oversight_queue_pages).
WAITING, INSUFFICIENT, FOR_REVIEW = "waiting", "insufficient", "for_review"


def _queue_scope(user: User) -> tuple[str, list[int]]:
    """_managed_findings' scope for data.queues: a team's cases, or services' findings."""
    if user.role == Role.QA_LEAD:
        return SERVICES, sorted(user_service_ids(user))
    team = user_team_id(user) if user.role == Role.TEAM_MANAGER else None
    return TEAMS, [team] if team else []


def _queue_list(
    *,
    today: date,
    case_manager: int | list[int] | None = None,
    family: str | None = None,
    overdue: bool = False,
    returned: Iterable[tuple[int, str, str]] | None = None,
    team: int | None = None,
) -> QueueList:
    """_queue_findings as data.queues describes a list (the same conditions)."""
    return QueueList(
        owners=TM_OWNERS,
        not_rule=COUNTERSIGNED_BUT_INSUFFICIENT,
        case_managers=None
        if case_manager is None
        else ((case_manager,) if isinstance(case_manager, int) else tuple(case_manager)),
        rules=tuple(r for r, m in rulebook().rules.items() if m.family == family) if family else None,
        team=team,
        due_before=today if overdue else None,
        items=None if returned is None else tuple(returned),
    )


class QueuePages:
    """The queue page's lists in priority order, each list's length and the windows asked
    for read by one plain statement (data.queues.queue_pages, InPriorityOrder's twin), and a
    list sorted by a column or narrowed to the children at risk (`sorted_lists`: name ->
    (order, at risk only)) by one of its own (data.queues.sorted_page, oversight_queue's twin):
    `of(name)` is a list as a paginator pages it."""

    def __init__(
        self,
        user: User,
        lists: dict[str, QueueList],
        windows: dict[str, tuple[int, int]],
        today: date,
        sorted_lists: dict[str, tuple[tuple[tuple[str, bool], ...], bool]] | None = None,
    ):
        self.user, self.lists, self.today = user, lists, today
        self.sorted = sorted_lists or {}
        self.windows = {name: windows.get(name, (0, 0)) for name in lists}
        self.read: dict[str, tuple[tuple[int, int], Page]] | None = None

    def _read(self, windows: dict[str, tuple[int, int]]) -> dict[str, Page]:
        scope, values = _queue_scope(self.user)
        where = {"scope": scope, "scope_values": values, "on": self.today}
        risk = {"custodial": CUSTODIAL_ORDERS, "high_levels": HIGH_LEVELS}
        walked = {name: (self.lists[name], window) for name, window in windows.items() if name not in self.sorted}
        pages = queue_pages(lists=walked, **where, **risk) if walked else {}
        for name, window in windows.items():
            if name in self.sorted:
                order, at_risk_only = self.sorted[name]
                pages[name] = sorted_page(
                    spec=self.lists[name], order=order, window=window, at_risk_only=at_risk_only, **where, **risk
                )
        return pages

    def page(self, name: str, start: int, stop: int) -> tuple[int, list[tuple[int, bool]]]:
        """The list's length and its rows [start, stop): from the first read when it holds them."""
        if self.read is None:
            pages = self._read(self.windows)
            self.read = {n: (self.windows[n], pages[n]) for n in self.lists}
        (first, last), read = self.read[name]
        if first <= start and (stop <= last or last >= read.count):
            return read.count, read.rows[start - first : stop - first]
        again = self._read({name: (start, stop)})[name]
        return again.count, again.rows

    def of(self, name: str) -> ListInOrder:
        return ListInOrder(self, name)


class ListInOrder:
    """One list of QueuePages: its length (`count`) and slices [start:stop], as InPriorityOrder."""

    def __init__(self, pages: QueuePages, name: str):
        self.pages, self.name = pages, name

    def count(self) -> int:
        start, stop = self.pages.windows[self.name]
        return self.pages.page(self.name, start, stop)[0]

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[tuple[int, bool]]:
        if not isinstance(index, slice) or index.step not in (None, 1) or (index.start or 0) < 0 or index.stop is None:
            raise TypeError("ListInOrder takes slices [start:stop]")
        return self.pages.page(self.name, index.start or 0, index.stop)[1]


def oversight_queue_pages(
    user: User,
    *,
    windows: dict[str, tuple[int, int]],
    today: date | None = None,
    order: Sequence[tuple[str, bool]] = (),
    at_risk: bool = False,
    **narrowed: Any,
) -> QueuePages:
    """The queue page's lists asked for in `windows` (WAITING: oversight_queue_in_order,
    INSUFFICIENT: oversight_countersigned_insufficient_in_order, FOR_REVIEW:
    findings_marked_for_review_in_order), each its window [start, stop) read with every
    list's length by one statement when first asked. `narrowed`: oversight_queue_in_order's
    case_manager, family, overdue, returned and team. WAITING sorted by `order` ((field,
    descending) pairs: web.queue_order.sort_keys) or narrowed to the children `at_risk` is
    oversight_queue's, so sorted, read by a statement of its own."""
    today = today or timezone.localdate()
    every = {
        WAITING: _queue_list(today=today, **narrowed),
        INSUFFICIENT: QueueList(rule=COUNTERSIGNED_BUT_INSUFFICIENT),
        FOR_REVIEW: QueueList(marked_for_review=True),
    }
    sorted_lists = {WAITING: (tuple(order), at_risk)} if (order or at_risk) and WAITING in windows else {}
    return QueuePages(user, {name: every[name] for name in windows}, windows, today, sorted_lists)


def oversight_queue(
    user: User,
    *,
    today: date | None = None,
    case_manager: int | list[int] | None = None,
    family: str | None = None,
    at_risk: bool = False,
    overdue: bool = False,
    returned: Iterable[tuple[int, str, str]] | None = None,
    team: int | None = None,
) -> QuerySet[Finding]:
    """Actions owned by the team manager on the user's cases, in priority order.

    Filled by the rulebook alone; history is never listed; OVS-002 has its own list
    (oversight_countersigned_insufficient). Narrowed to one case manager's cases, one
    rule family, one team, the children at risk, the actions overdue or those about an item
    returned to its case manager when asked.
    """
    today = today or timezone.localdate()
    findings = _queue_findings(
        user, case_manager=case_manager, family=family, overdue=overdue, returned=returned, team=team, today=today
    )
    findings = findings_by_priority(findings, today=today)
    if at_risk:
        findings = findings.filter(child_at_risk=True)
    return findings.select_related("case", "case__case_manager")


def oversight_countersigned_insufficient_in_order(user: User) -> InPriorityOrder:
    """oversight_countersigned_insufficient's (finding id, child at risk), read a page at a time."""
    return InPriorityOrder(
        findings_actions(_managed_findings(user)).filter(rule=COUNTERSIGNED_BUT_INSUFFICIENT),
        today=timezone.localdate(),
    )


def oversight_countersigned_insufficient(user: User) -> QuerySet[Finding]:
    """Open OVS-002 findings still actionable: items approved that still have shortfalls."""
    findings = findings_actions(_managed_findings(user)).filter(rule=COUNTERSIGNED_BUT_INSUFFICIENT)
    return findings_by_priority(findings, today=timezone.localdate()).select_related("case", "case__case_manager")


def findings_marked_for_review(user: User) -> QuerySet[Finding]:
    """Actionable findings on the user's cases that a case manager asked a manager to review."""
    marked = FindingNote.objects.filter(finding=OuterRef("pk"), marked_for_review=True)
    findings = findings_actions(_managed_findings(user)).filter(Exists(marked))
    return findings_by_priority(findings, today=timezone.localdate()).select_related("case", "case__case_manager")


def findings_marked_for_review_in_order(user: User) -> InPriorityOrder:
    """findings_marked_for_review's (finding id, child at risk) in its order, read a page at a
    time: for the queue's page (its risk by one plain query, decision 0047)."""
    marked = FindingNote.objects.filter(finding=OuterRef("pk"), marked_for_review=True)
    return InPriorityOrder(findings_actions(_managed_findings(user)).filter(Exists(marked)), today=timezone.localdate())


def samples_for_user(user: User) -> QuerySet[SupervisionSample]:
    return (
        SupervisionSample.objects.filter(case_manager__in=staff_for_user(user))
        .select_related("case_manager")
        .annotate(items_count=Count("items", distinct=True))
    )


def self_audits_for_user(user: User) -> QuerySet[SelfAudit]:
    """Self-audits of cases in the user's scope (a case manager: their own)."""
    audits = SelfAudit.objects.filter(case__in=cases_for_user(user))
    if user.role == Role.CASE_MANAGER:
        audits = audits.filter(case_manager_id=user.staff_id)
    return audits.select_related("case", "case_manager")


@dataclass(frozen=True)
class AgreementRate:
    case_manager_id: int
    case_manager_name: str
    checked: int
    agreed: int

    @property
    def percent(self) -> int | None:
        return round(100 * self.agreed / self.checked) if self.checked else None


def agreement_rates(user: User) -> list[AgreementRate]:
    """For each case manager the user oversees (or themself): answers checked and agreed with."""
    staff = staff_for_user(user)
    rows = (
        SelfAuditAnswer.objects.filter(self_audit__case_manager__in=staff)
        .exclude(verdict="")
        .values("self_audit__case_manager_id")
        .annotate(checked=Count("id"), agreed=Count("id", filter=Q(verdict=Check.AGREE)))
    )
    by_staff = {r["self_audit__case_manager_id"]: r for r in rows}
    return [
        AgreementRate(s.pk, s.name, by_staff.get(s.pk, {}).get("checked", 0), by_staff.get(s.pk, {}).get("agreed", 0))
        for s in staff.order_by("name")
    ]
