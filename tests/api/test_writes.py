"""POST /imports, PUT /cases/{ref}, PUT /staff/{id}: the import's checks and write path."""

from __future__ import annotations

from casequality.accounts.models import AccessLogEntry
from casequality.cases.models import Case, Service, Staff
from casequality.cases.selectors import case_documents
from tests.cases.conftest import database_state
from tests.cases.documents import V21_RECORDS, as_exported, example_document, example_v2_document, example_v21_document


def test_a_document_posted_to_imports_is_imported_and_its_summary_returned(api):
    response = api.post("/imports", example_document())
    assert response.status_code == 200
    assert response.json() | {"records": None} == {
        "service": "MAN",
        "cases": 2,
        "created": 2,
        "replaced": 0,
        "staff": 7,
        "records": None,
    }
    assert set(Case.objects.values_list("ref", flat=True)) == {"MAN-0001", "MAN-0002"}


def test_an_import_is_one_access_log_entry_with_the_integration_as_actor(api):
    api.post("/imports", example_document())
    entry = AccessLogEntry.objects.get()
    assert (entry.verb, entry.actor_name, entry.service.code, entry.payload["cases"]) == (
        "import",
        "api: cms",
        "MAN",
        2,
    )


def test_an_invalid_document_lists_every_problem_with_its_path_and_writes_nothing(api):
    document = example_document()
    document["cases"][0]["child"]["dob"] = "14/03/1997"
    document["cases"][1]["orders"][0]["type"] = "fine"
    before = database_state()
    response = api.post("/imports", document)
    assert response.status_code == 422
    assert response.json()["problems"] == [
        {"path": "cases[0].child.dob", "message": "'14/03/1997' is not a date (YYYY-MM-DD)"},
        {
            "path": "cases[1].orders[0].type",
            "message": "'fine' is not one of referral_order, youth_rehabilitation_order, "
            "detention_and_training_order, long_term_detention, "
            "youth_conditional_caution, youth_caution, other",
        },
    ]
    assert database_state() == before


def test_a_document_of_another_service_is_a_problem_at_its_service_code(api):
    document = example_document()
    document["service"]["code"] = "OTH"
    response = api.post("/imports", document)
    assert response.status_code == 422
    assert [p["path"] for p in response.json()["problems"]] == ["service.code"]
    assert not Service.objects.filter(code="OTH").exists()


def test_a_body_that_is_not_json_is_a_problem_at_the_root(api):
    response = api.post("/imports", b'{"format": "casequality/1", "cases": [')
    assert response.status_code == 422
    assert response.json()["problems"][0]["path"] == "$"


def test_a_file_over_the_import_limit_is_413_and_nothing_is_written(api, settings):
    settings.CASEQUALITY_API_MAX_IMPORT_BYTES = 1000
    response = api.post("/imports", example_document())
    assert response.status_code == 413
    assert "1000 bytes" in response.json()["detail"]
    assert not Case.objects.exists()


def test_a_case_put_creates_the_case_then_replaces_it(api):
    case = example_document()["cases"][1]
    assert api.put("/cases/MAN-0002", case).json() == {"id": "MAN-0002", "created": True}
    case["child"]["name"] = "Riley Renamed"
    assert api.put("/cases/MAN-0002", case).json() == {"id": "MAN-0002", "created": False}
    ((_, stored),) = case_documents(Case.objects.filter(ref="MAN-0002"))
    assert stored == as_exported({"cases": [case]})["cases"][0]


def test_a_v2_case_put_keeps_todays_record(api):
    case = example_v2_document()["cases"][0]
    assert api.put("/cases/MAN-0001", case).json() == {"id": "MAN-0001", "created": True}
    ((_, stored),) = case_documents(Case.objects.filter(ref="MAN-0001"))
    assert (stored["victims"], stored["assessments"][1]["assetplus"]) == (
        case["victims"],
        case["assessments"][1]["assetplus"],
    )


def test_a_v2_case_put_with_a_victim_of_no_offence_is_422_at_its_path(api):
    case = example_v2_document()["cases"][0]
    case["victims"][0]["offence"] = "OF9"
    response = api.put("/cases/MAN-0001", case)
    assert response.status_code == 422
    assert not Case.objects.filter(ref="MAN-0001").exists()
    assert "victims[0].offence" in response.text


def test_a_case_put_is_a_change_entry_of_that_case_in_the_access_log(api):
    api.put("/cases/MAN-0002", example_document()["cases"][1])
    change = AccessLogEntry.objects.get(verb="change")
    assert (change.case_ref, change.actor_name) == ("MAN-0002", "api: cms")


def test_a_case_put_gives_problem_paths_relative_to_the_case(api):
    case = example_document()["cases"][1]
    case["child"]["dob"] = "1998-13-01"
    case["case_manager"] = "S99"
    response = api.put("/cases/MAN-0002", case)
    assert response.status_code == 422
    assert response.json()["problems"] == [
        {"path": "child.dob", "message": "'1998-13-01' is not a date (YYYY-MM-DD)"},
        {"path": "case_manager", "message": "no staff member 'S99' in staff"},
    ]
    assert not Case.objects.exists()


def test_a_case_put_whose_id_is_not_the_address_is_refused(api):
    response = api.put("/cases/MAN-0009", example_document()["cases"][1])
    assert response.status_code == 422
    assert response.json()["problems"] == [
        {"path": "id", "message": "'MAN-0002' is not the case this address names ('MAN-0009')"}
    ]


def test_a_staff_put_creates_then_changes_a_member_of_staff(api):
    entry = {"id": "S30", "name": "Kim New", "role": "case_manager", "team": "South", "manager": "S8"}
    assert api.put("/staff/S30", entry).json() == {"id": "S30", "created": True}
    entry["name"] = "Kim Renamed"
    assert api.put("/staff/S30", entry).json() == {"id": "S30", "created": False}
    stored = Staff.objects.get(ref="S30")
    assert (stored.name, stored.team.name, stored.manager.ref) == ("Kim Renamed", "South", "S8")


def test_a_staff_put_gives_problem_paths_relative_to_the_entry(api):
    entry = {"id": "S1", "name": "Sam Patel", "role": "chief", "team": "North", "manager": "S77"}
    response = api.put("/staff/S1", entry)
    assert response.status_code == 422
    assert [p["path"] for p in response.json()["problems"]] == ["role", "manager"]
    assert Staff.objects.get(ref="S1").role == "case_manager"


def test_an_order_type_that_is_an_object_is_a_problem_not_a_server_error(api):
    case = example_document()["cases"][1]
    case["orders"][0].update(type={}, custody_release="2013-02-01")
    response = api.put("/cases/MAN-0002", case)
    assert response.status_code == 422
    assert response.json()["problems"][0]["path"] == "orders[0].type"


def test_a_case_put_with_a_serious_incident_reads_back_with_it(api):
    api.post("/imports", example_v2_document())
    case = example_v21_document()["cases"][0]

    put = api.put("/cases/MAN-0001", case)

    assert (put.status_code, api.get("/cases/MAN-0001").json()["serious_incidents"]) == (
        200,
        V21_RECORDS["serious_incidents"],
    )
