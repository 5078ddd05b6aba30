"""Reads of the reports app: audit results over time, for the board and the QA lead."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from casequality.accounts.models import Role
from casequality.accounts.selectors import user_service_ids
from casequality.audits.frameworks import FrameworkError, framework_get
from casequality.audits.models import Audit
from casequality.audits.results import Share, audit_results
from casequality.audits.selectors import audits_for_user
from casequality.audits.statistics import proportions_compare
from casequality.data.reads import fetch_rows, placeholders
from casequality.reports.kpi_cases import kpi_board_meetings, kpi_case_dicts
from casequality.reports.models import ReportStatus


def report_audits_for_user(user) -> QuerySet[Audit]:
    """The audits whose report the user may read: a board member those of their services
    whose report is published; anyone else the audits they may see."""
    if user.role == Role.BOARD:
        return Audit.objects.filter(
            service_id__in=user_service_ids(user), report__status=ReportStatus.PUBLISHED
        ).select_related("service")
    return audits_for_user(user)


@dataclass
class TrendCell:
    share: Share
    change: float | None = None  # percentage points since the audit before
    larger_than_chance: bool = False


@dataclass
class TrendRow:
    theme_id: str
    title: str
    cells: list[TrendCell] = field(default_factory=list)


@dataclass
class Trend:
    framework_id: str
    framework_title: str
    audits: list[Audit]
    rows: list[TrendRow]


def _when(audit: Audit):
    return (audit.fieldwork_end or audit.as_of or audit.created_at.date(), audit.pk)


def themes_over_time(audits: list[Audit]) -> list[Trend]:
    """Per framework, each theme's share in each audit (oldest first), and whether the
    change from the audit before is larger than chance (Fisher's exact test at the
    framework's `compare_alpha`). Audits whose framework file is gone are left out."""
    by_framework: dict[str, list[Audit]] = {}
    for audit in audits:
        by_framework.setdefault(audit.framework, []).append(audit)
    trends = []
    for framework_id, group in sorted(by_framework.items()):
        try:
            framework = framework_get(framework_id)
        except FrameworkError:
            continue
        group.sort(key=_when)
        results = [audit_results(a) for a in group]
        rows = [TrendRow(theme_id=t.id, title=t.title) for t in framework.themes]
        for i, result in enumerate(results):
            for row, theme in zip(rows, result.themes):
                cell = TrendCell(share=theme.share)
                if i and row.cells[-1].share.n and theme.share.n:
                    before = row.cells[-1].share
                    c = proportions_compare(
                        before.k, before.n, theme.share.k, theme.share.n, alpha=framework.report.compare_alpha
                    )
                    cell.change, cell.larger_than_chance = 100 * c.change, c.larger_than_chance
                row.cells.append(cell)
        trends.append(Trend(framework_id, framework.title, group, rows))
    return trends


# --- The board's improvement plan ---------------------------------------------------


def plan_actions_for_user(user) -> QuerySet:
    """The actions of the plans of the user's service(s)."""
    from casequality.reports.models import PlanAction

    return PlanAction.objects.filter(service_id__in=user_service_ids(user)).select_related("owner_staff", "service")


def plan_status_counts(user, *, as_of) -> tuple[dict[str, int], int]:
    """The actions of the user's plans by status ({status: actions}), and how many of them
    are open (neither done nor dropped) and past their due date on `as_of`: one plain
    statement (decision 0035: Django built and compiled the aggregate on every board page)
    beside `plan_status_counts_orm`, its twin (tests/web/test_board_and_plan.py)."""
    from casequality.reports.models import ActionStatus

    services = sorted(user_service_ids(user))
    if not services:
        return {}, 0
    closed = [ActionStatus.DONE.value, ActionStatus.DROPPED.value]
    sql = (
        "SELECT status, COUNT(*), SUM(CASE WHEN due < %s AND status NOT IN (%s, %s) THEN 1 ELSE 0 END) "
        f"FROM reports_planaction WHERE service_id IN {placeholders(services)} GROUP BY status"
    )
    rows = fetch_rows(sql, [as_of, *closed, *services], (), "default")
    return {status: int(actions) for status, actions, _ in rows}, sum(int(overdue) for _, _, overdue in rows)


def plan_status_counts_orm(user, *, as_of) -> tuple[dict[str, int], int]:
    """plan_status_counts' twin, a queryset."""
    from casequality.reports.models import ActionStatus, PlanAction

    open_and_late = Q(due__lt=as_of) & ~Q(status__in=[ActionStatus.DONE, ActionStatus.DROPPED])
    rows = list(
        PlanAction.objects.filter(service_id__in=user_service_ids(user))
        .order_by()
        .values("status")
        .annotate(actions=Count("id"), overdue=Count("id", filter=open_and_late))
    )
    counts = {row["status"]: row["actions"] for row in rows}
    return counts, sum(row["overdue"] for row in rows)


def published_audits(service_ids) -> QuerySet[Audit]:
    """The audits of these services whose report is published (what the board may read)."""
    return Audit.objects.filter(service_id__in=service_ids, report__status=ReportStatus.PUBLISHED)


def published_audit_ids(service_ids) -> list[int]:
    """The ids of published_audits(service_ids), in order of id: one plain statement
    (decision 0035) beside `published_audit_ids_orm`, its twin (tests/web/test_board_and_plan.py).
    The board asks on every view, and most services' boards have none in their quarters:
    Django built and compiled the audits' queryset each time."""
    services = sorted({int(pk) for pk in service_ids})
    if not services:
        return []
    sql = (
        "SELECT a.id FROM audits_audit a JOIN reports_auditreport r ON r.audit_id = a.id "
        f"WHERE a.service_id IN {placeholders(services)} AND r.status = %s ORDER BY a.id"
    )
    return [row[0] for row in fetch_rows(sql, [*services, ReportStatus.PUBLISHED.value], (), "default")]


def published_audit_ids_orm(service_ids) -> list[int]:
    """published_audit_ids' twin, a queryset."""
    return list(published_audits(list(service_ids)).order_by("pk").values_list("pk", flat=True))


@dataclass
class Figure:
    """What an action addresses, with its latest figure and the change since the one before."""

    kind: str  # "rule", "audit question" or "KPI"
    ref: str
    title: str
    value: str  # e.g. "62% met in time (31 of 50)", or why there is none
    when: str  # the quarter or audit it is from
    change: float | None = None  # percentage points
    since: str = ""  # what the change is measured from

    text_of_change: str | None = None  # a KPI's change that is not in points (a count, a rate)

    @property
    def change_text(self) -> str:
        from casequality.reports.trends import points_text

        return self.text_of_change or points_text(self.change)


def _pct(share: float | None) -> str:
    return "-" if share is None else f"{round(100 * share)}%"


def plan_figures(actions, *, service_ids, as_of, kpi_trends=None) -> dict[int, list[Figure]]:
    """Per action, the figures of what it addresses: a rule's "met in time" in the last
    complete quarter (and the change from the quarter before), an audit question's share
    of yes answers in the latest published audit of its framework (and the change from
    the one before), a KPI's latest quarterly rate (when KPIs are computed)."""
    from casequality.reports.trends import audit_when, complete_quarters, measure_trends_by_rule
    from casequality.standards.models import Finding
    from casequality.standards.rulebook import rulebook

    actions = list(actions)
    book = rulebook().rules
    rule_trends = measure_trends_by_rule(
        Finding.objects.filter(service_id__in=service_ids),
        rules=[a.rule for a in actions if a.rule],
        quarters=complete_quarters(as_of, 2),
        as_of=as_of,
    )
    frameworks = {a.audit_framework for a in actions if a.audit_framework}
    by_framework: dict[str, list[Audit]] = {}
    for audit in published_audits(service_ids).filter(framework__in=frameworks):
        by_framework.setdefault(audit.framework, []).append(audit)
    results_cache: dict[int, object] = {}

    def results(audit):
        if audit.pk not in results_cache:
            results_cache[audit.pk] = audit_results(audit)
        return results_cache[audit.pk]

    out: dict[int, list[Figure]] = {}
    for action in actions:
        figures = []
        if action.rule:
            trend = rule_trends.get(action.rule)
            meta = book.get(action.rule)
            latest = trend.latest if trend else None
            figures.append(
                Figure(
                    "rule",
                    action.rule,
                    meta.title if meta else "(no longer in the rulebook)",
                    f"{_pct(latest.met_share)} met in time ({latest.met} of {latest.decided})"
                    if latest and latest.decided
                    else "nothing fell due",
                    latest.quarter.label if latest else "",
                    trend.change if trend else None,
                    trend.previous.quarter.label if trend and trend.previous else "",
                )
            )
        if action.audit_framework:
            figures.append(
                _question_figure(
                    action,
                    sorted(by_framework.get(action.audit_framework, []), key=lambda a: (audit_when(a), a.pk)),
                    results,
                )
            )
        if action.kpi:
            figures.append(_kpi_figure(action.kpi, kpi_trends))
        out[action.pk] = figures
    return out


def _question_figure(action, audits, results) -> Figure:
    try:
        framework = framework_get(action.audit_framework)
        question = next(q for q in framework.questions if q.id == action.audit_question)
        title = question.text
    except (FrameworkError, StopIteration):
        return Figure(
            "audit question", f"{action.audit_framework} {action.audit_question}", "(no such question)", "-", ""
        )
    shares = []
    for audit in audits:
        share = next((q.share for q in results(audit).questions if q.question.id == question.id), None)
        if share is not None and share.n:
            shares.append((audit, share))
    ref = f"{framework.id} {question.id}"
    if not shares:
        return Figure("audit question", ref, title, "no published audit has answered it", "")
    audit, share = shares[-1]
    figure = Figure(
        "audit question", ref, title, f"{share.percent_text()} yes ({share.k} of {share.n} cases)", audit.title
    )
    if len(shares) > 1:
        before_audit, before = shares[-2]
        figure.change = 100 * (share.k / share.n - before.k / before.n)
        figure.since = before_audit.title
    return figure


def _kpi_figure(kpi_id: str, kpi_trends) -> Figure:
    trend = (kpi_trends or {}).get(kpi_id)
    ref = kpi_id.removeprefix("kpi-")  # "KPI 7"; a national indicator by its id
    if trend is None:
        return Figure("KPI", ref, "", "not counted", "")
    latest = trend.latest
    from casequality.reports.trends import kpi_value_text

    shown = kpi_value_text(latest)
    figure = Figure(
        "KPI",
        ref,
        trend.name,
        "no figure" if shown == "–" else shown,
        trend.quarters[-1].label,
        trend.change,
        trend.quarters[-2].label if len(trend.quarters) > 1 else "",
    )
    figure.text_of_change = trend.change_text
    return figure


# --- the YJB's KPIs ------------------------------------------------------------------------
def kpis_for_cases(cases, *, services, start, end, as_of=None) -> list:
    """The KPIs of `cases` (a Case queryset) for the period, with the services' board
    meetings. The caller records the read in the access log."""
    from casequality.reports.kpis import compute_kpis

    return compute_kpis(
        kpi_case_dicts(cases), start=start, end=end, board_meetings=kpi_board_meetings(services), as_of=as_of
    )


def kpi_trends_for_services(service_ids, *, quarters, as_of) -> dict:
    """The KPIs of the services' cases in each quarter (reports.trends.kpi_trends_of), from
    the readings kept until the record changes (reports.kpi_readings). Counts only: the
    KPIs carry no case, so no child's reference reaches the caller."""
    from casequality.reports.kpi_readings import KpiScope, kpi_readings
    from casequality.reports.trends import kpi_trends_of

    periods = [(q.start, q.end) for q in quarters]
    readings = kpi_readings(KpiScope.of_services(service_ids), periods, as_of=as_of)
    return kpi_trends_of([readings[p] for p in periods], quarters=quarters)


def evidence_activity_read(service, *, start, end) -> dict[str, int]:
    """The oversight and audit activity of `service` over start..end (inclusive), counted
    for the evidence pack: no case is read, only how many of each act there were."""
    from casequality.audits.models import Answer as AuditAnswer
    from casequality.audits.models import Audit
    from casequality.oversight.models import FindingNote, ManagerEntry, SelfAudit, SupervisionSample

    day = {"__date__gte": start, "__date__lte": end}

    def dated(field: str) -> dict:
        return {f"{field}{k}": v for k, v in day.items()}

    return {
        "manager_entries": ManagerEntry.objects.filter(case__service=service, date__gte=start, date__lte=end).count(),
        "supervision_samples": SupervisionSample.objects.filter(
            case_manager__service=service, **dated("drawn_at")
        ).count(),
        "self_audits": SelfAudit.objects.filter(case__service=service, **dated("submitted_at")).count(),
        "self_audits_checked": SelfAudit.objects.filter(case__service=service, **dated("checked_at")).count(),
        "audits": Audit.objects.filter(service=service, **dated("created_at")).count(),
        "audit_cases_answered": AuditAnswer.objects.filter(
            audit_case__audit__service=service, is_moderation=False, **dated("answered_at")
        )
        .values("audit_case")
        .distinct()
        .count(),
        "finding_notes": FindingNote.objects.filter(finding__case__service=service, **dated("created_at")).count(),
    }


def evidence_staff_read(service) -> list[dict]:
    """The service's staff as the evidence pack counts them (ref, role, active)."""
    from casequality.cases.models import Staff

    return [dict(row) for row in Staff.objects.filter(service=service).order_by("ref").values("ref", "role", "active")]
