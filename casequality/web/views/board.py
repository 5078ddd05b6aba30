"""The management board's pages: trends by quarter, and the improvement plan it owns.

Counts and shares only: no child, case or case reference is shown (a board member never
sees a child's identity), so nothing of a child's record is read or access-logged. Staff
appear only as the owners and authors of the plan's actions.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib import messages
from django.db import transaction
from django.db.models import Count, Min, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from casequality.accounts.permissions import page_permission
from casequality.accounts.selectors import user_service_ids
from casequality.cases.models import Service, Staff
from casequality.reports.charts import Series, Stack, lines_svg, stacked_columns_svg
from casequality.reports.kept import kept_together
from casequality.reports.models import ActionStatus, PlanAction
from casequality.reports.selectors import (
    kpi_trends_for_services,
    plan_actions_for_user,
    plan_figures,
    plan_status_counts,
    published_audit_ids,
    published_audits,
)
from casequality.reports.services import (
    ActionInput,
    PlanError,
    StalePlanAction,
    html_to_pdf,
    plan_action_create,
    plan_action_edit,
    plan_comment_add,
    plan_update_add,
)
from casequality.reports.trends import (
    Quarter,
    audit_trends,
    complete_quarters,
    kpi_trend_rows,
    kpi_trends_from_rows,
    measure_trends_by_theme,
    rule_quarter_rows,
)
from casequality.standards.models import Finding
from casequality.web import versions
from casequality.web.jinja_env import rows_html
from casequality.web.plan_forms import ActionForm, CommentForm, UpdateForm
from casequality.web.rulebook import rulebook_rules
from casequality.web.templatetags.web_tags import kpi_value, percent, points
from casequality.web.views.measures import LEGEND

QUARTERS = 5  # complete quarters on the board's page
# web_tags' filters, for the board's Jinja2 parts.
_FILTERS = {"percent": percent, "points": points, "kpi_value": kpi_value}


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _kpi_trends(services, quarters, today):
    """The YJB's KPIs in each quarter, counted from the services' case records."""
    return kpi_trends_for_services(services, quarters=quarters, as_of=today)


def _open_findings_count(services) -> list[dict]:
    return list(
        Finding.objects.filter(service_id__in=services, resolved_on__isnull=True, kind="finding")
        .values("rule")
        .annotate(open=Count("id"), cases=Count("case", distinct=True))
        .order_by("rule")
    )


# What the board's page shows of each trend and rule: attributes, not keys, since Jinja2
# reads an attribute first and a dict's key only after the attribute is not found.


@dataclass(frozen=True, slots=True)
class Shown:
    """A trend (a theme's, a framework's or a KPI's) with its chart (SVG, escaped where it
    was made; None for none) and the anchor of its heading."""

    trend: Any
    chart: SafeString | None
    slug: str = ""


@dataclass(frozen=True, slots=True)
class RuleRow:
    """A rule's open findings and the cases they are on, with its title and theme."""

    rule: str
    title: str
    theme: str
    open: int
    cases: int


def _open_findings(rows: list[dict]) -> tuple[list[RuleRow], list[tuple[str, int]]]:
    meta = {r.get("id"): r for r in rulebook_rules()}
    by_rule = []
    by_theme: dict[str, int] = {}
    for row in rows:
        info = meta.get(row["rule"], {})
        theme = info.get("family") or "Other"
        by_rule.append(RuleRow(row["rule"], info.get("title", ""), theme, row["open"], row["cases"]))
        by_theme[theme] = by_theme.get(theme, 0) + row["open"]
    return by_rule, sorted(by_theme.items())


def _plan_summary(user, today):
    counts, overdue = plan_status_counts(user, as_of=today)
    return {
        "total": sum(counts.values()),
        "overdue": overdue,
        "by_status": [(label, counts[value], value) for value, label in ActionStatus.choices if counts.get(value)],
    }


