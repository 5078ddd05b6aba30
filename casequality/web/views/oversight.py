"""The team manager's oversight queue and the countersigning of one assessment or plan."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from casequality.accounts.models import AccessVerb, Role, User
from casequality.accounts.permissions import page_permission
from casequality.accounts.selectors import cases_for_user, staff_for_user, user_service_ids, user_team_id
from casequality.accounts.services import access_log_page, access_log_record
from casequality.cases.csvfile import csv_chunks
from casequality.cases.models import Assessment, Case, Plan, Staff
from casequality.cases.selectors import subject_state
from casequality.data import page_cache
from casequality.data.queues import item_row, overseen_staff, queue_rows, services_staff_and_teams
from casequality.data.reads import finding_notes, page_findings
from casequality.errors import CasequalityError
from casequality.oversight.selectors import (
    FOR_REVIEW,
    INSUFFICIENT,
    WAITING,
    oversight_queue_pages,
)
from casequality.oversight.services import OversightError, item_countersign
from casequality.oversight.today import returned_items
from casequality.standards.models import Finding
from casequality.standards.rulebook import rulebook
from casequality.standards.selectors import PRIORITY_ORDER
from casequality.web import queue_order
from casequality.web.caseload_order import caseload_sort, headers
from casequality.web.forms import CountersignForm
from casequality.web.jinja_env import capfirst, rows_html
from casequality.web.rulebook import rule_metadata, service_standards
from casequality.web.selectors import FindingRow, case_for_page, standing_countersignature
from casequality.web.templatetags.web_tags import owner_words

ITEM_MODELS = {"assessment": Assessment, "plan": Plan}
PAGE_SIZE = 25


# More case managers than this (a QA lead's, over a whole service: thousands) and the
# filter is a text box for a name or staff reference, not a select of every one of them.
SELECT_AT_MOST = 50


def _queue_filters(request: HttpRequest) -> dict:
    """The queue's filters from the query string; anything not offered is ignored."""

    def overseen() -> QuerySet[Staff]:
        # Built only when it is read (a name typed, or a role without a plain read): building
        # it cost about 0.1 ms of CPU on every queue page, which read it in neither case.
        return staff_for_user(request.user).order_by("name", "pk")

    # A team manager's queue is their team's: the choice of team is the QA lead's alone. A QA
    # lead's case managers and their services' teams by one round trip
    # (data.queues.services_staff_and_teams: the statements of overseen_staff and
    # service_teams, beside their twins).
    qa_lead = request.user.role == Role.QA_LEAD
    if qa_lead:
        few, teams = services_staff_and_teams(
            role=Role.CASE_MANAGER, service_ids=sorted(user_service_ids(request.user)), limit=SELECT_AT_MOST + 1
        )
    else:
        few, teams = _first_overseen(request.user, overseen), []
    families = list(dict.fromkeys(m.family for m in rulebook().rules.values()))
    manager = request.GET.get("case_manager", "").strip()
    family = request.GET.get("family", "")
    if len(few) <= SELECT_AT_MOST:
        staff = {str(pk): (pk, name) for pk, name in few}
        chosen = [int(manager)] if manager in staff else None
        text = ""
    else:  # a name or a staff reference, typed
        staff = {}
        text = manager[:200]
        chosen = (
            list(overseen().filter(Q(name__iexact=text) | Q(ref__iexact=text)).values_list("pk", flat=True)[:100])
            if text
            else None
        )
    team = request.GET.get("team", "")
    chosen_team = next((pk for pk, _ in teams if str(pk) == team), None)
    sort, order = caseload_sort(request.GET, queue_order.COLUMNS)
    return {
        "case_manager": chosen,
        "case_manager_text": text,
        "family": family if family in families else None,
        "at_risk": request.GET.get("show") == "high_risk",
        "overdue": request.GET.get("show") == "overdue",
        "returned": request.GET.get("show") == "returned",
        "team": chosen_team,
        "teams": teams if len(teams) > 1 else [],
        "staff": list(staff.values()),
        "staff_as_text": not staff and len(few) > SELECT_AT_MOST,
        "families": families,
        # Each select's options by Jinja2 (web/fields/select_options.html, as the caseload's
        # filter): a Django template loop of an `if` an option cost a QA lead's queue, with a
        # service's 135 teams, a third of its time (decision 0061).
        "options": {
            "case_manager": _options(list(staff.values()), str(chosen[0]) if staff and chosen else ""),
            "family": _options([(f, f) for f in families], family if family in families else ""),
            "team": _options(teams if len(teams) > 1 else [], str(chosen_team) if chosen_team is not None else ""),
        },
        "sort": sort,
        "order": order,
    }


