"""GET /cases/{ref} and GET /findings: the record as interchange, findings by change."""

from __future__ import annotations

import math
from datetime import date

import pytest

from casequality.accounts.models import AccessLogEntry
from casequality.cases.models import Case, Service, Staff
from casequality.cases.selectors import case_documents
from casequality.cases.services import interchange_import_document
from casequality.standards.models import Finding
from casequality.standards.rulebook import rulebook
from casequality.standards.services import service_sweep
from tests.cases.documents import example_document
from tests.standards.documents import YRO, a_case, a_document, an_assessment

JUNE_17 = date(2013, 6, 17)


def test_a_case_is_read_as_its_interchange_record(api):
    interchange_import_document(example_document())
    response = api.get("/cases/MAN-0001")
    assert response.status_code == 200
    ((_, stored),) = case_documents(Case.objects.filter(ref="MAN-0001"))
    assert response.json() == stored


def test_reading_a_case_is_a_view_entry_of_it_with_the_integration_as_actor(api):
    interchange_import_document(example_document())
    api.get("/cases/MAN-0001")
    entry = AccessLogEntry.objects.get(verb="view")
    assert (entry.case_ref, entry.actor_name, entry.actor) == ("MAN-0001", "api: cms", None)


def test_another_services_case_is_not_found_as_if_it_did_not_exist(api):
    other = Service.objects.create(code="OTH", name="Other")
    manager = Staff.objects.create(service=other, ref="S1", name="Other Manager", role="case_manager")
    Case.objects.create(
        service=other,
        ref="OTH-1",
        case_manager=manager,
        child_name="Other Child",
        child_dob=date(2000, 1, 1),
        child_sex="male",
    )
    taken, missing = api.get("/cases/OTH-1"), api.get("/cases/NOBODY-1")
    assert (taken.status_code, missing.status_code) == (404, 404)
    assert "Other Child" not in taken.content.decode()
    assert not AccessLogEntry.objects.exists()


@pytest.fixture
def swept(cast):
    """Seven cases with an order and no assessment, swept: findings and tasks of several rules."""
    interchange_import_document(a_document([a_case(f"C{n}", orders=[YRO]) for n in range(1, 8)]))
    service_sweep(service=cast.service, as_of=JUNE_17)
    return cast


def _all_pages(api, limit, **filters):
    pages, since = [], None
    while True:
        body = api.get("/findings", limit=limit, **({"since": since} if since else {}), **filters).json()
        pages.append(body["results"])
        if body["next"] is None:
            return pages, body["since"]
        since = body["next"]


def test_findings_page_in_three_pages_without_duplicates_or_omissions(api, swept):
    total = Finding.objects.count()
    pages, _ = _all_pages(api, limit=math.ceil(total / 3))
    ids = [item["id"] for page in pages for item in page]
    assert len(pages) == 3 and all(pages)
    assert sorted(ids) == sorted(Finding.objects.values_list("pk", flat=True)) and len(ids) == len(set(ids))


def test_every_finding_a_sweep_inserts_joins_the_feed_once(swept):
    from collections import Counter

    from casequality.api.models import FindingChange

    fed = Counter(FindingChange.objects.values_list("finding_id", flat=True))
    assert fed == Counter(Finding.objects.values_list("pk", flat=True))


def test_a_finding_has_the_check_record_with_its_identity_and_history(api, swept):
    item = api.get("/findings", rule="LOR-001", case="C1").json()["results"][0]
    row = Finding.objects.get(case__ref="C1", rule="LOR-001")
    assert item == {
        "id": row.pk,
        "case": "C1",
        "rule": "LOR-001",
        "kind": row.kind,
        "severity": "must",
        "owner": "CM",
        "subject": "O1",
        "message": row.message,
        "evidence": row.evidence,
        "due": row.due.isoformat(),
        "status": "open",
        "opened_on": "2013-06-17",
        "resolved_on": None,
        "resolution": None,
        "actionable": True,
        "remedy": rulebook().rules["LOR-001"].remedy,
    }


def test_since_gives_only_the_findings_that_changed_after_the_cursor(api, swept):
    _, since = _all_pages(api, limit=50)
    assert api.get("/findings", since=since).json()["results"] == []
    interchange_import_document(
        a_document([a_case("C1", orders=[YRO], assessments=[an_assessment("A1", "2013-05-10")])])
    )
    service_sweep(service=swept.service, as_of=JUNE_17)  # the same day: nothing else moves
    changed = api.get("/findings", since=since).json()["results"]
    lor001 = Finding.objects.get(case__ref="C1", rule="LOR-001")
    assert {"id": lor001.pk, "status": "closed", "resolved_on": "2013-06-17", "resolution": "resolved"}.items() <= next(
        item for item in changed if item["id"] == lor001.pk
    ).items()
    assert {item["case"] for item in changed} == {"C1"}


def test_findings_are_filtered_by_case_status_and_rule(api, swept):
    Finding.objects.filter(case__ref="C2").update(resolved_on=JUNE_17)
    assert {i["case"] for i in api.get("/findings", case="C3").json()["results"]} == {"C3"}
    assert {i["rule"] for i in api.get("/findings", rule="LOR-001").json()["results"]} == {"LOR-001"}
    closed = api.get("/findings", status="closed", limit=1000).json()["results"]
    assert {i["case"] for i in closed} == {"C2"} and {i["status"] for i in closed} == {"closed"}
    assert "C2" not in {i["case"] for i in api.get("/findings", status="open", limit=1000).json()["results"]}


def test_a_cursor_the_api_did_not_give_is_a_problem_at_since(api, swept):
    response = api.get("/findings", since="not-a-cursor")
    assert response.status_code == 422
    assert response.json()["problems"][0]["path"] == "since"


def test_a_page_of_findings_is_one_view_entry_for_each_case_on_it(api, swept):
    results = api.get("/findings", limit=1000).json()["results"]
    entries = AccessLogEntry.objects.filter(verb="view")
    assert sorted(entries.values_list("case_ref", flat=True)) == sorted({item["case"] for item in results})
    assert set(entries.values_list("actor_name", flat=True)) == {"api: cms"}


def test_another_services_findings_are_not_listed(api, swept):
    other = Service.objects.create(code="OTH", name="Other")
    Finding.objects.filter(case__ref="C4").update(service=other)
    assert "C4" not in {i["case"] for i in api.get("/findings", limit=1000).json()["results"]}


def test_the_feeds_finding_is_indexed_only_as_the_first_column_of_its_latest_change_index(db):
    from django.db import connection

    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, "api_findingchange")
    indexes = [c["columns"] for c in constraints.values() if c["index"]]
    assert ["finding_id"] not in indexes and ["finding_id", "id"] in indexes
