"""The measures page: each role sees its own scope, counts only, charts with their tables.

Two findings of OVS-001 made by hand (whatever the rulebook raised on import is removed):
N-0001 (North) a task due later this month, still open; S-0001 (South) due last month and
not met. So North has 1 due, South 1, the service 2.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from casequality.cases.vocabulary import month_start
from casequality.standards.models import Finding
from tests.web.factories import CHILD_NAMES, ensure_finding, import_cases

STAFF_NAMES = ["Alex Brown", "Jo Green", "Sam Patel", "Chris Wood", "Pat Khan", "Robin Hale"]


@pytest.fixture
def findings(cast):
    cases = import_cases(cast)
    Finding.objects.all().delete()
    today = timezone.localdate()
    ensure_finding(cases["N-0001"], due=today)
    ensure_finding(cases["S-0001"], kind="finding", due=month_start(today) - timedelta(days=1))
    return cases


def page(client, user) -> str:
    client.force_login(user)
    response = client.get("/measures/")
    assert response.status_code == 200
    return response.content.decode()


def test_a_team_manager_sees_the_measures_of_their_team_only(client, cast, findings):
    html = page(client, cast.tm_north)
    assert "Managerial oversight" in html and "1 due in the last 12 months" in html


def test_a_qa_lead_sees_the_measures_of_the_whole_service(client, cast, findings):
    assert "2 due in the last 12 months" in page(client, cast.qa_lead)


def test_each_family_has_a_chart_and_its_figures_as_a_table(client, cast, findings):
    html = page(client, cast.tm_south)
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg" class="cq-chart"') == 1
    assert "Figures for managerial oversight" in html and '<table class="govuk-table' in html
    assert "Managerial oversight: subjects due each month" in html  # the chart's accessible name


def test_the_board_sees_the_same_counts_without_any_name(client, cast, findings):
    html = page(client, cast.board)
    assert "2 due in the last 12 months" in html
    main = html.split("<main", 1)[1]
    for name in [*CHILD_NAMES.values(), *STAFF_NAMES, "North", "South", "N-0001", "S-0001"]:
        assert name not in main


def test_a_family_with_nothing_due_is_left_out(client, cast, findings):
    assert "Planning" not in page(client, cast.qa_lead).split("<main", 1)[1]


@pytest.mark.django_db(transaction=True)
def test_a_services_measures_are_kept_then_counted_again_when_its_record_changes(client, cast, findings):
    from casequality.reports.models import KeptFigures

    assert "2 due in the last 12 months" in page(client, cast.qa_lead)
    assert KeptFigures.objects.filter(name="measures by rule and month, 12 months").count() == 1
    ensure_finding(findings["N-0001"], subject="A2", due=timezone.localdate())
    assert "3 due in the last 12 months" in page(client, cast.qa_lead)


def test_the_families_kept_as_rows_give_the_same_measures_as_counted_afresh(cast, findings):
    from casequality.standards.measures import measures_by_family, rule_month_rows

    today = timezone.localdate()
    afresh = measures_by_family(Finding.objects.all(), as_of=today)
    rows = rule_month_rows(Finding.objects.all(), as_of=today)
    assert measures_by_family(None, as_of=today, rows=rows) == afresh


@pytest.mark.django_db(transaction=True)
def test_a_team_managers_measures_are_kept_then_counted_again_when_their_services_record_changes(
    client, cast, findings
):
    from casequality.reports.models import KeptFigures

    assert "1 due in the last 12 months" in page(client, cast.tm_north)
    assert KeptFigures.objects.filter(name__endswith=f"12 months, team {cast.north.pk}").count() == 1
    ensure_finding(findings["N-0001"], subject="A2", due=timezone.localdate())
    assert "2 due in the last 12 months" in page(client, cast.tm_north)


@pytest.mark.django_db(transaction=True)
def test_each_teams_kept_measures_are_its_own(client, cast, findings):
    ensure_finding(findings["N-0001"], subject="A2", due=timezone.localdate())
    assert "2 due in the last 12 months" in page(client, cast.tm_north)
    assert "1 due in the last 12 months" in page(client, cast.tm_south)
    assert "2 due in the last 12 months" in page(client, cast.tm_north)