def _first_overseen(user: User, overseen: Callable[[], QuerySet[Staff]]) -> list[tuple[int, str]]:
    """The first SELECT_AT_MOST + 1 (id, name) of `overseen()` (staff_for_user's, by name then
    id) of someone other than a QA lead (whose come with the teams: _queue_filters): for a
    team manager (their team's case managers) by one plain statement
    (data.queues.overseen_staff, beside its twin), as staff_for_user scopes them; the
    queryset otherwise. The queryset's building cost about 1 ms of CPU."""
    limit = SELECT_AT_MOST + 1
    if user.role == Role.TEAM_MANAGER:
        team_id = user_team_id(user)
        return overseen_staff(role=Role.CASE_MANAGER, team_id=team_id, limit=limit) if team_id else []
    return list(overseen().values_list("pk", "name")[:limit])


def _options(choices: list[tuple[object, str]], selected: str) -> SafeString:
    """A select's options (value, label), the one whose value is `selected` marked."""
    if not choices:
        return SafeString("")
    # Jinja2 escaped every value it put in (autoescape: settings.TEMPLATES).
    return mark_safe(
        render_to_string("web/fields/select_options.html", {"choices": choices, "selected": selected}, using="jinja2")
    )


def _waiting(request: HttpRequest, filters: dict, window: tuple[int, int], others: int = 0):
    """The queue's (finding id, child at risk), filtered and in the order asked for, with
    the other two lists (`others` rows of each): the window asked for and every list's
    length read by one plain statement (oversight_queue_pages, data/queues.py), and the
    queue by one of its own when it is narrowed to the children at risk or sorted by a
    column. Returns the waiting list and the other two."""
    narrowed = {
        "case_manager": filters["case_manager"],
        "family": filters["family"],
        "overdue": filters["overdue"],
        "team": filters["team"],
        "returned": returned_items(cases_for_user(request.user)) if filters["returned"] else None,
    }
    windows = {WAITING: window}
    if others:
        windows.update({INSUFFICIENT: (0, others), FOR_REVIEW: (0, others)})
    order = queue_order.sort_keys(filters["sort"], filters["order"]) if filters["sort"] else ()
    pages = oversight_queue_pages(request.user, windows=windows, order=order, at_risk=filters["at_risk"], **narrowed)
    lists = [pages.of(INSUFFICIENT), pages.of(FOR_REVIEW)] if others else []
    return pages.of(WAITING), *lists


def _page_window(number: str | None) -> tuple[int, int]:
    """The rows of the page asked for, as the paginator will number it when it is a page
    of the list (a page it cannot show is read again: Paginator.get_page)."""
    try:
        page = max(1, int(number or 1))
    except ValueError:
        page = 1
    return (page - 1) * PAGE_SIZE, page * PAGE_SIZE


@dataclass(slots=True)
class Named:
    """A case manager or a team as a queue row shows it: its name."""

    name: str


@dataclass(slots=True)
class RowCase:
    """What a queue row shows of a finding's case (the names a Case has)."""

    id: int
    ref: str
    child_name: str
    case_manager_id: int | None
    case_manager: Named | None
    team_id: int | None = None
    team: Named | None = None


