"""The KPI pages: figures for managers and the board, the cases behind a figure for managers only."""

from __future__ import annotations

import pytest
from django.urls import reverse

from casequality.accounts.models import AccessLogEntry
from tests.web.factories import import_ended_orders

Q = "?quarter=2026-01"  # January to March 2026


@pytest.fixture
def ended(cast):
    """N-0001 (North, cm_a) and S-0001 (South, cm_c): referral orders that ended on 15 February 2026."""
    import_ended_orders(cast, [("N-0001", "S1", "2026-02-15"), ("S-0001", "S3", "2026-02-15")])
    return cast


def page(client, user, url):
    client.force_login(user)
    return client.get(url)


def test_the_board_sees_the_figures_without_a_link_to_any_case_list(client, ended):
    html = page(client, ended.board, reverse("web:kpis") + Q).content.decode()
    assert "Accommodation" in html and "0 of 2" in html
    assert "/kpis/kpi-1/" not in html


def test_the_board_may_not_open_the_cases_behind_a_figure(client, ended):
    assert page(client, ended.board, reverse("web:kpi_cases", args=["kpi-1"]) + Q).status_code == 403


def test_a_qa_lead_sees_each_figure_link_to_its_cases(client, ended):
    html = page(client, ended.qa_lead, reverse("web:kpis") + Q).content.decode()
    assert reverse("web:kpi_cases", args=["kpi-1"]) + Q in html


def test_the_figures_page_shows_the_missing_data(client, ended):
    html = page(client, ended.qa_lead, reverse("web:kpis") + Q).content.decode()
    assert "2 of 2 children ending had no accommodation recorded at the end" in html


def test_a_team_manager_counts_and_lists_only_their_teams_cases(client, ended):
    html = page(client, ended.tm_north, reverse("web:kpi_cases", args=["kpi-1"]) + Q).content.decode()
    assert "N-0001" in html and "S-0001" not in html


def test_the_cases_behind_a_figure_are_access_logged(client, ended):
    page(client, ended.qa_lead, reverse("web:kpi_cases", args=["kpi-1"]) + Q)
    entry = AccessLogEntry.objects.filter(actor=ended.qa_lead, target="KPI kpi-1 2026-01").get()
    assert entry.case_refs == " N-0001 S-0001 "


def test_a_quarter_that_is_not_one_is_a_clear_error_on_the_figures_page(client, ended):
    response = page(client, ended.qa_lead, reverse("web:kpis") + "?quarter=2026-02")
    assert response.status_code == 200
    assert "Choose a quarter from the list" in response.content.decode()


def test_an_unknown_kpi_is_not_found(client, ended):
    assert page(client, ended.qa_lead, reverse("web:kpi_cases", args=["kpi-99"]) + Q).status_code == 404


def test_the_figures_default_to_the_last_complete_quarter(client, ended):
    from django.utils import timezone

    from casequality.reports.kpis import last_complete_quarter

    html = page(client, ended.qa_lead, reverse("web:kpis")).content.decode()
    assert last_complete_quarter(timezone.localdate()).label in html


def test_the_navigation_offers_kpis_to_the_board_and_not_to_a_case_manager(client, ended):
    assert 'href="/kpis/"' in page(client, ended.board, reverse("web:board")).content.decode()
    client.logout()
    assert 'href="/kpis/"' not in page(client, ended.cm_a, reverse("web:caseload")).content.decode()


def test_the_access_log_entry_names_the_cases_a_sub_measure_shows_too(client, ended):
    # SEND: neither case has an identified need (none recorded), so the figure's own lists
    # are empty, but the sub-measure "no need recorded" names both.
    html = page(client, ended.qa_lead, reverse("web:kpi_cases", args=["kpi-3"]) + Q).content.decode()
    assert "N-0001, S-0001" in html
    entry = AccessLogEntry.objects.filter(actor=ended.qa_lead, target="KPI kpi-3 2026-01").get()
    assert entry.case_refs == " N-0001 S-0001 "


def test_the_cases_behind_a_figure_are_listed_a_page_at_a_time_and_each_page_logs_its_own(client, ended, monkeypatch):
    from casequality.web.views import kpis

    monkeypatch.setattr(kpis, "CASES_PAGE", 1)
    first = page(client, ended.qa_lead, reverse("web:kpi_cases", args=["kpi-1"]) + Q).content.decode()
    second = client.get(reverse("web:kpi_cases", args=["kpi-1"]) + Q + "&page=2").content.decode()
    assert "The 2 cases behind the figure" in first and "The 2 cases behind the figure" in second
    assert ">N-0001<" in first and ">S-0001<" not in first
    assert ">S-0001<" in second and ">N-0001<" not in second
    entries = AccessLogEntry.objects.filter(actor=ended.qa_lead, target="KPI kpi-1 2026-01").order_by("id")
    assert [e.case_refs for e in entries] == [" N-0001 ", " S-0001 "]


def test_the_pages_of_the_cases_behind_a_figure_link_to_each_other_keeping_the_quarter(client, ended, monkeypatch):
    from casequality.web.views import kpis

    monkeypatch.setattr(kpis, "CASES_PAGE", 1)
    first = page(client, ended.qa_lead, reverse("web:kpi_cases", args=["kpi-1"]) + Q).content.decode()
    second = client.get(reverse("web:kpi_cases", args=["kpi-1"]) + Q + "&page=2").content.decode()
    assert 'href="?quarter=2026-01&amp;page=2" rel="next"' in first and 'rel="prev"' not in first
    assert 'href="?quarter=2026-01&amp;page=1" rel="prev"' in second and 'rel="next"' not in second
    assert "this page lists those of cases 2 to 2" in second
