"""Today: each person's actions across all their cases, in the order to do them (decision 0041).

The home page of case managers, team managers and QA leads (web/navigation.py puts it first
for them). The list is oversight.today.today_for's; every count on the page is the length of
the list it heads. Kept like the caseload (data/page_cache.py) and access-logged with the
references of every case it names, from the cache or not.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from casequality.accounts.models import Role
from casequality.accounts.permissions import page_permission
from casequality.data import page_cache
from casequality.oversight.today import LATER, OVERDUE, TODAY, WEEK, TodayItem, day_words, today_for, when_words

# The roles with a Today list hold it (accounts/roles.py): case managers, team managers and QA leads.
TODAY_PERMISSION = "oversight.view_today"
COUNTERSIGNED_SUBJECTS = ("assessment", "plan")
MANAGERS = (Role.TEAM_MANAGER, Role.QA_LEAD)

HEADINGS = {
    OVERDUE: "Overdue",
    TODAY: "Due today or to do now",
    WEEK: "Due this week",
    LATER: "Later",
}


@dataclass(frozen=True)
class Row:
    item: TodayItem
    when_text: str  # "3 days overdue", "due 8 December 2026"
    due_text: str  # "8 December 2026", or ""
    returned_on_text: str
    action_href: str
    case_href: str


@dataclass(frozen=True)
class Section:
    id: str
    heading: str
    rows: list[Row]
    open: bool = True

    @property
    def count(self) -> int:
        return len(self.rows)


def _row(item: TodayItem, role: str) -> Row:
    case_href = reverse("web:case_detail", args=[item.case_ref])
    if item.is_returned:
        action_href = f"{case_href}#returned-{item.subject_type}-{item.subject}"
    elif item.mine and role in MANAGERS and item.subject and item.subject_type in COUNTERSIGNED_SUBJECTS:
        action_href = reverse("web:oversight_item", args=[item.case_ref, item.subject_type, item.subject])
    else:
        action_href = f"{case_href}#finding-{item.finding_id}"
    return Row(
        item=item,
        when_text=when_words(item),
        due_text=day_words(item.due) if item.due else "",
        returned_on_text=day_words(item.returned_on) if item.returned_on else "",
        action_href=action_href,
        case_href=case_href,
    )


def today_sections(items: list[TodayItem], role: str) -> tuple[list[Section], Section | None]:
    """The user's own actions by when they are due, and (for a team manager) their team's
    overdue ones; a QA lead's list is the managers' overdue actions across the service."""
    rows = [_row(item, role) for item in items]
    own = [r for r in rows if r.item.mine]
    others = [r for r in rows if not r.item.mine]
    sections = [
        Section(id=f"{when}", heading=HEADINGS[when], rows=[r for r in own if r.item.when == when], open=when != LATER)
        for when in (OVERDUE, TODAY, WEEK, LATER)
    ]
    if role == Role.QA_LEAD:
        return [], Section(id="managers-overdue", heading="Managers' actions overdue across the service", rows=others)
    if role == Role.TEAM_MANAGER:
        return sections, Section(id="team-overdue", heading="Your team's overdue actions", rows=others)
    return sections, None


@page_permission(TODAY_PERMISSION)
def today(request: HttpRequest) -> HttpResponse:
    """The signed-in person's actions across all their cases (kept: data/page_cache.py)."""
    return page_cache.serve(request, "today", lambda: _today(request))


def _today(request: HttpRequest) -> tuple[HttpResponse, page_cache.Reading]:
    day = timezone.localdate()
    role = request.user.role
    items = today_for(request.user, on=day)
    sections, others = today_sections(items, role)
    reading = page_cache.Reading.of_page("today page", [item.case_ref for item in items])
    return render(
        request,
        "web/today/today.html",
        {
            **page_cache.page_context(),
            "today_text": day_words(day),
            "sections": sections,
            "others": others,
            "own_count": sum(s.count for s in sections),
            "returned_count": sum(1 for s in sections for r in s.rows if r.item.is_returned),
            "is_case_manager": role == Role.CASE_MANAGER,
        },
    ), reading