@dataclass(slots=True)
class QueueRow:
    """What a queue row shows of a finding (the names a Finding has), with its case and
    whether its child is at risk. Plain values, not model instances: building three tables'
    findings, cases and case managers as models was a fifth of the queue's time."""

    id: int
    rule: str
    kind: str
    severity: str
    owner: str
    subject: str
    subject_type: str
    message: str
    evidence: object
    due: date | None
    case: RowCase
    child_at_risk: bool
    # What the row's cells say, worked out here once a rule or an owner (web/tables/
    # queue_rows.html): the template's filters, calls and look-ups for them were a third of
    # its time a row.
    manager: str = ""  # the case manager's name ("" when there is none)
    named: object = None  # the record the evidence names (its "subject"), when it names one
    about: str = ""  # what to do: the rule's remedy, else its title ("" for a rule not in the rulebook)
    standard: str = ""  # the rule's title ("" when it has none)
    for_whom: str = ""  # whom the finding is for, in lower case

    @property
    def pk(self) -> int:
        return self.id


def _findings_of(*lists: list[tuple[int, bool]], with_team: bool = False) -> list[list[QueueRow]]:
    """Each list of findings (id, child at risk) as queue rows with their cases and case
    managers (and teams), in its order; every list's rows by one plain query
    (data.queues.queue_rows: building its queryset was a fifth of the page's own time)."""
    values = {
        row[0]: row for row in queue_rows([pk for ids_at_risk in lists for pk, _ in ids_at_risk], with_team=with_team)
    }
    words: dict[tuple[str, str], tuple[str, str, str]] = {}
    return [
        [_row(values[pk], at_risk, with_team, words) for pk, at_risk in ids_at_risk if pk in values]
        for ids_at_risk in lists
    ]


def _words(rule: str, owner: str) -> tuple[str, str, str]:
    """What a row says of its rule and owner: what to do (capitalised), the standard, and
    whom it is for (in lower case)."""
    info = rule_metadata(rule) or {}
    about = info.get("remedy") or info.get("title")
    return capfirst(about) if about else "", info.get("title") or "", owner_words(owner).lower()


def _row(values: tuple, at_risk: bool, with_team: bool, words: dict[tuple[str, str], tuple[str, str, str]]) -> QueueRow:
    pk, rule, kind, severity, owner, subject, subject_type, message, evidence, due = values[:10]
    case_id, ref, child_name, manager_id, manager_name = values[10:15]
    case = RowCase(case_id, ref, child_name, manager_id, Named(manager_name) if manager_id is not None else None)
    if with_team:
        case.team_id, team_name = values[15:17]
        case.team = Named(team_name) if case.team_id is not None else None
    said = words.get((rule, owner))
    if said is None:
        said = words[rule, owner] = _words(rule, owner)
    return QueueRow(
        pk,
        rule,
        kind,
        severity,
        owner,
        subject,
        subject_type,
        message,
        evidence,
        due,
        case,
        at_risk,
        manager=manager_name if manager_id is not None and manager_name else "",
        named=evidence.get("subject") if isinstance(evidence, Mapping) else None,
        about=said[0],
        standard=said[1],
        for_whom=said[2],
    )


@page_permission("oversight.view_oversight")
def queue(request: HttpRequest) -> HttpResponse:
    """Actions for a manager in priority order, filterable, then approved items still
    insufficient (kept: page_cache)."""
    return page_cache.serve(request, "oversight", lambda: _queue(request))


QUEUE_CSV_COLUMNS = [
    "due",
    "case",
    "child",
    "case_manager",
    "team",
    "priority",
    "child_at_risk",
    "action",
    "rule",
]
QUEUE_CSV_BATCH = 500


