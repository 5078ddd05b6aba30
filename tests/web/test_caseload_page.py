"""The caseload's page rendered by Jinja2 (web/jinja2/web/cases/caseload.html): its filters'
fields as the Django includes wrote them, what was typed or chosen shown back escaped; a
QA lead's whole service walked in urgency order by its kept urgency (decision 0060); a team's
and a case manager's whole caseload counted and paged by plain statements beside their twin;
the filters' first choices by plain statements beside theirs; a whole caseload's rows read
with the kept urgency its order comes from, as the cases' findings give them."""

from __future__ import annotations

import re
from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from casequality.accounts.selectors import staff_for_user
from casequality.cases.models import Case, Service, Staff, Team
from casequality.data.caseload import (
    kept_rows,
    kept_rows_orm,
    own_count,
    own_page,
    service_case_managers,
    service_case_managers_orm,
    service_teams_first,
    service_teams_first_orm,
    team_case_managers,
    team_case_managers_orm,
)
from casequality.data.reads import caseload_rows
from casequality.standards.models import CaseUrgency
from casequality.web.caseload_order import Own
from casequality.web.forms import CaseloadFilterForm
from tests.web.factories import ensure_finding, import_cases

HOSTILE = "<script>alert('x')</script> & \"quoted\" \u202eevil"


def test_a_name_typed_into_a_filter_is_shown_back_escaped_in_its_box(client, cast, monkeypatch):
    monkeypatch.setattr(CaseloadFilterForm, "SELECT_AT_MOST", 1)  # every list a text box
    import_cases(cast)
    client.force_login(cast.qa_lead)
    html = client.get(reverse("web:caseload"), {"team": HOSTILE}).text
    assert '<input class="govuk-input" id="id_team" name="team" type="text" value="&lt;script&gt;alert(' in html
    assert "<script>alert" not in html and "&amp; &#34;quoted&#34;" in html


def test_a_choice_not_offered_is_shown_as_the_fields_error(client, cast):
    import_cases(cast)
    client.force_login(cast.tm_north)
    html = client.get(reverse("web:caseload"), {"severity": HOSTILE}).text
    assert '<div class="govuk-form-group govuk-form-group--error">' in html
    assert 'aria-describedby=" id_severity-error"' in html
    assert "Select a valid choice. &lt;script&gt;alert(" in html and "<script>alert" not in html


def test_the_chosen_filters_are_selected_and_ticked_again(client, cast):
    import_cases(cast)
    client.force_login(cast.tm_north)
    html = client.get(reverse("web:caseload"), {"severity": "must", "show": ["overdue", "returned"]}).text
    assert '<option value="must" selected>Must</option>' in html
    assert 'value="overdue" checked>' in html and 'value="returned" checked>' in html
    assert 'value="at_risk">' in html


def qa_refs(client) -> list[str]:
    html = client.get(reverse("web:caseload")).text
    return re.findall(r'<a class="govuk-link" href="/cases/([^/]+)/"><bdi>', html)


def test_a_qa_leads_caseload_walked_by_its_kept_urgency_is_in_the_order_the_join_gives(client, cast):
    cases = import_cases(cast)
    ensure_finding(cases["S-0001"], kind="finding", due=timezone.localdate())
    client.force_login(cast.qa_lead)
    with CaptureQueriesContext(connection) as walked:
        shown = qa_refs(client)
    walks = [q["sql"] for q in walked.captured_queries if re.search(r'FROM "?standards_caseurgency"? WHERE', q["sql"])]
    assert any("ORDER BY" in sql for sql in walks)  # the ids read from the kept urgency alone
    assert shown[0] == "S-0001"
    CaseUrgency.objects.filter(case=cases["N-0002"]).delete()  # one case without its row: the join's order
    assert qa_refs(client) == shown


