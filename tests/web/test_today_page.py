"""The Today page (web/views/today.py): each person's actions, counts equal to their lists."""

from __future__ import annotations

import html as entities
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from casequality.accounts.models import AccessLogEntry
from casequality.oversight.services import item_countersign
from casequality.oversight.today import PAGE_SIZE, today_for
from tests.web.factories import ensure_finding, import_cases


def _page(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("web:today"))
    assert response.status_code == 200
    return response.content.decode()


def _text(html: str) -> str:
    """The page as words: entities read, names' <bdi> marks left out."""
    return entities.unescape(html.replace("<bdi>", "").replace("</bdi>", ""))


def _counts_and_lists(html: str) -> dict[str, tuple[int, int]]:
    """Each count the page shows (data-count) beside the length of the list it counts (data-list)."""
    out = {}
    for section, count in re.findall(r'data-count="([^"]+)">(\d+)<', html):
        lists = re.findall(rf'<ol class="govuk-list app-today" data-list="{section}">(.*?)</ol>', html, re.S)
        rows = lists[0].count('class="app-today__item"') if lists else 0
        heading = re.search(rf'id="{section}"[^>]*>(?:\s*<summary[^>]*><span[^>]*>)?[^<(]*\((\d+)\)', html)
        out[section] = (int(count), rows)
        assert heading and int(heading.group(1)) == rows, section
    return out


def _busy_world(cast):
    cases = import_cases(cast, refs=("N-0001", "N-0002", "S-0001"))
    for case in cases.values():
        ensure_finding(case)  # OVS-001 on A1, as the rulebook raises it
    today = timezone.localdate()
    ensure_finding(cases["N-0001"], rule="LOR-001", owner="CM", kind="finding", due=today - timedelta(days=3))
    ensure_finding(cases["N-0001"], rule="PLAN-001", owner="CM", kind="task", due=today + timedelta(days=1))
    ensure_finding(cases["N-0001"], rule="CMP-004", owner="CM", kind="task", due=today + timedelta(days=40))
    ensure_finding(cases["N-0002"], rule="LOR-001", owner="CM", kind="finding", due=today - timedelta(days=5))
    ensure_finding(cases["S-0001"], rule="OVS-005", owner="TM", kind="finding", due=today - timedelta(days=2))
    return cases


def test_a_case_managers_counts_equal_their_lists(client, cast):
    _busy_world(cast)
    counts = _counts_and_lists(_page(client, cast.cm_a))
    assert counts["overdue"] == (1, 1)
    assert all(shown == rows for shown, rows in counts.values())
    assert sum(rows for _, rows in counts.values()) == 3  # N-0001's LOR-001, PLAN-001 and CMP-004


def test_a_team_managers_counts_equal_their_lists(client, cast):
    _busy_world(cast)
    counts = _counts_and_lists(_page(client, cast.tm_north))
    assert counts["team-overdue"] == (2, 2)  # N-0001's and N-0002's LOR-001, not South's
    assert all(shown == rows for shown, rows in counts.values())


def test_a_qa_leads_counts_equal_their_lists(client, cast):
    _busy_world(cast)
    counts = _counts_and_lists(_page(client, cast.qa_lead))
    assert counts == {"managers-overdue": (1, 1)}  # South's OVS-005


def test_a_qa_leads_count_leaves_out_the_managers_action_on_an_item_returned_to_the_case_manager(client, cast):
    cases = _busy_world(cast)
    overdue = timezone.localdate() - timedelta(days=3)
    ensure_finding(cases["S-0001"], rule="OVS-003", subject="A1", owner="TM", due=overdue)
    ensure_finding(cases["N-0001"], rule="OVS-003", subject="A1", owner="TM", due=overdue)
    item_countersign(
        actor=cast.tm_north, item=cases["N-0001"].assessments.get(ref="A1"), outcome="returned", comment="Redo"
    )
    html = _page(client, cast.qa_lead)
    assert _counts_and_lists(html) == {"managers-overdue": (2, 2)}  # South's OVS-005 and OVS-003, not N-0001's
    assert "N-0001" not in _text(html)


def test_a_row_names_the_child_says_what_to_do_and_how_late(client, cast):
    _busy_world(cast)
    html = _page(client, cast.cm_a)
    first = _text(html.split('class="app-today__item"')[1])
    assert "Complete the order's start assessment." in first
    assert "Jordan Example" in first
    assert "3 days overdue" in first
    assert "Waiting: Alex Brown (your team manager)." in first
    assert "Rule LOR-001." in first
    assert reverse("web:case_detail", args=["N-0001"]) + "#finding-" in first


def test_a_returned_item_names_the_manager_and_the_reason_on_the_today_page(client, cast):
    cases = _busy_world(cast)
    item = cases["N-0001"].assessments.get(ref="A1")
    item_countersign(actor=cast.tm_north, item=item, outcome="returned", comment="Add the victims' views")
    html = _text(_page(client, cast.cm_a))
    assert "Returned by Alex Brown on 2 December 2026: Add the victims' views" in html
    assert "#returned-assessment-A1" in html


def test_the_case_page_says_who_returned_and_who_countersigned(client, cast):
    cases = _busy_world(cast)
    item_countersign(
        actor=cast.tm_north, item=cases["N-0001"].assessments.get(ref="A1"), outcome="returned", comment="Add views"
    )
    item_countersign(actor=cast.tm_north, item=cases["N-0002"].assessments.get(ref="A1"), outcome="approved")
    client.force_login(cast.tm_north)
    returned = client.get(reverse("web:case_detail", args=["N-0001"])).content.decode()
    approved = client.get(reverse("web:case_detail", args=["N-0002"])).content.decode()
    assert 'id="returned-assessment-A1"' in returned
    assert "Returned by Alex Brown on 2 December 2026: Add views" in returned
    assert "Countersigned by Alex Brown on 2 December 2026" in approved


