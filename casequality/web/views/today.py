"""Today: each person's actions across all their cases, in the order to do them (decisions 0041, 0056).

The home page of case managers, team managers and QA leads (web/navigation.py puts it first
for them). The lists are oversight.today.today_lists's (today_for's, read a page at a time
by plain SQL): each list shows PAGE_SIZE actions a page, with GOV.UK pagination whose links
keep the other lists' pages and work without JavaScript (`?page-<list>=N#<list>`); every
count on the page is the length of the whole list it heads, not of the page shown. Kept
like the caseload (data/page_cache.py) and access-logged with the references of every case
the page shows, from the cache or not. The content is one Jinja2 render (web/jinja2/web/today/).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from casequality.accounts.models import Role
from casequality.accounts.permissions import page_permission
from casequality.data import page_cache
from casequality.oversight.today import (
    LATER,
    MANAGERS_OVERDUE,
    OVERDUE,
    PAGE_SIZE,
    TEAM_OVERDUE,
    TODAY,
    WEEK,
    TodayItem,
    TodayList,
    day_words,
    today_lists,
    when_words,
)
from casequality.web.jinja_env import Urls, rows_html

# The roles with a Today list hold it (accounts/roles.py): case managers, team managers and QA leads.
TODAY_PERMISSION = "oversight.view_today"
COUNTERSIGNED_SUBJECTS = ("assessment", "plan")
MANAGERS = (Role.TEAM_MANAGER, Role.QA_LEAD)

HEADINGS = {
    OVERDUE: "Overdue",
    TODAY: "Due today or to do now",
    WEEK: "Due this week",
    LATER: "Later",
    TEAM_OVERDUE: "Your team's overdue actions",
    MANAGERS_OVERDUE: "Managers' actions overdue across the service",
}
OWN = (OVERDUE, TODAY, WEEK, LATER)


def page_parameter(list_id: str) -> str:
    """The query parameter of a list's page: `page-later=2`."""
    return f"page-{list_id}"


def _pages_asked(request: HttpRequest, names) -> dict[str, int]:
    """Each list's page from the query string: a whole number from 1, else the first page."""
    pages = {}
    for name in names:
        value = request.GET.get(page_parameter(name), "")
        pages[name] = int(value) if value.isascii() and value.isdigit() and int(value) > 0 else 1
    return pages


def _pages(found: TodayList, pages: dict[str, int]) -> dict:
    """What web/includes/pagination.html needs for one list: its links keep the other lists' pages."""
    if found.pages <= 1:
        return {}
    page = Paginator(range(found.count), PAGE_SIZE).get_page(found.page)
    others = sorted((page_parameter(name), n) for name, n in pages.items() if n > 1 and name != found.id)
    return {
        "page_obj": page,
        "page_range": page.paginator.get_elided_page_range(found.page, on_each_side=1, on_ends=1),
        "query_string": urlencode(others) + "&" if others else "",
        "page_parameter": page_parameter(found.id),
        "fragment": f"#{found.id}",
        "pagination_label": f"Pages of {HEADINGS[found.id].lower()}",
    }


@dataclass(frozen=True, slots=True)
class Row:
    """One item as its row shows it (an attribute, not a key: Jinja2 reads attributes first)."""

    item: TodayItem
    when_text: str  # "3 days overdue", "due 8 December 2026"
    due_text: str  # "8 December 2026", or ""
    returned_on_text: str
    href: str  # where to act on it
    case_href: str


class _Links:
    """The rows' addresses: a case's once a page, however many of its actions are shown
    (jinja_env.Urls encodes each reference as reverse() would)."""

    def __init__(self) -> None:
        self.url = Urls()
        self.cases: dict[str, str] = {}

    def case(self, ref: str) -> str:
        href = self.cases.get(ref)
        if href is None:
            href = self.cases[ref] = self.url("web:case_detail", ref)
        return href

    def action(self, item: TodayItem, role: str) -> str:
        if item.is_returned:
            return f"{self.case(item.case_ref)}#returned-{item.subject_type}-{item.subject}"
        if item.mine and role in MANAGERS and item.subject and item.subject_type in COUNTERSIGNED_SUBJECTS:
            return self.url("web:oversight_item", item.case_ref, item.subject_type, item.subject)
        return f"{self.case(item.case_ref)}#finding-{item.finding_id}"


def _section(found: TodayList, role: str, pages: dict[str, int], links: _Links) -> dict:
    rows = [
        Row(
            item=item,
            when_text=when_words(item),
            due_text=day_words(item.due) if item.due else "",
            returned_on_text=day_words(item.returned_on) if item.returned_on else "",
            href=links.action(item, role),
            case_href=links.case(item.case_ref),
        )
        for item in found.items
    ]
    return {
        "id": found.id,
        "heading": HEADINGS[found.id],
        "count": found.count,
        "open": found.id != LATER,
        "page": found.page,
        "pages": found.pages,
        "asked": found.asked,
        "first": found.first,
        "last": found.first + len(found.items) - 1,
        "rows": rows,
        **_pages(found, pages),
    }


@page_permission(TODAY_PERMISSION)
def today(request: HttpRequest) -> HttpResponse:
    """The signed-in person's actions across all their cases (kept: data/page_cache.py)."""
    return page_cache.serve(request, "today", lambda: _today(request))


def _today(request: HttpRequest) -> tuple[HttpResponse, page_cache.Reading]:
    day = timezone.localdate()
    role = request.user.role
    names = (*OWN, TEAM_OVERDUE) if role == Role.TEAM_MANAGER else OWN
    if role == Role.QA_LEAD:
        names = (MANAGERS_OVERDUE,)
    pages = _pages_asked(request, names)
    lists = today_lists(request.user, on=day, pages=pages)
    shown = {name: found.page for name, found in lists.items()}
    links = _Links()
    sections = [_section(lists[name], role, shown, links) for name in OWN if name in lists]
    others = next(
        (_section(lists[name], role, shown, links) for name in (TEAM_OVERDUE, MANAGERS_OVERDUE) if name in lists),
        None,
    )
    refs = [item.case_ref for found in lists.values() for item in found.items]
    paged = {name: n for name, n in shown.items() if n > 1}
    reading = page_cache.Reading.of_page("today page", refs, payload={"pages": paged} if paged else None)
    # The content by Jinja2 (web/jinja2/web/today/page.html): the lists, their rows and their
    # pages in one render, where Django's template language paid per node and per include.
    page = rows_html(
        "web/today/page.html",
        today_text=day_words(day),
        sections=sections,
        others=others,
        returned_count=sum(lists[name].returned for name in OWN if name in lists),
        is_case_manager=role == Role.CASE_MANAGER,
    )
    return render(request, "web/today/today.html", {**page_cache.page_context(), "page": page}), reading
