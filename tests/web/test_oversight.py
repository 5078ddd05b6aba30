"""The oversight queue and countersigning: recorded as Casequality's act, logged, and re-evaluated."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from casequality.accounts.models import AccessLogEntry, AccessVerb
from casequality.cases.models import Act, Assessment, Case
from casequality.cases.selectors import subject_state
from casequality.cases.signals import case_record_changed
from casequality.standards.models import Finding
from tests.web.factories import ensure_finding

ITEM = "/oversight/N-0001/assessment/A1/"


def seen() -> str:
    """The version of assessment A1 of N-0001 a manager reads on its page (the form's hidden field)."""
    return subject_state(case=Case.objects.get(ref="N-0001"), subject_type="assessment", ref="A1").version


def standing(world) -> dict | None:
    """The countersignature that stands on assessment A1 of N-0001 (the CMS's or an act's)."""
    return subject_state(case=world.cases["N-0001"], subject_type="assessment", ref="A1").countersigned


@pytest.fixture
def signals_sent():
    sent = []

    def receiver(sender, **kwargs):
        sent.append(kwargs)

    case_record_changed.connect(receiver, dispatch_uid="test-web-signals")
    yield sent
    case_record_changed.disconnect(dispatch_uid="test-web-signals")


def test_the_queue_lists_the_teams_tm_findings_oldest_due_first(client, world):
    later = world.finding
    sooner = ensure_finding(world.cases["N-0002"])
    sooner.due = later.due - timezone.timedelta(days=1)
    sooner.save()
    client.force_login(world.cast.tm_north)
    html = client.get("/oversight/").content.decode()
    waiting = html.split("Countersigned but still insufficient", 1)[0]
    assert waiting.index("N-0002") < waiting.index("N-0001")
    assert "S-0001" not in html


def test_the_queue_leaves_out_case_managers_findings(client, world):
    client.force_login(world.cast.tm_north)
    waiting = client.get("/oversight/").content.decode().split("Countersigned but still insufficient", 1)[0]
    assert "LOR-003" not in waiting


def test_approved_items_still_insufficient_have_their_own_list(client, world):
    ensure_finding(world.cases["N-0002"], rule="OVS-002", kind="finding")
    client.force_login(world.cast.tm_north)
    html = client.get("/oversight/").content.decode()
    waiting, insufficient = html.split("Countersigned but still insufficient", 1)
    assert "OVS-002" in insufficient.split("asked you to review")[0]
    assert "OVS-002" not in waiting


def test_the_item_page_shows_the_assessment_beside_its_findings(client, world):
    client.force_login(world.cast.tm_north)
    html = client.get(ITEM).content.decode()
    assert "Physical injury in a street robbery" in html
    assert "OVS-001" in html
    assert 'class="govuk-radios' in html and 'class="govuk-textarea' in html


def test_the_item_page_says_in_words_that_an_item_is_not_yet_countersigned(client, world):
    client.force_login(world.cast.tm_north)
    html = client.get(ITEM).content.decode()
    shown = re.search(r"Countersignature</dt><dd[^>]*>([^<]*)</dd>", html)
    assert shown is not None and shown.group(1) == "Not yet countersigned"


def test_countersigning_records_an_act_that_stands_on_the_assessment(client, world, signals_sent):
    client.force_login(world.cast.tm_north)
    response = client.post(ITEM, {"version": seen(), "outcome": "approved", "comment": ""})
    assert response.status_code == 302
    act = Act.objects.get(case=world.cases["N-0001"], subject_ref="A1")
    assert (act.kind, act.outcome, act.by, act.date) == (
        "countersignature",
        "approved",
        world.cast.tm_north.staff,
        timezone.localdate(),
    )
    assert standing(world)["outcome"] == "approved"


def test_countersigning_leaves_the_cms_record_of_the_assessment_as_it_was(client, world):
    client.force_login(world.cast.tm_north)
    client.post(ITEM, {"version": seen(), "outcome": "approved"})
    assert Assessment.objects.get(case=world.cases["N-0001"], ref="A1").countersigned_outcome == ""


def test_countersigning_asks_for_the_case_to_be_re_evaluated(
    client, world, django_capture_on_commit_callbacks, signals_sent
):
    client.force_login(world.cast.tm_north)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(ITEM, {"version": seen(), "outcome": "approved"})
    assert signals_sent == [
        {"signal": case_record_changed, "service": world.cast.service, "case_ids": [world.cases["N-0001"].pk]}
    ]


def test_countersigning_writes_one_access_log_entry(client, world):
    client.force_login(world.cast.tm_north)
    client.post(ITEM, {"version": seen(), "outcome": "approved"})
    entries = AccessLogEntry.objects.filter(case_ref="N-0001", verb=AccessVerb.COUNTERSIGN)
    assert entries.count() == 1
    assert entries.get().payload["outcome"] == "approved"


def test_returning_an_item_stores_the_comment(client, world):
    client.force_login(world.cast.qa_lead)
    client.post(ITEM, {"version": seen(), "outcome": "returned", "comment": "Say who is at risk at home."})
    assert (standing(world)["outcome"], standing(world)["comment"]) == ("returned", "Say who is at risk at home.")


def test_choosing_nothing_shows_a_govuk_error_summary(client, world):
    client.force_login(world.cast.tm_north)
    html = client.post(ITEM, {}).content.decode()
    assert "govuk-error-summary" in html
    assert '<a href="#id_outcome">Select whether you countersign it or return it</a>' in html
    assert '<p id="id_outcome-error" class="govuk-error-message">' in html
    assert standing(world) is None


def test_returning_without_a_comment_is_refused_with_a_message(client, world):
    client.force_login(world.cast.tm_north)
    html = client.post(ITEM, {"version": seen(), "outcome": "returned", "comment": " "}).content.decode()
    assert "Enter a comment saying what needs to change" in html
    assert "govuk-error-message" in html


def test_nobody_countersigns_their_own_work(client, world):
    assessment = Assessment.objects.get(case=world.cases["N-0001"], ref="A1")
    assessment.author = world.cast.tm_north.staff
    assessment.save()
    client.force_login(world.cast.tm_north)
    html = client.post(ITEM, {"version": seen(), "outcome": "approved"}).content.decode()
    assert "You cannot countersign your own work" in html
    assert standing(world) is None


def test_another_teams_manager_cannot_countersign(client, world):
    client.force_login(world.cast.tm_south)
    assert client.post(ITEM, {"version": seen(), "outcome": "approved"}).status_code == 404
    assert standing(world) is None


def test_countersigning_closes_the_oversight_finding(client, cast, django_capture_on_commit_callbacks):
    """With the rulebook engine connected: import raises OVS-001, countersigning closes it."""
    pytest.importorskip("casequality.standards.services")
    from tests.web.factories import import_cases

    with django_capture_on_commit_callbacks(execute=True):
        import_cases(cast, ["N-0001"])
    finding = Finding.objects.get(case__ref="N-0001", rule="OVS-001", resolved_on__isnull=True)
    # The record's A1 has other Musts open: approving it asks first (decision 0049), so confirm.
    musts = Finding.objects.filter(
        case__ref="N-0001", subject="A1", kind="finding", severity="must", resolved_on__isnull=True
    ).exclude(rule__startswith="OVS-")
    client.force_login(cast.tm_north)
    with django_capture_on_commit_callbacks(execute=True):
        sent = {"version": seen(), "outcome": "approved", "confirm_open": ",".join(str(f.pk) for f in musts)}
        assert client.post(ITEM, sent).status_code == 302
    finding.refresh_from_db()
    assert finding.resolved_on == timezone.localdate()


def test_the_queue_takes_the_same_number_of_queries_however_long(client, cast, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.web.factories import import_cases

    client.force_login(cast.tm_north)
    # One item in each list to start with: an empty list is not read at all.
    for case in import_cases(cast, ["N-0009"], case_manager="S2").values():
        ensure_finding(case)
        ensure_finding(case, rule="OVS-002", kind="finding")
    with CaptureQueriesContext(connection) as short:
        client.get("/oversight/")
    for case in import_cases(cast, [f"N-{i:04d}" for i in range(10, 30)], case_manager="S2").values():
        ensure_finding(case)
        ensure_finding(case, rule="OVS-002", kind="finding")
    with CaptureQueriesContext(connection) as long:
        client.get("/oversight/")
    assert len(long.captured_queries) == len(short.captured_queries)


def test_a_case_manager_asks_for_oversight_of_an_assessment(client, world):
    client.force_login(world.cast.cm_a)
    response = client.post("/cases/N-0001/assessment/A1/request-oversight/", {"version": seen()})
    assert response.status_code == 302
    act = Act.objects.get(case=world.cases["N-0001"], kind="oversight_request")
    assert act.subject_ref == "A1" and act.by == world.cast.cm_a.staff
    assert AccessLogEntry.objects.filter(case_ref="N-0001", target="oversight request for assessment A1").count() == 1


def test_an_oversight_request_in_the_queue_opens_its_assessment(client, world):
    ensure_finding(world.cases["N-0001"], rule="OVS-004", subject="OR-1", subject_type="event")
    Finding.objects.filter(rule="OVS-004").update(evidence={"subject": "A1"})
    client.force_login(world.cast.tm_north)
    assert "/oversight/N-0001/item/A1/" in client.get("/oversight/").content.decode()
    response = client.get("/oversight/N-0001/item/A1/")
    assert response.status_code == 302 and response["Location"] == ITEM


def test_a_qa_lead_over_many_case_managers_filters_the_queue_by_a_staff_reference_typed(client, world, monkeypatch):
    from casequality.web.views import oversight

    monkeypatch.setattr(oversight, "SELECT_AT_MOST", 1)  # as over a whole service's thousands
    n1, n2 = world.cases["N-0001"], world.cases["N-0002"]
    assert n1.case_manager_id != n2.case_manager_id
    ensure_finding(n1, subject="P1", subject_type="plan")
    ensure_finding(n2, subject="P2", subject_type="plan")
    client.force_login(world.cast.qa_lead)
    html = client.get("/oversight/", {"case_manager": n2.case_manager.ref}).content.decode()
    waiting = html.split("Countersigned but still insufficient", 1)[0]
    assert '<input class="govuk-input" id="case_manager" name="case_manager" type="text"' in waiting
    assert "N-0002" in waiting.split("<table", 1)[1] and "N-0001" not in waiting.split("<table", 1)[1]


def test_a_countersignature_sent_without_the_version_read_is_refused_and_nothing_saved(client, world):
    client.force_login(world.cast.tm_north)
    response = client.post(ITEM, {"outcome": "approved"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nothing was saved: the form did not say which version of the record you read" in html
    assert f'name="version" value="{seen()}"' in html  # what they now read, so they can countersign it
    assert not Act.objects.filter(case=world.cases["N-0001"], subject_ref="A1").exists()
    assert standing(world) is None


def test_two_countersignatures_sent_without_the_version_are_never_both_applied(client, world):
    client.force_login(world.cast.tm_north)
    client.post(ITEM, {"outcome": "approved"})
    client.post(ITEM, {"outcome": "returned", "comment": "Redo it."})
    assert Act.objects.filter(case=world.cases["N-0001"], subject_ref="A1").count() == 0


def test_a_second_countersignature_of_the_version_already_countersigned_is_refused(client, world):
    client.force_login(world.cast.tm_north)
    read = seen()
    assert client.post(ITEM, {"version": read, "outcome": "approved"}).status_code == 302
    html = client.post(ITEM, {"version": read, "outcome": "approved"}).content.decode()
    assert "govuk-error-summary" in html
    assert Act.objects.filter(case=world.cases["N-0001"], subject_ref="A1").count() == 1


def test_a_request_for_oversight_sent_without_the_version_read_is_refused_and_nothing_saved(client, world):
    client.force_login(world.cast.cm_a)
    html = client.post("/cases/N-0001/assessment/A1/request-oversight/").content.decode()
    assert "govuk-error-summary" in html and "Nothing was saved" in html
    assert f'name="version" value="{seen()}"' in html
    assert not Act.objects.filter(case=world.cases["N-0001"], kind="oversight_request").exists()


def test_the_same_request_for_oversight_sent_twice_is_saved_once(client, world):
    client.force_login(world.cast.cm_a)
    read = seen()
    assert client.post("/cases/N-0001/assessment/A1/request-oversight/", {"version": read}).status_code == 302
    html = client.post("/cases/N-0001/assessment/A1/request-oversight/", {"version": read}).content.decode()
    assert "Nothing was saved" in html
    assert Act.objects.filter(case=world.cases["N-0001"], kind="oversight_request").count() == 1