def test_the_today_page_is_access_logged_with_the_cases_it_names(client, cast):
    _busy_world(cast)
    _page(client, cast.tm_north)
    entry = AccessLogEntry.objects.filter(actor=cast.tm_north, target="today page").latest("seq")
    assert entry.case_refs.split() == ["N-0001", "N-0002"]


def test_case_managers_team_managers_and_qa_leads_land_on_today(client, cast):
    for user in (cast.cm_a, cast.tm_north, cast.qa_lead):
        client.force_login(user)
        assert client.get(reverse("web:home"))["Location"] == reverse("web:today")


def test_inspectors_the_board_and_administrators_keep_their_landing_page(client, cast):
    for user in (cast.inspector, cast.board, cast.admin):
        client.force_login(user)
        assert client.get(reverse("web:home"))["Location"] != reverse("web:today")
        assert client.get(reverse("web:today")).status_code == 403


# --- long lists are paged: 25 a page, every count the whole list's length ------------------------
def _long_world(cast, n=30):
    """n overdue actions of South's team manager (the QA lead's list) and n of North's case
    managers (North's team manager's team list), each a day apart."""
    cases = import_cases(cast, refs=("N-0001", "N-0002", "S-0001"))
    today = timezone.localdate()
    for i in range(n):
        due = today - timedelta(days=1 + i)
        ensure_finding(cases["S-0001"], rule="OVS-005", subject=f"Y{i}", subject_type="order", owner="TM", due=due)
        case = cases["N-0001"] if i % 2 else cases["N-0002"]
        ensure_finding(case, rule="LOR-001", subject=f"Y{i}", subject_type="order", owner="CM", kind="finding", due=due)
    return cases


def _rows(html: str, section: str) -> list[str]:
    """The finding links of a list's rows on the page, in order."""
    lists = re.findall(rf'data-list="{section}">(.*?)</ol>', html, re.S)
    return re.findall(r'#finding-(\d+)"', lists[0]) if lists else []


def _count(html: str, section: str) -> int:
    return int(re.search(rf'data-count="{section}">(\d+)<', html).group(1))


def _get(client, query: str = "") -> str:
    response = client.get(reverse("web:today") + query)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(("who", "section"), [("qa_lead", "managers-overdue"), ("tm_north", "team-overdue")])
def test_a_long_lists_count_is_the_whole_list_and_its_pages_hold_every_row_once(client, cast, who, section):
    _long_world(cast)
    client.force_login(getattr(cast, who))
    first = _get(client)
    rows = _rows(first, section) + _rows(_get(client, f"?page-{section}=2"), section)
    assert len(_rows(first, section)) == PAGE_SIZE
    assert _count(first, section) == len(rows) == len(set(rows)) == 30


def test_page_two_shows_the_next_rows_in_the_lists_order(client, cast):
    _long_world(cast)
    client.force_login(cast.qa_lead)
    second = _rows(_get(client, "?page-managers-overdue=2"), "managers-overdue")
    whole = [str(item.finding_id) for item in today_for(cast.qa_lead, on=timezone.localdate())]
    assert second == whole[PAGE_SIZE:]
    assert "Showing 26 to 30 of 30, page 2 of 2." in _get(client, "?page-managers-overdue=2")


def test_a_lists_page_links_go_to_its_pages_and_keep_the_other_lists_pages(client, cast):
    cases = _long_world(cast)
    for i in range(30):  # North's team manager's own overdue actions: a second long list
        due = timezone.localdate() - timedelta(days=1 + i)
        ensure_finding(cases["N-0001"], rule="OVS-005", subject=f"Z{i}", subject_type="order", owner="TM", due=due)
    client.force_login(cast.tm_north)
    html = entities.unescape(_get(client, "?page-overdue=2"))
    assert 'href="?page-overdue=2&page-team-overdue=2#team-overdue"' in html
    assert 'href="?page-overdue=1#overdue"' in html
    assert "Pages of your team's overdue actions" in html


@pytest.mark.parametrize("page", ["9", "999999999999"])
def test_a_page_past_the_end_says_so_and_shows_the_last_page(client, cast, page):
    _long_world(cast)
    client.force_login(cast.qa_lead)
    html = _get(client, f"?page-managers-overdue={page}")
    assert "There is no page" in html and "it has 2 pages" in html
    assert _rows(html, "managers-overdue") == _rows(_get(client, "?page-managers-overdue=2"), "managers-overdue")
    assert _count(html, "managers-overdue") == 30


@pytest.mark.parametrize("page", ["abc", "0", "-1", "2.5", ""])
def test_a_page_that_is_not_a_number_shows_the_first_page(client, cast, page):
    _long_world(cast)
    client.force_login(cast.qa_lead)
    html = _get(client, f"?page-managers-overdue={page}")
    assert _rows(html, "managers-overdue") == _rows(_get(client), "managers-overdue")


def test_a_page_of_a_list_is_access_logged_with_the_cases_it_shows(client, cast):
    _long_world(cast)
    client.force_login(cast.tm_north)
    _get(client, "?page-team-overdue=2")
    entry = AccessLogEntry.objects.filter(actor=cast.tm_north, target="today page").latest("seq")
    assert entry.case_refs.split() == ["N-0001", "N-0002"]
    assert entry.payload["pages"] == {"team-overdue": 2}