@page_permission("reports.view_board")
def board(request: HttpRequest) -> HttpResponse:
    """The board's trends: standards met by theme, audits and KPIs by quarter, each with its change."""
    today = timezone.localdate()
    services = user_service_ids(request.user)
    quarters = complete_quarters(today, QUARTERS)
    labels = [q.label for q in quarters]
    themes = []
    # The board's counts of findings and its KPIs' figures are kept until the service's
    # record changes (decision 0046), read together under one basis.
    rules_name = f"measures by rule and quarter, {QUARTERS} quarters"
    kpis_name = f"KPIs by quarter, {QUARTERS} quarters"
    figures = kept_together(
        services,
        as_of=today,
        counts={
            rules_name: lambda: rule_quarter_rows(
                Finding.objects.filter(service_id__in=services), quarters=quarters, as_of=today
            ),
            "open findings by rule": lambda: _open_findings_count(services),
            "first check": lambda: _iso(
                Finding.objects.filter(service_id__in=services).aggregate(first=Min("opened_on"))["first"]
            ),
            # The KPIs' figures alone (no case), from their own kept readings when counted.
            kpis_name: lambda: kpi_trend_rows(_kpi_trends(services, quarters, today)),
        },
    )
    rule_rows = figures[rules_name]
    for trend in measure_trends_by_theme(quarters=quarters, as_of=today, rows=rule_rows):
        stacks = [Stack(q.quarter.label, (q.met, q.met_late, q.not_met, q.open)) for q in trend.quarters]
        title = (
            f"{trend.name}: subjects due each quarter from {labels[0]} to {labels[-1]}, met in time, "
            "met late, not met and open"
        )
        themes.append(
            Shown(
                trend,
                mark_safe(  # noqa: S308 - escaped
                    stacked_columns_svg(stacks, title=title, legend=LEGEND, width=460, height=210)
                ),
                f"theme-{len(themes) + 1}",
            )
        )
    audit_quarters = quarters + [Quarter.of(today)]
    audits = []
    # The audits' queryset only when some audit is published (most boards have none).
    published = published_audits(services).filter(pk__in=ids) if (ids := published_audit_ids(services)) else []
    for trend in audit_trends(published, quarters=audit_quarters):
        series = [Series(r.title, tuple(c.share for c in r.cells)) for r in trend.themes]
        title = f"{trend.framework_title}: share of yes answers by theme in each quarter's published audits"
        audits.append(
            Shown(
                trend,
                mark_safe(  # noqa: S308 - escaped
                    lines_svg(series, columns=[q.label for q in audit_quarters], title=title, width=700)
                ),
                f"audit-{len(audits) + 1}",
            )
        )
    kpis = []
    for trend in kpi_trends_from_rows(figures[kpis_name], quarters=quarters).values():
        chart = None
        if trend.is_share and any(c.rate is not None for c in trend.cells):
            chart = mark_safe(
                lines_svg(  # noqa: S308 - escaped
                    [Series(trend.name, tuple(c.rate for c in trend.cells))],
                    columns=labels,
                    legend=False,
                    title=f"{trend.label}: the rate in each quarter",
                    width=300,
                    height=150,
                )
            )
        kpis.append(Shown(trend, chart))
    by_rule, by_theme = _open_findings(figures["open findings by rule"])
    # Work done in time before Casequality first checked a case left no record (decision
    # 0012): quarters that ended before the first check undercount "met in time", and the
    # board is told so beside the figures, not only under "How these are counted".
    first = figures["first check"]
    first_check = date.fromisoformat(first) if first else None
    context = {
        "first_check": first_check,
        "before_first_check": bool(first_check and first_check > quarters[-1].end),
        "today": today,
        "quarters": quarters,
        "labels": labels,
        "latest": quarters[-1],
        "previous": quarters[-2],
        "themes": themes,
        "audits": audits,
        "audit_quarters": audit_quarters,
        "kpis": kpis,
        "by_rule": by_rule,
        "by_theme": by_theme,
        "total_open": sum(r.open for r in by_rule),
        "plan": _plan_summary(request.user, today) if request.user.has_perm("reports.view_plan") else None,
    }
    # The page's content by Jinja2 (decision 0033): Django's template language cost two
    # thirds of the board's time once its figures were kept (decision 0046). The figures
    # stay in the Django template's context too, for tests to read.
    content = rows_html("web/board/page.html", **context, **_FILTERS)
    return render(request, "web/board/board.html", {**context, "content": content})


# --- The improvement plan ------------------------------------------------------------


