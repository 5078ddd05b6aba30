"""The caseload and one case's page: what is shown, and the access log they write."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from casequality.accounts.models import AccessLogEntry, AccessVerb
from casequality.oversight.models import FindingNote
from tests.web.factories import ensure_finding, import_cases


def test_a_case_manager_sees_only_their_own_cases(client, world):
    client.force_login(world.cast.cm_a)
    html = client.get("/cases/").content.decode()
    assert "N-0001" in html
    assert "N-0002" not in html and "S-0001" not in html


def test_a_team_manager_sees_their_teams_cases_only(client, world):
    client.force_login(world.cast.tm_north)
    html = client.get("/cases/").content.decode()
    assert "N-0001" in html and "N-0002" in html
    assert "S-0001" not in html


def test_a_qa_lead_sees_every_case_of_the_service(client, world):
    client.force_login(world.cast.qa_lead)
    html = client.get("/cases/").content.decode()
    assert all(ref in html for ref in ("N-0001", "N-0002", "S-0001"))


def test_the_caseload_shows_open_findings_as_severity_tags(client, world):
    client.force_login(world.cast.cm_a)
    html = client.get("/cases/").content.decode()
    assert '<strong class="govuk-tag govuk-tag--orange">1 should</strong>' in html
    assert "govuk-tag--blue" in html  # the OVS-001 task


def test_the_caseload_filters_by_rule(client, world):
    client.force_login(world.cast.qa_lead)
    html = client.get("/cases/", {"rule": "LOR-003"}).content.decode()
    assert "N-0001" in html
    assert "N-0002" not in html


def test_the_caseload_filters_by_team(client, world):
    client.force_login(world.cast.qa_lead)
    html = client.get("/cases/", {"team": str(world.cast.south.pk)}).content.decode()
    assert "S-0001" in html and "N-0001" not in html


def test_the_caseload_filters_by_severity(client, world):
    client.force_login(world.cast.qa_lead)
    html = client.get("/cases/", {"severity": "should"}).content.decode()
    assert "N-0001" in html and "S-0001" not in html


def test_the_caseload_is_paginated(client, cast, world):
    import_cases(cast, [f"N-{i:04d}" for i in range(10, 40)], case_manager="S1")
    client.force_login(cast.cm_a)
    first = client.get("/cases/").content.decode()
    assert "govuk-pagination" in first
    second = client.get("/cases/", {"page": "2"}).content.decode()
    assert "N-0039" in second and "N-0039" not in first


def test_the_caseload_takes_the_same_number_of_queries_however_many_cases(client, cast, world):
    client.force_login(cast.qa_lead)
    with CaptureQueriesContext(connection) as few:
        client.get("/cases/")
    for case in import_cases(cast, [f"S-{i:04d}" for i in range(10, 40)], case_manager="S3").values():
        ensure_finding(case, rule="LOR-003", owner="CM", kind="finding", severity="should")
    with CaptureQueriesContext(connection) as many:
        client.get("/cases/")
    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_case_page_shows_the_child_the_order_and_the_timeline(client, world):
    client.force_login(world.cast.cm_a)
    html = client.get("/cases/N-0001/").content.decode()
    assert "Jordan Example" in html
    assert "Referral order" in html
    assert "Assessment (start, assetplus)" in html
    assert "Event: contact" in html


def test_the_case_page_gives_each_finding_its_standard_and_source(client, world):
    client.force_login(world.cast.cm_a)
    html = client.get("/cases/N-0001/").content.decode()
    assert "LOR-003" in html
    assert "High-scoring sections have enough evidence" in html  # the rulebook's title
    assert "SQS ¶1.2" in html  # its source
    assert "Why it fired" in html


def test_resolved_findings_are_listed_with_their_dates(client, world):
    finding = world.cm_finding
    finding.resolved_on = finding.opened_on
    finding.save()
    client.force_login(world.cast.cm_a)
    html = client.get("/cases/N-0001/").content.decode()
    resolved = html.split("Resolved findings", 1)[1]
    assert "LOR-003" in resolved
    assert finding.resolved_on.strftime("%-d %B %Y") in resolved


def test_each_view_of_a_case_page_writes_one_access_log_entry(client, world):
    client.force_login(world.cast.tm_north)
    before = AccessLogEntry.objects.filter(case_ref="N-0002", verb=AccessVerb.VIEW).count()
    client.get("/cases/N-0002/")
    client.get("/cases/N-0002/")
    entries = AccessLogEntry.objects.filter(case_ref="N-0002", verb=AccessVerb.VIEW)
    assert entries.count() == before + 2
    assert entries.first().actor == world.cast.tm_north


def test_a_refused_case_page_writes_no_view_entry(client, world):
    client.force_login(world.cast.cm_b)
    assert client.get("/cases/N-0001/").status_code == 404
    assert not AccessLogEntry.objects.filter(case_ref="N-0001", actor=world.cast.cm_b, verb=AccessVerb.VIEW).exists()


def test_a_case_manager_answers_a_finding_with_a_note_for_review(client, world):
    client.force_login(world.cast.cm_a)
    url = f"/cases/N-0001/findings/{world.cm_finding.pk}/"
    response = client.post(
        url, {"text": "The evidence is in the second section.", "mark_for_review": "on", "version": "open.0"}
    )
    assert response.status_code == 302
    note = FindingNote.objects.get(finding=world.cm_finding)
    assert note.marked_for_review and note.author == world.cast.cm_a
    assert AccessLogEntry.objects.filter(case_ref="N-0001", verb=AccessVerb.NOTE).count() == 1


def test_an_empty_note_shows_a_govuk_error_summary_and_message(client, world):
    client.force_login(world.cast.cm_a)
    html = client.post(f"/cases/N-0001/findings/{world.cm_finding.pk}/", {"text": ""}).content.decode()
    assert "govuk-error-summary" in html
    assert '<p id="id_text-error" class="govuk-error-message">' in html
    assert "Enter a note about this finding" in html
    assert not FindingNote.objects.exists()


def test_a_note_marked_for_review_reaches_the_team_managers_queue(client, world):
    client.force_login(world.cast.cm_a)
    client.post(
        f"/cases/N-0001/findings/{world.cm_finding.pk}/",
        {"text": "Wrong.", "mark_for_review": "on", "version": "open.0"},
    )
    client.force_login(world.cast.tm_north)
    html = client.get("/oversight/").content.decode()
    review_list = html.split("asked you to review", 1)[1]
    assert "LOR-003" in review_list


def test_the_case_page_takes_the_same_number_of_queries_however_long_the_record(client, cast, world):
    client.force_login(cast.cm_a)
    with CaptureQueriesContext(connection) as short:
        client.get("/cases/N-0001/")
    case = world.cases["N-0001"]
    for i in range(10):
        ensure_finding(case, rule=f"LOR-00{i}", subject=f"A{i}", owner="CM", kind="finding", severity="should")
        FindingNote.objects.create(finding=world.cm_finding, author=cast.cm_a, author_name="cm_a", text=f"note {i}")
    with CaptureQueriesContext(connection) as long:
        client.get("/cases/N-0001/")
    assert len(long.captured_queries) == len(short.captured_queries)


def test_a_long_list_of_teams_becomes_a_text_filter_by_name(client, cast, world):
    from casequality.cases.models import Team

    Team.objects.bulk_create([Team(service=cast.service, name=f"Team {i}") for i in range(60)])
    client.force_login(cast.qa_lead)
    html = client.get("/cases/", {"team": "south"}).content.decode()
    assert '<input class="govuk-input' in html and 'name="team"' in html
    assert "S-0001" in html and "N-0001" not in html


def test_a_note_sent_without_the_version_read_is_refused_and_nothing_saved(client, world):
    client.force_login(world.cast.cm_a)
    html = client.post(f"/cases/N-0001/findings/{world.cm_finding.pk}/", {"text": "Done."}).content.decode()
    assert "Nothing was saved" in html and 'name="version" value="open.0"' in html
    assert not FindingNote.objects.exists()


def test_the_same_note_sent_twice_is_saved_once(client, world):
    client.force_login(world.cast.cm_a)
    url = f"/cases/N-0001/findings/{world.cm_finding.pk}/"
    assert client.post(url, {"text": "Done.", "version": "open.0"}).status_code == 302
    html = client.post(url, {"text": "Done.", "version": "open.0"}).content.decode()
    assert "nothing was saved" in html and 'name="version" value="open.1"' in html
    assert FindingNote.objects.count() == 1