@page_permission("oversight.view_oversight")
def queue_csv(request: HttpRequest) -> StreamingHttpResponse:
    """The queue's "Waiting for you" list as a CSV file: every action the filters keep (not
    one page), in the order shown, written by the one CSV writer (cases/csvfile.py, which
    keeps a cell from being read as a formula) and streamed QUEUE_CSV_BATCH rows at a time
    (only the actions' ids are held, never the file); access-logged as an export, naming
    every case, before the first row leaves."""
    filters = _queue_filters(request)
    # Every action's id in one read (the download names every case before the first row).
    found, *_ = _waiting(request, filters, (0, 2**31 - 1))
    waiting: list[tuple[int, bool]] = []
    while batch := list(found[len(waiting) : len(waiting) + QUEUE_CSV_BATCH]):
        waiting.extend(batch)
    refs: set[str] = set()
    for start in range(0, len(waiting), QUEUE_CSV_BATCH):
        ids = [pk for pk, _ in waiting[start : start + QUEUE_CSV_BATCH]]
        refs.update(Finding.objects.filter(id__in=ids).values_list("case__ref", flat=True))
    query = {k: filters[k] for k in ("case_manager", "family", "at_risk", "overdue", "returned", "team") if filters[k]}
    access_log_page(
        actor=request.user,
        target="oversight queue download",
        cases=refs,
        payload={"filters": query, "sort": filters["sort"], "order": filters["order"], "rows": len(waiting)},
        verb=AccessVerb.EXPORT,
    )
    response = StreamingHttpResponse(
        csv_chunks(QUEUE_CSV_COLUMNS, _queue_csv_rows(waiting), lines=QUEUE_CSV_BATCH),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="oversight-{timezone.localdate().isoformat()}.csv"'
    return response


def _queue_csv_rows(waiting: list[tuple[int, bool]]) -> Iterator[list]:
    """The download's rows, read QUEUE_CSV_BATCH actions at a time, in the order of `waiting`."""
    for start in range(0, len(waiting), QUEUE_CSV_BATCH):
        [findings] = _findings_of(waiting[start : start + QUEUE_CSV_BATCH], with_team=True)
        for finding in findings:
            case = finding.case
            info = rule_metadata(finding.rule) or {}
            yield [
                finding.due.isoformat() if finding.due else "",
                case.ref,
                case.child_name,
                case.case_manager.name if case.case_manager_id else "",
                case.team.name if case.team_id else "",
                finding.severity if finding.kind == "finding" else "task",
                "yes" if finding.child_at_risk else "no",
                info.get("remedy") or info.get("title") or "",
                finding.rule,
            ]


def _queue(request: HttpRequest) -> tuple[HttpResponse, page_cache.Reading]:
    filters = _queue_filters(request)
    # Page on the findings' ids alone, then read the page's rows with their cases: a QA
    # lead's queue over a whole service holds hundreds of thousands of findings.
    # The children at risk only: one query that works out everyone's risk. Otherwise the
    # page of the queue and the other two lists' first pages come from one plain statement.
    found, insufficient_all, for_review_all = _waiting(
        request, filters, _page_window(request.GET.get("page")), others=PAGE_SIZE
    )
    paginator = Paginator(found, PAGE_SIZE)
    page_obj = paginator.get_page(request.GET.get("page"))
    waiting = list(page_obj.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    kept = [(k, v) for k, v in query.items() if k not in ("sort", "order")]
    # The other two lists show their first page, highest priority first, and say how many
    # there are in all: a tab's count is the whole list's, never the page's.
    page_obj.object_list, insufficient, for_review = _findings_of(
        waiting, insufficient_all[0:PAGE_SIZE], for_review_all[0:PAGE_SIZE]
    )
    reading = page_cache.Reading.of_page(
        f"oversight queue page {page_obj.number}",
        [row.case for row in (*page_obj.object_list, *insufficient, *for_review)],
    )
    # The page's content by Jinja2 (web/jinja2/web/oversight/queue.html, decision 0033): the
    # filters, the three tables with their rows and the pagination in one render, placed in
    # the Django layout; Django's template language cost per node and per lookup.
    content = rows_html(
        "web/oversight/queue.html",
        page_obj=page_obj,
        waiting=page_obj.object_list,
        filters=filters,
        # Escaped by Django, as the page has always written it (&#x27;, Jinja2's is &#39;).
        priority_order=escape(PRIORITY_ORDER),
        page_range=paginator.get_elided_page_range(page_obj.number, on_each_side=2, on_ends=1),
        query_string=f"{query.urlencode()}&" if query else "",
        headers=headers(
            kept,
            filters["sort"],
            filters["order"],
            show_case_manager=True,
            columns=queue_order.COLUMNS,
            fragment="#waiting",
        ),
        filters_active=any(filters[k] for k in ("case_manager", "family", "at_risk", "overdue", "returned", "team")),
        download_query=query.urlencode(),
        insufficient=insufficient,
        for_review=for_review,
        insufficient_count=len(insufficient) if len(insufficient) < PAGE_SIZE else insufficient_all.count(),
        for_review_count=len(for_review) if len(for_review) < PAGE_SIZE else for_review_all.count(),
    )
    return render(request, "web/oversight/queue.html", {**page_cache.page_context(), "content": content}), reading


@page_permission("oversight.view_oversight")
def item(request: HttpRequest, ref: str, kind: str, item_ref: str) -> HttpResponse:
    """One assessment or plan beside its findings, with countersign or return."""
    # The case in the user's scope by the case page's plain read (web.selectors.case_for_page):
    # case_get_for_user's queryset cost about 1 ms of CPU to build a request.
    case = case_for_page(request.user, ref)
    if kind == "item":  # an OVS-004 finding names the request's subject by its ref alone
        for name, candidate in ITEM_MODELS.items():
            if candidate.objects.filter(case=case, ref=item_ref).exists():
                return redirect("web:oversight_item", ref=case.ref, kind=name, item_ref=item_ref)
        raise Http404("No such record")
    model = ITEM_MODELS.get(kind)
    if model is None:
        raise Http404("No such kind of record")
    obj = _item_of(model, case, item_ref)
    if obj is None:
        raise Http404("No such record")
    if not request.user.has_perm("cases.countersign", case):
        raise PermissionDenied("cases.countersign")
    state = subject_state(case=case, subject_type=kind, ref=obj.ref)
    findings = _item_findings(case.pk, kind, obj.ref)
    open_findings = [f for f in findings if f.resolved_on is None]
    # Each open finding shows its notes (web/cases/finding_cards.html): every open
    # finding's read by one plain query (data.reads.finding_notes), none without one.
    notes: dict[int, list[dict]] = {}
    for note in finding_notes([f.pk for f in open_findings]):
        notes.setdefault(note["finding_id"], []).append(note)
    musts = _open_musts(open_findings)
    form = CountersignForm(request.POST if request.method == "POST" else None, initial={"version": state.version})
    asking = False
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["outcome"] == "approved" and not _confirmed(form.cleaned_data["confirm_open"], musts):
            asking = True  # nothing is recorded: the page asks, naming the open Musts
            form.add_error("confirm_open", _confirm_words(kind, musts))
    if request.method == "POST" and form.is_valid():
        try:
            item_countersign(
                actor=request.user,
                item=obj,
                outcome=form.cleaned_data["outcome"],
                comment=form.cleaned_data["comment"],
                seen_version=form.cleaned_data["version"] or None,
            )
        except OversightError as error:
            form.add_error(None, str(error))
        except CasequalityError as error:  # changed since it was read: show what changed, save nothing
            form.add_error(None, str(error))
            state = subject_state(case=case, subject_type=kind, ref=obj.ref)
            form.data = form.data.copy()
            form.data["version"] = state.version  # what they now see, so that they can act on it
        else:
            done = "countersigned" if form.cleaned_data["outcome"] == "approved" else "returned to the case manager"
            messages.success(request, f"{kind.capitalize()} {obj.ref} of case {case.ref} has been {done}")
            return redirect(reverse("web:oversight"))
    elif request.method == "POST" and form.has_error(NON_FIELD_ERRORS, "missing_version"):
        form.data = form.data.copy()
        form.data["version"] = state.version  # what they now see, so that they can act on it
    access_log_record(actor=request.user, verb=AccessVerb.VIEW, case=case, target=f"{kind} {obj.ref}")
    return render(
        request,
        "web/oversight/item.html",
        {
            "case": case,
            "kind": kind,
            "item": obj,
            "form": form,
            "countersigned": standing_countersignature(case, state),
            "to_check": sorted(open_findings, key=_check_order),
            "open_findings": open_findings,
            # Each open finding in full by Jinja2 (web/jinja2/web/cases/finding_cards.html): an
            # include of a Django template a finding was a third of the page's time.
            "open_findings_html": rows_html(
                "web/cases/finding_cards.html",
                findings=open_findings,
                case=case,
                notes_of=notes,
                # Each standard with the service's values: one small read, none without a finding.
                standards=service_standards(case.service_id) if open_findings else {},
            ),
            "resolved_findings": [f for f in findings if f.resolved_on is not None],
            "musts": musts,
            "asking": asking,
            "must_ids": _ids_words(musts),
        },
    )


def _item_of(model: type[Assessment] | type[Plan], case: Case, item_ref: str) -> Assessment | Plan | None:
    """The case's assessment or plan with this reference (the first stored) with its author,
    as `model.objects.select_related("author").filter(case=case, ref=item_ref).first()` gives
    it, by one plain read (data.queues.item_row, beside its twin) made into the models as the
    database gives them (Model.from_db)."""
    row = item_row(model._meta.label, case.pk, item_ref)
    if row is None:
        return None
    own = {name: value for name, value in row.items() if not name.startswith("author__")}
    obj = model.from_db("default", list(own), list(own.values()))
    author = {name.removeprefix("author__"): value for name, value in row.items() if name.startswith("author__")}
    obj.author = None if author["id"] is None else Staff.from_db("default", list(author), list(author.values()))
    obj.case = case  # the case read above (the same row): no query for it on a countersignature
    return obj


@dataclass
class ItemFinding(FindingRow):
    """A finding as the countersigning page shows it: the case page's row (from its plain
    read, data.reads.page_findings, beside its twin; reading the findings as models by a
    queryset cost twice as much) with its rule's metadata."""

    rule_info: dict | None = None


def _item_findings(case_id: int, kind: str, ref: str) -> list[ItemFinding]:
    """The item's findings, each with its rule's metadata: the resolved first, by the day
    resolved, then the open ones; each by due date (none last), then as stored (the order
    PostgreSQL gave the queryset's order_by("resolved_on", "due", "id"))."""
    found = [
        ItemFinding(**row) for row in page_findings([case_id]) if row["subject"] == ref and row["subject_type"] == kind
    ]
    found.sort(key=lambda f: (f.resolved_on is None, f.resolved_on or date.min, f.due is None, f.due or date.min, f.id))
    for finding in found:
        finding.rule_info = rule_metadata(finding.rule)
    return found


# Countersigning in one screen (decision 0049). The oversight rules' own findings (OVS-001:
# "countersign it", ...) are what the countersignature answers, so they never ask again.
def _open_musts(open_findings: list[ItemFinding]) -> list[ItemFinding]:
    """The open Must findings (the standard not met) on the item that approving leaves open."""
    return [f for f in open_findings if f.kind == "finding" and f.severity == "must" and not f.rule.startswith("OVS-")]


def _check_order(finding: ItemFinding) -> tuple[int, object, int]:
    """What to check first: Musts not met, then Shoulds, then tasks not yet due."""
    rank = 2 if finding.kind == "task" else (0 if finding.severity == "must" else 1)
    return (rank, finding.due or date.max, finding.pk)


def _ids_words(findings: list[ItemFinding]) -> str:
    return ",".join(str(f.pk) for f in sorted(findings, key=lambda f: f.pk))


def _confirmed(sent: str, musts: list[ItemFinding]) -> bool:
    """No Must is open, or the manager confirmed every one open now (one raised since asks again)."""
    shown = {part.strip() for part in (sent or "").split(",")}
    return all(str(f.pk) in shown for f in musts)


def _confirm_words(kind: str, musts: list[ItemFinding]) -> str:
    count = f"{len(musts)} Must finding{'s' if len(musts) != 1 else ''}"
    return (
        f"This {kind} has {count} open. Confirm that you countersign it with "
        f"{'them' if len(musts) != 1 else 'it'} open, or return it to the case manager"
    )
