"""The caseload, one case's page, and a case manager's answer to a finding."""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterator
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from casequality.accounts.models import AccessVerb, Role
from casequality.accounts.permissions import page_permission
from casequality.accounts.roles import ROLES, Scope
from casequality.accounts.selectors import (
    case_get_for_user,
    staff_for_user,
    user_caseload_staff_id,
    user_service_ids,
    user_team_id,
)
from casequality.accounts.services import access_log_page, access_log_record
from casequality.cases.csvfile import csv_chunks
from casequality.cases.models import Case, Team
from casequality.cases.selectors import subject_state
from casequality.data import page_cache, reads
from casequality.data.caseload import kept_rows, service_case_managers, service_teams_first, team_case_managers
from casequality.errors import CasequalityError
from casequality.oversight.services import OversightError, finding_note_add, finding_note_version
from casequality.standards.models import Finding
from casequality.standards.selectors import PRIORITY_ORDER
from casequality.web.caseload_order import (
    Own,
    Walk,
    caseload_sort,
    filtered_cases,
    headers,
    query_pairs,
    sorted_cases,
    urgency_walk,
)
from casequality.web.forms import CaseloadFilterForm, FindingNoteForm, OversightRequestForm
from casequality.web.jinja_env import rows_html
from casequality.web.rulebook import rule_metadata, rulebook_rules, service_standards
from casequality.web.selectors import (
    CaseloadRow,
    assessment_sections,
    case_countersignatures,
    case_current_plans,
    case_diversion,
    case_findings,
    case_for_page,
    case_summary,
    case_timeline,
    caseload_rows,
    timeline_kinds,
    timeline_of_kind,
)
from casequality.web.selectors import (
    caseload as caseload_query,
)

PAGE_SIZE = 25


# A filter's choices: None (no such filter), or what gives the queryset of its choices,
# built only when read (a page whose first choices come by a plain statement builds none).
Source = Callable[[], QuerySet] | None


def _filter_sources(user) -> tuple[list[str], Source, Source]:
    """The rules, case managers and teams the user may filter by."""
    rules = [r["id"] for r in rulebook_rules() if r.get("id")]
    if not rules:
        rules = sorted(
            Finding.objects.filter(service_id__in=user_service_ids(user)).values_list("rule", flat=True).distinct()
        )
    case_managers: Source = None
    if user.role in (Role.TEAM_MANAGER, Role.QA_LEAD):

        def case_managers() -> QuerySet:
            return staff_for_user(user).order_by("name")

    teams: Source = None
    if user.role == Role.QA_LEAD:

        def teams() -> QuerySet:
            return Team.objects.filter(service_id__in=user_service_ids(user)).order_by("name")

    return rules, case_managers, teams


def _int_or_none(value: str) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def _ids(form, name: str, value: str, source: Source, *text_fields) -> list[int] | None:
    """The ids a filter value selects: the chosen id, or those whose name/reference is the text typed."""
    if not value:
        return None
    if form.is_text(name) and source is not None:
        match = Q()
        for field in text_fields:
            match |= Q(**{f"{field}__iexact": value.strip()})
        return list(source().filter(match).values_list("id", flat=True)[:100])
    number = _int_or_none(value)
    return [number] if number is not None else None


@page_permission("cases.view_caseload")
def caseload(request: HttpRequest) -> HttpResponse:
    """The user's cases, with open findings by severity and the next due task (kept: page_cache)."""
    return page_cache.serve(request, "caseload", lambda: _caseload(request))


