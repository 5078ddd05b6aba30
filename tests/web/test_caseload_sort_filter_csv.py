"""The caseload sorted by any column across its pages, filtered by risk, overdue and returned
work, and downloaded as CSV with the same filters and sort (decision 0048)."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from casequality.accounts.models import AccessLogEntry, AccessVerb
from casequality.cases.models import Assessment, Case
from casequality.standards.models import Finding
from casequality.standards.services import case_urgency_refresh
from tests.web.factories import ensure_finding, import_cases

# ref: (child's name, days from today its action is due or None, open Musts)
CASES = {
    "N-0101": ("Ellis Adams", 5, 0),
    "N-0102": ("Blake Carter", -10, 2),
    "N-0103": ("=Dana Formula", None, 0),
    "N-0104": ("Aled Brown", -2, 1),
    "N-0105": ("Charlie Dunn", 0, 3),
}


@pytest.fixture
def caseload(cast, monkeypatch):
    monkeypatch.setattr("casequality.web.views.cases.PAGE_SIZE", 2)
    cases = import_cases(cast, tuple(CASES), case_manager="S1")
    Finding.objects.all().delete()
    case_urgency_refresh(case_ids=[case.pk for case in cases.values()])  # written directly: kept by hand
    today = timezone.localdate()
    for ref, (name, due_in, musts) in CASES.items():
        Case.objects.filter(ref=ref).update(child_name=name)
        if due_in is not None:
            ensure_finding(cases[ref], rule="LOR-003", owner="CM", kind="task", due=today + timedelta(days=due_in))
        for n in range(musts):
            ensure_finding(cases[ref], rule=f"ASS-00{n + 1}", subject=f"A{n}", owner="CM", kind="finding")
    return cast


def rows(client, url: str, **params) -> list[str]:
    """The case references of every page of the caseload, in the order shown."""
    refs, page = [], 1
    while True:
        html = client.get(url, {**params, "page": page}).text
        refs += re.findall(r'<a class="govuk-link" href="/cases/([^/]+)/"><bdi>', html)
        if f"page={page + 1}" not in html:
            return refs
        page += 1


def test_the_caseload_is_in_urgency_order_by_default_the_longest_overdue_first(client, caseload):
    client.force_login(caseload.cm_a)
    assert rows(client, reverse("web:caseload")) == ["N-0102", "N-0104", "N-0105", "N-0101", "N-0103"]


@pytest.mark.parametrize(
    ("sort", "ascending"),
    [
        ("ref", ["N-0101", "N-0102", "N-0103", "N-0104", "N-0105"]),
        ("child", ["N-0103", "N-0104", "N-0102", "N-0105", "N-0101"]),
        ("findings", ["N-0103", "N-0101", "N-0104", "N-0102", "N-0105"]),
        ("next_due", ["N-0102", "N-0104", "N-0105", "N-0101", "N-0103"]),
    ],
)
def test_sorting_by_a_column_orders_every_page_both_ways(client, caseload, sort, ascending):
    client.force_login(caseload.cm_a)
    url = reverse("web:caseload")
    assert rows(client, url, sort=sort, order="ascending") == ascending
    descending = rows(client, url, sort=sort, order="descending")
    if sort == "next_due":  # a case without an action stays last either way
        assert descending == [*reversed(ascending[:-1]), ascending[-1]]
    else:
        assert descending == list(reversed(ascending))


def test_sorting_by_case_manager_orders_a_managers_caseload_across_pages(client, caseload):
    Case.objects.filter(ref="N-0104").update(case_manager=caseload.cm_b.staff)  # Chris Wood before Sam Patel
    client.force_login(caseload.qa_lead)
    assert rows(client, reverse("web:caseload"), sort="case_manager", order="ascending")[0] == "N-0104"
    assert rows(client, reverse("web:caseload"), sort="case_manager", order="descending")[-1] == "N-0104"


def test_the_sorted_header_says_its_order_and_links_to_the_other_order_keeping_the_filters(client, caseload):
    client.force_login(caseload.cm_a)
    html = client.get(reverse("web:caseload"), {"sort": "child", "order": "ascending", "show": "overdue"}).text
    assert (
        'aria-sort="ascending"><a class="govuk-link app-sortable__link" '
        'href="?show=overdue&amp;sort=child&amp;order=descending">Child' in html
    )
    assert (
        'aria-sort="none"><a class="govuk-link app-sortable__link" '
        'href="?show=overdue&amp;sort=ref&amp;order=ascending">Case' in html
    )
    assert "sort=child&amp;order=ascending&amp;page=2" in client.get(reverse("web:caseload"), {"sort": "child"}).text


def test_an_unknown_sort_falls_back_to_urgency_order(client, caseload):
    client.force_login(caseload.cm_a)
    response = client.get(reverse("web:caseload"), {"sort": "'; DROP TABLE", "order": "sideways"})
    assert response.status_code == 200
    assert rows(client, reverse("web:caseload"), sort="nonsense") == rows(client, reverse("web:caseload"))


def test_next_action_due_is_shown_for_a_case_whose_only_action_is_a_finding(client, caseload):
    Finding.objects.filter(case__ref="N-0105", kind="task").delete()
    Finding.objects.filter(case__ref="N-0105").update(due=timezone.localdate() - timedelta(days=4))
    client.force_login(caseload.cm_a)
    html = client.get(reverse("web:caseload"), {"sort": "ref", "page": 3}).text
    row = html[html.index('href="/cases/N-0105/"') :].split("</tr>")[0]
    assert "–" not in row.split("</td>")[-2]


def test_the_overdue_filter_keeps_the_cases_with_an_action_past_its_due_date(client, caseload):
    client.force_login(caseload.cm_a)
    assert sorted(rows(client, reverse("web:caseload"), show="overdue")) == ["N-0102", "N-0104"]


def test_the_at_risk_filter_keeps_the_children_at_risk(client, caseload):
    Case.objects.filter(ref="N-0103").update(looked_after=True)
    Assessment.objects.filter(case__ref="N-0101").update(rosh={"level": "high"})
    client.force_login(caseload.cm_a)
    assert sorted(rows(client, reverse("web:caseload"), show="at_risk")) == ["N-0101", "N-0103"]


def test_the_returned_filter_keeps_the_cases_with_work_returned_to_the_case_manager(client, caseload):
    Assessment.objects.filter(case__ref="N-0104").update(
        countersigned_outcome="returned",
        countersigned_date=timezone.localdate(),
        countersigned_by=caseload.tm_north.staff,
        countersigned_comment="Add the risk evidence",
    )
    client.force_login(caseload.cm_a)
    assert rows(client, reverse("web:caseload"), show="returned") == ["N-0104"]


def test_a_qa_lead_filters_by_team(client, caseload):
    import_cases(caseload, ("S-0001",))
    client.force_login(caseload.qa_lead)
    html = client.get(reverse("web:caseload")).text
    assert 'name="team"' in html
    assert rows(client, reverse("web:caseload"), team=caseload.south.pk) == ["S-0001"]


def download(client, **params) -> list[list[str]]:
    response = client.get(reverse("web:caseload_csv"), params)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith("attachment;")
    return list(csv.reader(io.StringIO(response.getvalue().decode())))


def test_the_download_holds_every_case_not_one_page_in_the_order_shown(client, caseload):
    client.force_login(caseload.cm_a)
    table = download(client, sort="child", order="descending")
    assert table[0][:3] == ["Case", "Child", "Case manager"]
    assert [row[0] for row in table[1:]] == ["N-0101", "N-0105", "N-0102", "N-0104", "N-0103"]


def test_the_download_applies_the_filters(client, caseload):
    client.force_login(caseload.cm_a)
    assert [row[0] for row in download(client, show="overdue")[1:]] == ["N-0102", "N-0104"]


def test_the_download_writes_a_cell_that_would_run_as_a_formula_as_text(client, caseload):
    client.force_login(caseload.cm_a)
    names = {row[0]: row[1] for row in download(client)[1:]}
    assert names["N-0103"] == "'=Dana Formula"


def test_the_download_is_written_to_the_access_log_as_an_export_naming_every_case(client, caseload):
    client.force_login(caseload.cm_a)
    download(client, show="overdue")
    entry = AccessLogEntry.objects.filter(target="caseload download").latest("seq")
    assert entry.verb == AccessVerb.EXPORT
    assert entry.case_refs.split() == ["N-0102", "N-0104"]
    assert entry.payload["filters"] == {"show": ["overdue"]}


def test_the_board_gets_no_download(client, caseload):
    client.force_login(caseload.board)
    assert client.get(reverse("web:caseload_csv")).status_code == 403


def test_the_download_is_streamed_not_built_in_memory(client, caseload):
    client.force_login(caseload.cm_a)
    response = client.get(reverse("web:caseload_csv"))
    assert response.streaming


def test_the_download_is_logged_before_its_first_row_is_read(client, caseload):
    client.force_login(caseload.cm_a)
    response = client.get(reverse("web:caseload_csv"))
    entry = AccessLogEntry.objects.filter(verb=AccessVerb.EXPORT).latest("id")
    assert entry.target == "caseload download" and entry.payload["rows"] >= 1
    assert b"".join(response.streaming_content).count(b"\r\n") == entry.payload["rows"] + 1
