"""Reads of the reports app: audit results over time, for the board and the QA lead."""
from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet

from casequality.accounts.models import Role
from casequality.accounts.selectors import user_service_ids
from casequality.audits.frameworks import FrameworkError, framework_get
from casequality.audits.models import Audit
from casequality.audits.selectors import audits_for_user
from casequality.audits.results import Share, audit_results
from casequality.audits.statistics import proportions_compare
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
                    c = proportions_compare(before.k, before.n, theme.share.k, theme.share.n,
                                            alpha=framework.report.compare_alpha)
                    cell.change, cell.larger_than_chance = 100 * c.change, c.larger_than_chance
                row.cells.append(cell)
        trends.append(Trend(framework_id, framework.title, group, rows))
    return trends


# --- the YJB's KPIs ------------------------------------------------------------------------
def kpi_board_meetings(services) -> list[dict]:
    """The management board meetings recorded on the services (v2's `board_meetings`)."""
    from casequality.cases.selectors import board_meetings

    meetings: list[dict] = []
    for service in services:
        meetings.extend(board_meetings(service))
    return meetings


def kpis_for_cases(cases, *, services, start, end, as_of=None) -> list:
    """The KPIs of `cases` (a Case queryset) for the period, with the services' board
    meetings: each case read as its interchange dict (cases.selectors.case_documents,
    streamed in batches). The caller records the read in the access log."""
    from casequality.cases.selectors import case_documents
    from casequality.reports.kpis import compute_kpis

    documents = (document for _case, document in case_documents(cases.order_by("pk")))
    return compute_kpis(documents, start=start, end=end, board_meetings=kpi_board_meetings(services), as_of=as_of)