def _few(request: HttpRequest, name: str, source: Source) -> list[tuple[int, str]] | None:
    """The first of a filter's choices, (id, name), as many as the form needs to tell a
    select from a text box: kept with the user's record versions for every address."""
    if source is None:
        return None
    limit = CaseloadFilterForm.SELECT_AT_MOST + 1
    user = request.user
    # A team manager's case managers (staff_for_user's for their team), a QA lead's (their
    # services') and a QA lead's teams, each by one plain statement beside its twin.
    team_id = user_team_id(user) if name == "case managers" else None

    def first() -> list[tuple[int, str]]:
        if team_id:
            return team_case_managers(team_id, limit=limit)
        if user.role == Role.QA_LEAD and name == "case managers":
            return service_case_managers(user_service_ids(user), limit=limit)
        if user.role == Role.QA_LEAD and name == "teams":
            return service_teams_first(user_service_ids(user), limit=limit)
        return list(source().values_list("pk", "name")[:limit])

    return page_cache.remember(request, f"caseload filter {name}", first, ignore=tuple(request.GET))


def _caseload_view(
    request: HttpRequest, few
) -> tuple[CaseloadFilterForm, dict, Callable[[], QuerySet[Case]], str, str]:
    """The caseload as the query asks: (form, its filters, what gives the cases filtered and
    sorted, sort, order). `few(name, source)` gives a filter's first choices (the page keeps
    them). The cases' queryset is built only when asked for: a whole caseload in urgency
    order is read by plain statements (web.caseload_order.Walk, Own), which never use it."""
    rules, case_managers, teams = _filter_sources(request.user)
    form = CaseloadFilterForm(
        request.GET or None,
        rules=rules,
        case_managers=few("case managers", case_managers),
        teams=few("teams", teams),
    )
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    sort, order = caseload_sort(request.GET)

    def cases() -> QuerySet[Case]:
        chosen = caseload_query(
            request.user,
            rule=filters.get("rule", ""),
            severity=filters.get("severity", ""),
            case_manager_ids=_ids(form, "case_manager", filters.get("case_manager", ""), case_managers, "name", "ref"),
            team_ids=_ids(form, "team", filters.get("team", ""), teams, "name"),
        )
        # Filtered by risk, overdue and returned work, and sorted by any column (decision 0048).
        show = set(filters.get("show") or ())
        chosen = filtered_cases(
            chosen,
            today=timezone.localdate(),
            at_risk="at_risk" in show,
            overdue="overdue" in show,
            returned="returned" in show,
        )
        return sorted_cases(chosen, sort, order)

    return form, filters, cases, sort, order


def _caseload(request: HttpRequest) -> tuple[HttpResponse, page_cache.Reading]:
    form, filters, cases, sort, order = _caseload_view(request, lambda name, source: _few(request, name, source))
    query = {k: v for k, v in filters.items() if v}
    rights = ROLES.get(request.user.role)
    scope = rights.scope if rights is not None and not query and not sort else None

    def ordered() -> Walk | Own | QuerySet:
        # A whole service's caseload in urgency order: a walk of the kept urgency's index
        # (decision 0060) where every case has its row, else the cases joined to it and sorted.
        # A whole team's or case manager's: the same join, counted and paged by plain statements.
        if scope is Scope.SERVICES:
            return urgency_walk(user_service_ids(request.user)) or cases().values_list("id", flat=True)
        owner = _owner(request.user, scope)
        return Own(*owner) if owner else cases().values_list("id", flat=True)

    if page_cache.keeps(request):
        # Every case of the caseload in its order, kept with the user's record versions for
        # every page: counting and skipping to page N of a QA lead's 100,000 cases were
        # most of a page's cost. Without the cache, a count and one page's ids.
        # As an array of 64-bit ints: a cache gives back a copy of what it keeps, and
        # unpickling a list of 100,000 ints cost 2 ms a page; an array's bytes are copied.
        ids: Walk | Own | QuerySet | array = page_cache.remember(
            request, "caseload ids", lambda: array("q", ordered()), ignore=("page",)
        )
    else:
        ids = ordered()
    paginator = Paginator(ids, PAGE_SIZE)
    # The elided range's gap as the active language's text: the pages' links compare every
    # number with it, and each comparison with the lazy text translated it again.
    paginator.ELLIPSIS = str(Paginator.ELLIPSIS)
    page_obj = paginator.get_page(request.GET.get("page"))
    page_obj.object_list = _rows(list(page_obj.object_list), kept=isinstance(ids, (Walk, Own)))
    params = query_pairs(query)
    sorting = [("sort", sort), ("order", order)] if sort else []
    reading = page_cache.Reading.of_page(
        f"caseload page {page_obj.number}", page_obj.object_list, payload={"filters": query} if query else None
    )
    show_case_manager = request.user.role != Role.CASE_MANAGER
    # The page's filters, table and pages by Jinja2 (web/jinja2/web/cases/caseload.html,
    # decision 0033): in Django's template language, the filters' includes, the pages'
    # links and the rows cost per node and per lookup, a third of the page's time.
    page = rows_html(
        "web/cases/caseload.html",
        form=form,
        filters_active=bool(query),
        page_obj=page_obj,
        page_range=paginator.get_elided_page_range(page_obj.number, on_each_side=2, on_ends=1),
        query_string=urlencode(params + sorting) + "&" if params or sorting else "",
        headers=headers(params, sort, order, show_case_manager=show_case_manager),
        sort=sort,
        order=order,
        download_query=urlencode(params + sorting),
        case_manager_view=not show_case_manager,
        show_case_manager=show_case_manager,
        cases=page_obj.object_list,
    )
    return render(request, "web/cases/caseload.html", {**page_cache.page_context(), "page": page}), reading


