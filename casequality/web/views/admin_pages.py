"""The access log (admin and QA lead) and the board's dashboard (aggregates only)."""
from __future__ import annotations

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from casequality.accounts.models import AccessLogEntry, Role
from casequality.accounts.permissions import page_permission
from casequality.accounts.selectors import user_service_ids
from casequality.standards.models import Finding
from casequality.web.forms import AccessLogFilterForm
from casequality.web.rulebook import rulebook_rules

PAGE_SIZE = 50


@page_permission("accounts.view_access_log")
def access_log(request: HttpRequest) -> HttpResponse:
    """Who read or changed which case, and when; newest first, filterable by case reference."""
    form = AccessLogFilterForm(request.GET or None)
    entries = AccessLogEntry.objects.all()
    services = user_service_ids(request.user)
    if services or request.user.role != Role.ADMIN:
        entries = entries.filter(service_id__in=services)
    case_ref = form.cleaned_data["case_ref"].strip() if form.is_bound and form.is_valid() else ""
    if case_ref:
        entries = entries.filter(case_ref=case_ref)
    paginator = Paginator(entries.order_by("-at", "-id"), PAGE_SIZE)
    page_obj = paginator.get_page(request.GET.get("page"))
    return render(request, "web/admin/access_log.html", {
        "form": form, "page_obj": page_obj, "case_ref": case_ref,
        "page_range": paginator.get_elided_page_range(page_obj.number, on_each_side=2, on_ends=1),
        "query_string": urlencode({"case_ref": case_ref}) + "&" if case_ref else "",
    })


@page_permission("reports.view_board")
def board(request: HttpRequest) -> HttpResponse:
    """Open findings per rule and per theme in the user's service(s): counts, never a child."""
    rows = (
        Finding.objects.filter(service_id__in=user_service_ids(request.user), resolved_on__isnull=True, kind="finding")
        .values("rule").annotate(open=Count("id"), cases=Count("case", distinct=True)).order_by("rule")
    )
    meta = {r.get("id"): r for r in rulebook_rules()}
    by_rule = []
    by_theme: dict[str, int] = {}
    for row in rows:
        info = meta.get(row["rule"], {})
        theme = info.get("family") or "Other"
        by_rule.append({**row, "title": info.get("title", ""), "theme": theme})
        by_theme[theme] = by_theme.get(theme, 0) + row["open"]
    return render(request, "web/admin/board.html", {
        "by_rule": by_rule, "by_theme": sorted(by_theme.items()),
        "total": sum(r["open"] for r in by_rule),
    })
