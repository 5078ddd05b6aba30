"""The YJB's key performance indicators for a quarter, and the cases behind each figure.

Team managers see their team's figures, QA leads and the board their service's. The
figures page shows counts only, so the board sees it too (without links); the page of a
figure's cases is for managers only and is access-logged like every list of cases.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from casequality.accounts.permissions import page_permission
from casequality.accounts.roles import ROLES, Scope
from casequality.accounts.selectors import cases_for_user, user_service_ids, user_team_id
from casequality.accounts.services import access_log_page
from casequality.reports.kpi_readings import KpiScope, case_managers, kpi_readings, kpi_with_named
from casequality.reports.kpis import last_complete_quarter, quarter_from_key, recent_quarters
from casequality.web.jinja_env import rows_html


def _scope(user) -> tuple[KpiScope, str]:
    """(the cases whose figures the user sees, with their services, and the words for them).

    The board and QA leads see their services' cases, a team manager their team's: the
    readings are kept under that name (reports.kpi_readings). Anyone else (no such role
    holds the permission today) gets their own cases counted afresh."""
    rights = ROLES.get(user.role)
    scope = rights.scope if rights is not None else Scope.NONE
    # The board's scope is no child's record (Scope.NONE): it sees its services' figures only.
    if scope in (Scope.SERVICES, Scope.NONE):
        return KpiScope.of_services(user_service_ids(user)), "your service"
    if scope is Scope.TEAM:
        return KpiScope.of_team(user_team_id(user), user_service_ids(user)), "your team"
    return KpiScope(cases_for_user(user), tuple(sorted(user_service_ids(user)))), "your service"


def _kpis(scope: KpiScope, quarter, **kwargs) -> list:
    period = (quarter.start, quarter.end)
    return kpi_readings(scope, [period], as_of=timezone.localdate(), **kwargs)[period]


def _quarter(request: HttpRequest):
    """The quarter asked for (?quarter=2026-04), or the last complete one; and an error."""
    today = timezone.localdate()
    key = request.GET.get("quarter")
    if not key:
        return last_complete_quarter(today), None
    quarter = quarter_from_key(key)
    if quarter is None:
        return last_complete_quarter(today), "Choose a quarter from the list"
    return quarter, None


def _shown(kpi) -> str:
    if kpi.unit == "count":
        return "" if kpi.numerator is None else str(kpi.numerator)
    if kpi.rate is None:
        return ""
    if kpi.unit == "per_reoffender":
        return f"{kpi.rate:.2f}"
    return f"{kpi.rate * 100:.0f}%"


@page_permission("reports.view_kpis")
def kpi_figures(request: HttpRequest) -> HttpResponse:
    quarter, error = _quarter(request)
    counted, scope = _scope(request.user)
    kpis = _kpis(counted, quarter)
    today = timezone.localdate()
    rows = [{"kpi": k, "shown": _shown(k)} for k in kpis]
    drill_down = request.user.has_perm("reports.view_kpi_cases")
    # The page's content by Jinja2 (decision 0033): Django's template language cost most of
    # the page's time on its rows and definitions (decision 0046).
    content = rows_html(
        "web/kpis/figures.html",
        quarter=quarter,
        quarters=recent_quarters(today),
        error=error,
        scope=scope,
        drill_down=drill_down,
        rows=rows,
        missing=[k for k in kpis if k.data_quality],
    )
    return render(request, "web/kpis/figures.html", {"quarter": quarter, "content": content})


# The case page's section holding the records a KPI counts (web/jinja2/web/cases/case_diversion.html):
# a case behind the figure opens where the reason it was counted so is shown.
CASE_SECTIONS = {"kpi-6": "out-of-court", "kpi-10": "victims"}
CASES_PAGE = 100  # cases a page of the cases behind a figure


@page_permission("reports.view_kpi_cases")
def kpi_cases(request: HttpRequest, kpi_id: str) -> HttpResponse:
    quarter, error = _quarter(request)
    if error:
        raise Http404("No such quarter")
    counted, scope = _scope(request.user)
    found_kpi = kpi_with_named(counted, (quarter.start, quarter.end), as_of=timezone.localdate(), kpi=kpi_id)
    if found_kpi is None:
        raise Http404("No such KPI")
    kpi, named = found_kpi
    # Every case the figure and its sub-measures name, a page of them at a time (a
    # caseload's KPI names thousands at 10,000 cases: decision 0046), of those the user may
    # see (the figures were counted from those alone); the page's go in the access-log entry.
    # The named cases are kept in order of reference with what the page shows of each
    # (reports.kpi_readings.named_cases): a page reads its hundred, not the whole reading.
    paginator = Paginator(named, CASES_PAGE)
    page_obj = paginator.get_page(request.GET.get("page"))
    entries = page_obj.object_list
    found = dict(case_managers(counted, [entry[0] for entry in entries]))
    rows = [
        {"ref": ref, "case_manager": found[ref], "in_numerator": in_numerator}
        for ref, in_refs, in_numerator, _ in entries
        if ref in found and in_refs
    ]
    # Each sub-measure's cases of the page's, in the order of its own list (repeats kept).
    cells: list[list[tuple[int, str]]] = [[] for _ in kpi.sub_measures]
    for ref, _, _, places in entries:
        if ref in found:
            for index, place in places:
                cells[index].append((place, ref))
    subs = [
        {"sub": sub, "cases": [ref for _, ref in sorted(cell)]}
        for sub, cell in zip(kpi.sub_measures, cells, strict=True)
    ]
    access_log_page(
        actor=request.user,
        target=f"KPI {kpi.id} {quarter.key}",
        cases=list(found),
        payload={"kpi": kpi.id, "quarter": quarter.key},
    )
    # The page's content by Jinja2 (decision 0033), GOV.UK's pagination by its Jinja2 twin
    # (web/jinja2/web/macros/pagination.html): rendering the Django include apart was a
    # tenth of the page's time.
    content = rows_html(
        "web/kpis/cases.html",
        kpi=kpi,
        shown=_shown(kpi),
        quarter=quarter,
        scope=scope,
        rows=rows,
        case_section=CASE_SECTIONS.get(kpi.id, ""),
        total=named.total,
        subs=subs,
        page_obj=page_obj,
        page_range=paginator.get_elided_page_range(page_obj.number, on_each_side=2, on_ends=1),
        query_string=urlencode({"quarter": quarter.key}) + "&",
    )
    return render(request, "web/kpis/cases.html", {"kpi": kpi, "quarter": quarter, "content": content})