def _rows(case_ids: list[int], *, kept: bool) -> list[CaseloadRow]:
    """A caseload page's rows in the order of `case_ids`: for a whole caseload in urgency
    order (`kept`), with the kept urgency its order was read from (data.caseload.kept_rows);
    else from the cases' findings (web.selectors.caseload_rows)."""
    if not kept:
        return caseload_rows(case_ids)
    by_id = {row["id"]: CaseloadRow(**row) for row in kept_rows(case_ids)}
    return [by_id[pk] for pk in case_ids if pk in by_id]


def _owner(user, scope: Scope | None) -> tuple[str, int] | None:
    """(column, value) of the cases a team manager's or a case manager's whole caseload
    holds, as accounts.selectors.cases_for_user gives them; None for any other."""
    if scope is Scope.TEAM:
        team_id = user_team_id(user)
        return ("team_id", team_id) if team_id else None
    if scope is Scope.CASELOAD:
        staff_id = user_caseload_staff_id(user)
        return ("case_manager_id", staff_id) if staff_id else None
    return None


def _first_choices(name: str, source: Source) -> list[tuple[int, str]] | None:
    """A filter's first choices as _few gives them, read afresh (a download is not kept)."""
    if source is None:
        return None
    return list(source().values_list("pk", "name")[: CaseloadFilterForm.SELECT_AT_MOST + 1])


CSV_BATCH = 500
CSV_COLUMNS = (
    "Case",
    "Child",
    "Case manager",
    "Team",
    "Open Must findings",
    "Open Should findings",
    "Open tasks",
    "Next action due",
    "Closed on",
)


