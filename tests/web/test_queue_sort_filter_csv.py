"""The oversight queue sorted by any column across its pages, filtered by overdue and
returned work and by team, and downloaded as CSV with the same filters and sort (issue 23,
item 2)."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from casequality.accounts.models import AccessLogEntry, AccessVerb
from casequality.cases.models import Case
from casequality.standards.models import Finding
from tests.web.factories import ensure_finding, import_cases

# ref: (child's name, days from today its manager's action is due, severity)
CASES = {
    "N-0101": ("Ellis Adams", 5, "should"),
    "N-0102": ("Blake Carter", -10, "must"),
    "N-0103": ("=Dana Formula", 1, "should"),
    "N-0104": ("Aled Brown", -2, "must"),
    "N-0105": ("Charlie Dunn", 0, "should"),
}


@pytest.fixture
def queue(cast, monkeypatch):
    monkeypatch.setattr("casequality.web.views.oversight.PAGE_SIZE", 2)
    cases = import_cases(cast, tuple(CASES), case_manager="S1")
    Finding.objects.all().delete()
    today = timezone.localdate()
    for ref, (name, due_in, severity) in CASES.items():
        Case.objects.filter(ref=ref).update(child_name=name)
        ensure_finding(
            cases[ref],
            rule="OVS-001",
            owner="TM",
            kind="finding",
            severity=severity,
            due=today + timedelta(days=due_in),
        )
    return cast


def rows(client, **params) -> list[str]:
    """The case references of every page of the queue's "Waiting for you" list, in order."""
    refs, page = [], 1
    while True:
        html = client.get(reverse("web:oversight"), {**params, "page": page}).text
        waiting = html.split('id="insufficient"')[0]
        refs += re.findall(r'<a class="govuk-link app-nowrap" href="/cases/([^/]+)/"><bdi>', waiting)
        if f"page={page + 1}" not in waiting:
            return refs
        page += 1


@pytest.mark.parametrize(
    ("sort", "ascending"),
    [
        ("due", ["N-0102", "N-0104", "N-0105", "N-0103", "N-0101"]),
        ("case", ["N-0101", "N-0102", "N-0103", "N-0104", "N-0105"]),
        ("child", ["N-0103", "N-0104", "N-0102", "N-0105", "N-0101"]),
        ("priority", ["N-0102", "N-0104", "N-0105", "N-0103", "N-0101"]),
    ],
)
def test_sorting_the_queue_by_a_column_orders_every_page_both_ways(client, queue, sort, ascending):
    client.force_login(queue.tm_north)
    assert rows(client, sort=sort, order="ascending") == ascending
    descending = rows(client, sort=sort, order="descending")
    if sort == "priority":  # the ties (same severity) stay in priority order: longest overdue first
        assert descending == ["N-0105", "N-0103", "N-0101", "N-0102", "N-0104"]
    else:
        assert descending == list(reversed(ascending))


def test_the_queue_without_a_sort_is_in_priority_order(client, queue):
    client.force_login(queue.tm_north)
    assert rows(client) == ["N-0102", "N-0104", "N-0105", "N-0103", "N-0101"]


def test_each_header_says_how_the_queue_is_sorted_and_links_the_other_way_keeping_the_filters(client, queue):
    client.force_login(queue.tm_north)
    html = client.get(reverse("web:oversight"), {"sort": "child", "order": "ascending", "show": "overdue"}).text
    link = '<a class="govuk-link app-sortable__link" href="?show=overdue&amp;sort={}&amp;order={}#waiting">{}</a>'
    assert 'aria-sort="ascending">' + link.format("child", "descending", "Child") in html
    assert 'aria-sort="none">' + link.format("due", "ascending", "Due") in html


def test_the_overdue_filter_keeps_only_actions_past_their_due_day(client, queue):
    client.force_login(queue.tm_north)
    assert rows(client, show="overdue") == ["N-0102", "N-0104"]


def test_the_returned_filter_keeps_only_actions_about_an_item_returned_to_its_case_manager(client, queue):
    from casequality.cases.models import Assessment
    from casequality.oversight.services import item_countersign

    case = Case.objects.get(ref="N-0104")
    item = Assessment.objects.get(case=case, ref="A1")  # the item its action is about
    item_countersign(actor=queue.tm_north, item=item, outcome="returned", comment="Add the victims' views")
    client.force_login(queue.tm_north)
    assert rows(client, show="returned") == ["N-0104"]


def test_a_qa_lead_narrows_the_queue_to_one_team(client, queue):
    client.force_login(queue.qa_lead)
    south = queue.south.pk
    assert rows(client, team=str(south)) == []
    assert len(rows(client, team=str(queue.north.pk))) == 5


def test_a_team_manager_is_not_offered_a_team_and_a_team_asked_for_is_ignored(client, queue):
    client.force_login(queue.tm_north)
    html = client.get(reverse("web:oversight"), {"team": str(queue.south.pk)}).text
    assert 'id="team"' not in html
    assert len(rows(client, team=str(queue.south.pk))) == 5


def test_the_csv_holds_every_action_of_the_filtered_sorted_queue_not_one_page(client, queue):
    client.force_login(queue.tm_north)
    response = client.get(reverse("web:oversight_csv"), {"sort": "child", "order": "ascending"})
    assert response["Content-Type"].startswith("text/csv")
    table = list(csv.reader(io.StringIO(response.getvalue().decode())))
    assert table[0][:3] == ["due", "case", "child"]
    assert [row[1] for row in table[1:]] == ["N-0103", "N-0104", "N-0102", "N-0105", "N-0101"]


def test_the_csv_keeps_a_childs_name_from_being_read_as_a_formula(client, queue):
    client.force_login(queue.tm_north)
    response = client.get(reverse("web:oversight_csv"), {"sort": "child"})
    table = list(csv.reader(io.StringIO(response.getvalue().decode())))
    assert table[1][2] == "'=Dana Formula"


def test_the_csv_download_is_access_logged_as_an_export_naming_each_case(client, queue):
    client.force_login(queue.tm_north)
    client.get(reverse("web:oversight_csv"), {"show": "overdue"})
    entry = AccessLogEntry.objects.filter(verb=AccessVerb.EXPORT).latest("id")
    assert entry.target == "oversight queue download"
    assert sorted(entry.case_refs.split()) == ["N-0102", "N-0104"]
    assert entry.payload["filters"] == {"overdue": True}


def test_the_queue_shows_each_childs_name(client, queue):
    client.force_login(queue.tm_north)
    html = client.get(reverse("web:oversight")).text
    assert "<bdi>Blake Carter</bdi>" in html


def test_a_case_manager_may_not_download_the_queue(client, queue):
    client.force_login(queue.cm_a)
    assert client.get(reverse("web:oversight_csv")).status_code == 403


def test_a_tab_counts_its_whole_list_and_says_when_it_shows_only_the_first_page(client, queue):
    Finding.objects.update(rule="OVS-002")  # approved but still short: the second tab
    client.force_login(queue.tm_north)
    html = client.get(reverse("web:oversight")).text
    assert 'href="#insufficient">Approved, still short (5)</a>' in html
    assert "The first 2 of 5, highest priority first." in html


def test_showing_the_children_at_high_risk_keeps_only_their_actions(client, queue):
    Case.objects.filter(ref="N-0103").update(looked_after=True)  # a looked-after child is at risk
    client.force_login(queue.tm_north)
    assert rows(client, show="high_risk") == ["N-0103"]


def test_the_csv_download_is_streamed_not_built_in_memory(client, queue):
    client.force_login(queue.tm_north)
    response = client.get(reverse("web:oversight_csv"))
    assert response.streaming