def _plan_context(user, today, actions):
    services = user_service_ids(user)
    quarters = complete_quarters(today, 2)
    kpis = _kpi_trends(services, quarters, today) if any(a.kpi for a in actions) else {}
    figures = plan_figures(actions, service_ids=services, as_of=today, kpi_trends=kpis)
    return [
        {"action": a, "figures": figures.get(a.pk, []), "overdue": not a.is_closed and a.due < today} for a in actions
    ]


@page_permission("reports.view_plan")
def plan(request: HttpRequest) -> HttpResponse:
    """The plan: each action, its owner, due date and status, beside the figure it should move."""
    today = timezone.localdate()
    actions = list(plan_actions_for_user(request.user))
    rows = _plan_context(request.user, today, actions)
    return render(
        request,
        "web/board/plan.html",
        {
            "rows": [r for r in rows if not r["action"].is_closed],
            "closed": [r for r in rows if r["action"].is_closed],
            "today": today,
            "summary": _plan_summary(request.user, today),
            "may_edit": request.user.has_perm("reports.edit_plan"),
        },
    )


def _action_for(user, pk: int) -> PlanAction:
    action = plan_actions_for_user(user).filter(pk=pk).first()
    if action is None:
        raise Http404("No such action")
    return action


@page_permission("reports.view_plan")
def plan_action(request: HttpRequest, pk: int) -> HttpResponse:
    """An action with its figures, updates and the board's comments."""
    today = timezone.localdate()
    action = _action_for(request.user, pk)
    row = _plan_context(request.user, today, [action])[0]
    return render(
        request,
        "web/board/plan_action.html",
        {
            **row,
            "updates": action.updates.all(),
            "comments": action.comments.all(),
            "may_edit": request.user.has_perm("reports.edit_plan"),
            "may_comment": request.user.has_perm("reports.comment_plan"),
            "update_form": UpdateForm(initial={"on": today.isoformat()}),
            "comment_form": CommentForm(),
        },
    )


def _staff_for(user, action: PlanAction | None = None):
    """The staff who may own an action: the active staff of the user's services, and the
    action's owner even if they have since left (so the form still shows them)."""
    staff = Q(active=True) | Q(pk=action.owner_staff_id) if action and action.owner_staff_id else Q(active=True)
    return Staff.objects.filter(staff, service_id__in=user_service_ids(user)).order_by("name")


@page_permission("reports.edit_plan")
def plan_action_new(request: HttpRequest) -> HttpResponse:
    service = Service.objects.filter(pk=request.user.service_id).first()
    form = ActionForm(
        request.POST if request.method == "POST" else None,
        staff=_staff_for(request.user),
        initial={"status": ActionStatus.NOT_STARTED, "version": _actions_version(service)},
    )
    if request.method == "POST" and form.is_valid():
        if service is None:
            form.add_error(None, "You belong to no service, so you cannot add an action to a plan")
        else:
            with transaction.atomic():
                versions.lock(Service, service.pk)  # one new action of a service's plan at a time
                problem = versions.refusal(request, _actions_version(service), "the plan")
                if problem:
                    form.add_error(None, problem)
                else:
                    try:
                        action = plan_action_create(
                            service=service, data=ActionInput(**form.action_fields()), actor=request.user
                        )
                    except PlanError as error:
                        form.add_error(None, str(error))
                    else:
                        messages.success(request, "The action has been added to the plan")
                        return redirect("web:plan_action", pk=action.pk)
    if form.is_bound:
        form.data = form.data.copy()
        form.data["version"] = _actions_version(service)  # what they now see, so that they can send it
    return render(request, "web/board/plan_action_form.html", {"form": form, "action": None})


def _actions_version(service) -> str:
    """What the new-action form is based on: the number of actions in the service's plan."""
    return str(PlanAction.objects.filter(service=service).count()) if service is not None else "0"