def urgent_cases(cast) -> dict[str, Case]:
    """Eight cases of the North team (five of cm_a's) with kept urgency that ties on the day
    due and on the Musts, one without a day due and one without its kept row."""
    refs = ("N-0001", "N-0002", "N-0003", "N-0004", "N-0005", "N-0006", "N-0007", "N-0008")
    cases = import_cases(cast, refs[:2]) | import_cases(cast, refs[2:], case_manager="S1")
    today = timezone.localdate()
    urgency = {"N-0001": (today, 1), "N-0002": (today, 3), "N-0003": (None, 5), "N-0004": (today, 3),
               "N-0005": (today - timedelta(days=9), 0), "N-0006": (None, 0), "N-0007": (today, 3)}  # fmt: skip
    for ref, (due, must) in urgency.items():
        CaseUrgency.objects.filter(case=cases[ref]).update(next_due=due, must=must)
    CaseUrgency.objects.filter(case=cases["N-0008"]).delete()
    return cases


def test_a_team_or_case_managers_caseload_counted_and_paged_by_plain_statements_is_its_twins(cast):
    urgent_cases(cast)
    for column, value in (("team_id", cast.north.pk), ("case_manager_id", cast.cm_a.staff_id), ("team_id", -1)):
        twin = list(Own(column, value).ids)
        assert own_count(column, value) == len(twin)
        for offset, limit in ((0, 25), (0, 3), (3, 3), (6, 3), (20, 5), (0, 0)):
            assert own_page(column, value, offset=offset, limit=limit) == twin[offset : offset + limit]


def test_a_team_managers_caseload_is_in_the_order_the_join_gives_without_a_count_by_the_orm(client, cast):
    cases = urgent_cases(cast)
    client.force_login(cast.tm_north)
    with CaptureQueriesContext(connection) as read:
        shown = qa_refs(client)
    assert shown == [Case.objects.get(pk=pk).ref for pk in Own("team_id", cast.north.pk).ids]
    assert shown[0] == "N-0005" and shown[-1] == "N-0008" and len(shown) == len(cases)
    assert not any('COUNT(*) AS "__count"' in q["sql"] for q in read.captured_queries)


def test_a_teams_case_managers_by_a_plain_statement_are_its_orm_twins(cast):
    Staff.objects.filter(ref="S2").update(name=HOSTILE)
    Staff.objects.create(service=cast.service, ref="S7", name="Aaron Able", role="case_manager", team=cast.north)
    Staff.objects.create(service=cast.service, ref="S6", name="Zed Left", role="case_manager", team=cast.south)
    for team in (cast.north.pk, cast.south.pk, -1):
        for limit in (51, 2, 1, 0):
            assert team_case_managers(team, limit=limit) == team_case_managers_orm(team, limit=limit)
    names = [name for _, name in team_case_managers(cast.north.pk, limit=51)]
    assert sorted(names) == sorted(["Aaron Able", "Sam Patel", HOSTILE])  # the team manager is no case manager


def other_service_staff(cast) -> Service:
    """A second service with two teams and two case managers (one named as hostile text), and
    two more case managers of the cast's own service."""
    other = Service.objects.create(code="OTH", name="Other Youth Offending Service")
    east = Team.objects.create(service=other, name="East")
    Team.objects.create(service=other, name="Aardvark")
    Staff.objects.create(service=other, ref="O1", name=HOSTILE, role="case_manager", team=east)
    Staff.objects.create(service=other, ref="O2", name="Beth Other", role="case_manager", team=east)
    Staff.objects.create(service=cast.service, ref="S7", name="Aaron Able", role="case_manager", team=cast.north)
    Staff.objects.create(service=cast.service, ref="S6", name="Zed Left", role="case_manager", team=cast.south)
    return other


def test_a_services_case_managers_by_a_plain_statement_are_its_orm_twins(cast):
    other = other_service_staff(cast)
    for services in ([cast.service.pk], [cast.service.pk, other.pk], [other.pk, other.pk], [-1], []):
        for limit in (51, 2, 1, 0):
            assert service_case_managers(services, limit=limit) == service_case_managers_orm(services, limit=limit)


