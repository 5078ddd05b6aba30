"""The Today page (web/views/today.py): each person's actions, counts equal to their lists."""

from __future__ import annotations

import re
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from casequality.accounts.models import AccessLogEntry
from casequality.oversight.services import item_countersign
from tests.web.factories import ensure_finding, import_cases


def _page(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("web:today"))
    assert response.status_code == 200
    return response.content.decode()


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


def test_a_row_names_the_child_says_what_to_do_and_how_late(client, cast):
    _busy_world(cast)
    html = _page(client, cast.cm_a)
    first = html.split('class="app-today__item"')[1]
    assert "Complete the order&#x27;s start assessment." in first
    assert "Jordan Example" in first
    assert "3 days overdue" in first
    assert "Waiting: Alex Brown (your team manager)." in first
    assert "Rule LOR-001." in first
    assert reverse("web:case_detail", args=["N-0001"]) + "#finding-" in first


def test_a_returned_item_names_the_manager_and_the_reason_on_the_today_page(client, cast):
    cases = _busy_world(cast)
    item = cases["N-0001"].assessments.get(ref="A1")
    item_countersign(actor=cast.tm_north, item=item, outcome="returned", comment="Add the victims' views")
    html = _page(client, cast.cm_a)
    assert "Returned by Alex Brown on 2 December 2026: Add the victims&#x27; views" in html
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
