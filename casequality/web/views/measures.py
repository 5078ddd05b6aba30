"""Measures over time: each rule family's last 12 months, as charts with their tables.

Team managers see their team, QA leads and the board their service(s). The page shows
counts only (no child, no member of staff, no team is named), so the board sees the same
page as the managers; nothing of a child's record is read, so nothing is access-logged.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.safestring import mark_safe

from casequality.accounts.models import Role
from casequality.accounts.permissions import page_permission
from casequality.accounts.selectors import user_service_ids
from casequality.cases.models import Team
from casequality.reports.charts import Stack, stacked_columns_svg
from casequality.reports.kept import kept
from casequality.standards.measures import measures_by_family, rule_month_rows
from casequality.standards.models import Finding
from casequality.web.jinja_env import rows_html

MONTHS = 12

# GOV.UK colours: green, yellow, red, mid-grey (the figures are in the table too).
LEGEND = [("Met in time", "#00703c"), ("Met late", "#ffdd00"), ("Not met", "#d4351c"), ("Open", "#b1b4b6")]


def _findings_in_scope(user):
    """A team manager's team, or the QA lead's or board member's service(s)."""
    if user.role == Role.TEAM_MANAGER:
        return Finding.objects.filter(case__team_id=user.team_id) if user.team_id else Finding.objects.none()
    return Finding.objects.filter(service_id__in=user_service_ids(user))


def _kept_scope(user) -> tuple[list[int], str]:
    """The services whose record versions the user's counts rest on, and what names the
    scope within them: a team manager's team's service and ", team <id>" (no team: no
    service, so nothing kept: kept counts the empty scope each time); else the user's
    service(s) and ""."""
    if user.role == Role.TEAM_MANAGER:
        team = user.team_id
        service = Team.objects.filter(pk=team).values_list("service_id", flat=True).first() if team else None
        return ([service] if service is not None else []), f", team {team}"
    return sorted(user_service_ids(user)), ""


@page_permission("standards.view_measures")
def measures(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    families = []
    findings = _findings_in_scope(request.user)
    # The counts, kept until the record of the service(s) they are counted from changes
    # (decision 0046): a team's findings are part of its service's record, so its
    # service's version is their basis too (any change in the service counts them again).
    services, name = _kept_scope(request.user)
    rows = kept(
        services,
        as_of=today,
        name=f"measures by rule and month, {MONTHS} months{name}",
        count=lambda: rule_month_rows(findings, as_of=today, months=MONTHS),
    )
    for family in measures_by_family(findings, as_of=today, months=MONTHS, rows=rows):
        if not any(m.due for m in family.months):
            continue
        stacks = [Stack(f"{m.month:%b}", (m.met, m.met_late, m.not_met, m.open)) for m in family.months]
        title = (
            f"{family.family}: subjects due each month from {family.months[0].month:%B %Y} to "
            f"{family.months[-1].month:%B %Y}, met in time, met late, not met and open"
        )
        families.append(
            {
                "family": family,
                "slug": f"family-{len(families) + 1}",
                "chart": mark_safe(stacked_columns_svg(stacks, title=title, legend=LEGEND)),  # noqa: S308 - escaped
                "total": sum(m.due for m in family.months),
            }
        )
    scope = "your team" if request.user.role == Role.TEAM_MANAGER else "your service"
    return render(
        request,
        "web/measures/measures.html",
        {"families_html": rows_html("web/measures/families.html", families=families), "scope": scope, "today": today},
    )