@page_permission("cases.view_caseload")
def caseload_csv(request: HttpRequest) -> StreamingHttpResponse:
    """The caseload as a CSV file: every case the filters keep (not one page), in the sort
    shown, written by the one CSV writer (cases/csvfile.py) and streamed 500 cases at a time
    (memory stays flat whatever the service's size); access-logged as an export, naming
    every case, before the first row leaves."""
    form, filters, cases, sort, order = _caseload_view(request, _first_choices)
    ids_refs = list(cases().values_list("id", "ref"))
    query = {k: v for k, v in filters.items() if v}
    access_log_page(
        actor=request.user,
        target="caseload download",
        cases=[ref for _, ref in ids_refs],
        payload={"filters": query, "sort": sort, "order": order, "rows": len(ids_refs)},
        verb=AccessVerb.EXPORT,
    )
    ids = [pk for pk, _ in ids_refs]
    response = StreamingHttpResponse(
        csv_chunks(CSV_COLUMNS, _caseload_csv_rows(ids), lines=CSV_BATCH), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="caseload-{timezone.localdate().isoformat()}.csv"'
    return response


def _caseload_csv_rows(ids: list[int]) -> Iterator[list]:
    """The download's rows, read CSV_BATCH cases at a time, in the order of `ids`."""
    for start in range(0, len(ids), CSV_BATCH):
        for row in caseload_rows(ids[start : start + CSV_BATCH]):
            yield [
                row.ref,
                row.child_name,
                row.case_manager_name or "",
                row.team_name or "",
                row.open_must,
                row.open_should,
                row.open_tasks,
                row.next_due.isoformat() if row.next_due else "",
                row.closed_on.isoformat() if row.closed_on else "",
            ]


TIMELINE_PAGE_SIZE = 20
# AssetPlus's stages and judgements as its guidance names them (docs/case-format.md, "AssetPlus").
ASSETPLUS_STAGES = [
    ("information_gathering", "Information gathering"),
    ("explanations_conclusions", "Explanations and conclusions"),
    ("pathways_planning", "Pathways and planning"),
    ("self_assessment", "Self-assessment"),
]
ASSETPLUS_RATIONALE = [
    ("likelihood_of_reoffending", "likelihood of reoffending"),
    ("safety_wellbeing", "safety and wellbeing"),
    ("rosh", "risk of serious harm"),
]


@page_permission("cases.view_caseload")
def case_detail(request: HttpRequest, ref: str) -> HttpResponse:
    """One case as a practitioner reads it: a summary and the actions open today, then the
    current assessment, the plans in use, the timeline (by kind, paged) and the history.
    Logged; kept (page_cache)."""
    return page_cache.serve(request, "case", lambda: _case_detail(request, ref))


def _case_detail(request: HttpRequest, ref: str) -> tuple[HttpResponse, page_cache.Reading]:
    case = case_for_page(request.user, ref)
    today = timezone.localdate()
    # The case's sub-records, acts and findings sent together: one round trip on PostgreSQL,
    # each statement planned once a connection (decision 0068).
    record = reads.case_panel(case.pk, keys=tuple(reads.PAGE_RECORDS))
    timeline = case_timeline(case, record)
    verdicts = case_findings(case, today=today, found=record["findings"])
    kind = request.GET.get("kind", "")
    entries = timeline_of_kind(timeline, kind)
    timeline_page = Paginator(entries, TIMELINE_PAGE_SIZE).get_page(request.GET.get("page"))
    summary = case_summary(timeline, today=today)
    may = {
        "may_answer": request.user.has_perm("cases.answer_finding", case),
        "may_countersign": request.user.has_perm("cases.countersign", case),
        "may_request_oversight": request.user.has_perm("cases.request_oversight", case),
    }
    sections = assessment_sections(summary.assessment)
    plans = case_current_plans(timeline)
    countersignatures = case_countersignatures(case, timeline)  # who countersigned what, and returns
    diversion = case_diversion(case)
    query_string = urlencode({"kind": kind}) + "&" if entries is not timeline else ""
    page_range = timeline_page.paginator.get_elided_page_range(timeline_page.number, on_each_side=2, on_ends=1)
    # The page's content by Jinja2 (web/jinja2/web/cases/case_page.html, decisions 0033, 0043
    # and 0062), its findings', timeline's, plans' and countersignatures' rows included: one
    # render. Django's template language cost per node and per lookup.
    page = rows_html(
        "web/cases/case_page.html",
        case=case,
        summary=summary,
        sections=sections,
        plans=plans,
        actions=verdicts.actions,
        # Each action's standard with the service's values (one small read, none without an action).
        standards=service_standards(case.service_id) if verdicts.actions else {},
        history=verdicts.history,
        resolved_findings=verdicts.resolved,
        history_count=len(verdicts.history) + len(verdicts.resolved),
        priority_order=PRIORITY_ORDER,
        timeline_kinds=timeline_kinds(timeline),
        timeline_kind=kind if entries is not timeline else "",
        page_obj=timeline_page,
        page_range=page_range,
        query_string=query_string,
        **may,
        may_self_audit=request.user.has_perm("cases.self_audit", case),
        diversion=diversion,
        assetplus_stages=ASSETPLUS_STAGES,
        assetplus_rationale=ASSETPLUS_RATIONALE,
        today=today,
        countersignatures=countersignatures,
    )
    return render(
        request, "web/cases/case_detail.html", {**page_cache.page_context(), "case": case, "page": page}
    ), page_cache.Reading.of_case(case, "case page")


@page_permission("cases.view_caseload")
def finding_answer(request: HttpRequest, ref: str, pk: int) -> HttpResponse:
    """A case manager answers a finding on their own case: a note, and perhaps a review request."""
    case = case_get_for_user(request.user, ref)
    finding = get_object_or_404(Finding, pk=pk, case=case)
    if not request.user.has_perm("cases.answer_finding", case):
        raise PermissionDenied("cases.answer_finding")
    finding.rule_info = rule_metadata(finding.rule)
    form = FindingNoteForm(
        request.POST if request.method == "POST" else None, initial={"version": finding_note_version(finding)}
    )
    if request.method == "POST":
        if form.is_valid():
            try:
                finding_note_add(
                    actor=request.user,
                    finding=finding,
                    text=form.cleaned_data["text"],
                    mark_for_review=form.cleaned_data["mark_for_review"],
                    seen_version=form.cleaned_data["version"],
                )
            except OversightError as error:
                form.add_error("text", str(error))
            else:
                messages.success(
                    request,
                    "Your note has been added"
                    + (" and your manager asked to review the finding" if form.cleaned_data["mark_for_review"] else ""),
                )
                return redirect(reverse("web:case_detail", args=[case.ref]) + f"#finding-{finding.pk}")
        form.data = form.data.copy()
        form.data["version"] = finding_note_version(finding)  # what they now see, so that they can send it
    access_log_record(actor=request.user, verb=AccessVerb.VIEW, case=case, target=f"finding {finding.rule}")
    return render(
        request,
        "web/cases/finding_answer.html",
        {
            "case": case,
            "finding": finding,
            # The finding's card by Jinja2, as the countersigning page draws it (its one home).
            "card": rows_html(
                "web/cases/finding_cards.html",
                findings=[finding],
                case=case,
                standards=service_standards(case.service_id),
                heading_level=2,
            ),
            "form": form,
        },
    )


@page_permission("cases.view_caseload")
def request_oversight(request: HttpRequest, ref: str, kind: str, item_ref: str) -> HttpResponse:
    """A case manager asks for their manager's countersignature of an assessment or plan (POST)."""
    from casequality.cases.models import Assessment, Plan
    from casequality.oversight.services import oversight_request

    case = case_get_for_user(request.user, ref)
    model = {"assessment": Assessment, "plan": Plan}.get(kind)
    item = model.objects.filter(case=case, ref=item_ref).first() if model else None
    if item is None:
        raise Http404("No such record")
    if not request.user.has_perm("cases.request_oversight", case):
        raise PermissionDenied("cases.request_oversight")
    version = subject_state(case=case, subject_type=kind, ref=item.ref).version
    form = OversightRequestForm(request.POST if request.method == "POST" else None, initial={"version": version})
    if request.method == "POST":
        if form.is_valid():
            try:
                oversight_request(actor=request.user, item=item, seen_version=form.cleaned_data["version"])
            except CasequalityError as error:  # asked already, or changed since it was read: nothing saved
                form.add_error(None, f"Nothing was saved. {error}")
            else:
                messages.success(request, f"Your manager has been asked to countersign {kind} {item.ref}")
                return redirect("web:case_detail", ref=case.ref)
        form.data = form.data.copy()
        form.data["version"] = subject_state(case=case, subject_type=kind, ref=item.ref).version  # what they now see
    access_log_record(actor=request.user, verb=AccessVerb.VIEW, case=case, target=f"{kind} {item.ref}")
    return render(request, "web/cases/request_oversight.html", {"case": case, "kind": kind, "item": item, "form": form})