def test_a_qa_leads_case_managers_by_a_plain_statement_are_those_staff_for_user_gives(cast):
    other_service_staff(cast)
    offered = list(staff_for_user(cast.qa_lead).order_by("name").values_list("pk", "name")[:51])
    assert service_case_managers([cast.service.pk], limit=51) == offered
    assert [name for _, name in offered] == ["Aaron Able", "Chris Wood", "Pat Khan", "Sam Patel", "Zed Left"]


def test_a_services_teams_by_a_plain_statement_are_its_orm_twins(cast):
    other = other_service_staff(cast)
    for services in ([cast.service.pk], [cast.service.pk, other.pk], [other.pk], [-1], []):
        for limit in (51, 2, 1, 0):
            assert service_teams_first(services, limit=limit) == service_teams_first_orm(services, limit=limit)
    assert [name for _, name in service_teams_first([cast.service.pk, other.pk], limit=51)] == [
        "Aardvark",
        "East",
        "North",
        "South",
    ]


def test_a_qa_leads_whole_caseload_reads_its_filters_choices_and_cases_without_the_orm(client, cast):
    import_cases(cast)
    client.force_login(cast.qa_lead)
    with CaptureQueriesContext(connection) as read:
        html = client.get(reverse("web:caseload")).text
    assert not any(
        '"cases_staff"."name"' in q["sql"] or '"cases_team"."name"' in q["sql"] for q in read.captured_queries
    )
    assert '<option value="' + str(cast.north.pk) + '">North</option>' in html
    assert ">Chris Wood</option><option value=" in html and len(qa_refs(client)) == 3


def test_the_pages_links_of_a_long_caseload_show_the_gap_between_the_numbers(client, cast, monkeypatch):
    monkeypatch.setattr("casequality.web.views.cases.PAGE_SIZE", 1)
    refs = [f"N-{n:04d}" for n in range(1, 14)]
    import_cases(cast, refs, case_manager="S1")
    client.force_login(cast.qa_lead)
    html = client.get(reverse("web:caseload"), {"page": 7}).text
    links = re.findall(r'<li class="govuk-pagination__item[^"]*">\s*(?:<a [^>]*>(\d+)</a>|(&ctdot;))', html)
    assert [number or gap for number, gap in links] == ["1", "&ctdot;", "5", "6", "7", "8", "9", "&ctdot;", "13"]


def by_id(rows: list[dict]) -> list[dict]:
    return sorted(rows, key=lambda row: row["id"])


def test_a_pages_rows_read_with_the_kept_urgency_by_a_plain_statement_are_its_orm_twins(cast):
    cases = urgent_cases(cast)  # kept urgency of every kind, and a case without its row
    Case.objects.filter(pk=cases["N-0003"].pk).update(case_manager=None, team=None, closed_on=timezone.localdate())
    Case.objects.filter(pk=cases["N-0004"].pk).update(child_name=HOSTILE)
    ids = [case.pk for case in cases.values()]
    for chosen in (ids, ids[:1], ids[::-1] + ids[:2], [-1], []):
        assert by_id(kept_rows(chosen)) == by_id(kept_rows_orm(chosen))
    row = next(row for row in kept_rows(ids) if row["id"] == cases["N-0008"].pk)
    assert (row["open_must"], row["open_should"], row["open_tasks"], row["next_due"]) == (0, 0, 0, None)


def test_a_pages_rows_read_with_the_kept_urgency_are_those_the_cases_findings_give(cast):
    cases = import_cases(cast)
    today = timezone.localdate()
    ensure_finding(cases["N-0001"], rule="PLAN-001", kind="finding", severity="must", due=today - timedelta(days=4))
    ensure_finding(cases["N-0001"], rule="PLAN-002", kind="finding", severity="should", due=today)
    ensure_finding(cases["N-0002"], rule="OVS-002", kind="task", due=today + timedelta(days=9))
    Case.objects.filter(pk=cases["S-0001"].pk).update(case_manager=None, team=None, closed_on=today)
    ids = [case.pk for case in cases.values()]
    kept = by_id(kept_rows(ids))
    assert kept == by_id(caseload_rows(ids))
    assert [row["open_must"] + row["open_should"] + row["open_tasks"] for row in kept] != [0, 0, 0]