@page_permission("reports.edit_plan")
def plan_action_change(request: HttpRequest, pk: int) -> HttpResponse:
    action = _action_for(request.user, pk)
    initial = {
        "title": action.title,
        "detail": action.detail,
        "owner_staff": str(action.owner_staff_id or ""),
        "owner_role": action.owner_role,
        "due": action.due.isoformat(),
        "status": action.status,
        "rule": action.rule,
        "audit_question": f"{action.audit_framework}:{action.audit_question}" if action.audit_framework else "",
        "kpi": action.kpi,
        "version": action.version,
    }
    form = ActionForm(
        request.POST if request.method == "POST" else None, staff=_staff_for(request.user, action), initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            plan_action_edit(
                action=action,
                data=ActionInput(**form.action_fields()),
                actor=request.user,
                seen_version=form.cleaned_data["version"] if form.cleaned_data["version"] is not None else -1,
            )
        except StalePlanAction as error:
            form.add_error(None, str(error))
            form.data = form.data.copy()  # their text stays; the version becomes what they were just told of
            form.data["version"] = str(error.current_version)
        except PlanError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "The action has been saved")
            return redirect("web:plan_action", pk=action.pk)
    return render(request, "web/board/plan_action_form.html", {"form": form, "action": action})


@page_permission("reports.edit_plan")
def plan_update_new(request: HttpRequest, pk: int) -> HttpResponse:
    action = _action_for(request.user, pk)
    form = UpdateForm(
        request.POST if request.method == "POST" else None, initial={"on": timezone.localdate().isoformat()}
    )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            versions.lock(PlanAction, action.pk)  # one update of an action at a time
            action.refresh_from_db()
            problem = versions.refusal(request, _updates_version(action), "the action")
            if problem:
                form.add_error(None, problem)
            else:
                try:
                    plan_update_add(
                        action=action,
                        on=form.cleaned_data["on"],
                        text=form.cleaned_data["text"],
                        status=form.cleaned_data["status"],
                        actor=request.user,
                    )
                except PlanError as error:
                    form.add_error(None, str(error))
                else:
                    messages.success(request, "The update has been added")
                    return redirect("web:plan_action", pk=action.pk)
    return render(
        request,
        "web/board/plan_note_form.html",
        {
            "form": form,
            "action": action,
            "heading": "Add an update",
            "button": "Add the update",
            "post_to": "web:plan_update_new",
            "version": _updates_version(action),
        },
    )


def _updates_version(action) -> str:
    """What an update is based on: the action's version and its updates."""
    return versions.counted(action.updates.all(), "action", action.version, "updates")


def _comments_version(action) -> str:
    """What a comment is based on: the action's comments."""
    return versions.counted(action.comments.all(), "comments")


@page_permission("reports.comment_plan")
def plan_comment_new(request: HttpRequest, pk: int) -> HttpResponse:
    action = _action_for(request.user, pk)
    form = CommentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            versions.lock(PlanAction, action.pk)  # one comment on an action at a time
            problem = versions.refusal(request, _comments_version(action), "the comments on the action")
            if problem:
                form.add_error(None, problem)
            else:
                try:
                    plan_comment_add(action=action, text=form.cleaned_data["text"], actor=request.user)
                except PlanError as error:
                    form.add_error(None, str(error))
                else:
                    messages.success(request, "Your comment has been added")
                    return redirect("web:plan_action", pk=action.pk)
    return render(
        request,
        "web/board/plan_note_form.html",
        {
            "form": form,
            "action": action,
            "heading": "Comment on this action",
            "button": "Add the comment",
            "post_to": "web:plan_comment_new",
            "version": _comments_version(action),
        },
    )


@page_permission("reports.view_plan")
def plan_pdf(request: HttpRequest) -> HttpResponse:
    """The plan as a PDF for the board pack (WeasyPrint, as the audit reports)."""
    from django.template.loader import render_to_string

    today = timezone.localdate()
    actions = list(plan_actions_for_user(request.user).prefetch_related("updates", "comments"))
    rows = _plan_context(request.user, today, actions)
    services = Service.objects.filter(pk__in=user_service_ids(request.user)).order_by("name")
    html = render_to_string(
        "reports/plan_document.html",
        {
            "rows": rows,
            "today": today,
            "services": services,
            "summary": _plan_summary(request.user, today),
            "report_css": render_to_string("reports/report.css"),
        },
    )
    response = HttpResponse(html_to_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="improvement-plan-{today.isoformat()}.pdf"'
    return response
