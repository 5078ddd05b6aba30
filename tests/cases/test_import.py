"""Importing interchange documents: every record type, staff, replacement, log and signal."""

from __future__ import annotations

import datetime
import io
import os
import threading

import pytest

from casequality.accounts.models import AccessLogEntry, AccessVerb
from casequality.cases.interchange import InterchangeError
from casequality.cases.models import Assessment, Case, Event, Order, Plan, Report, Service, Staff, Team
from casequality.cases.services import interchange_import, interchange_import_document
from casequality.cases.signals import case_record_changed
from casequality.standards.models import Finding
from tests.cases.documents import SECTIONS, example_document, write_document


def test_a_document_imports_into_an_empty_database(db):
    summary = interchange_import_document(example_document())

    assert str(summary) == "imported 2 cases, 7 staff"
    assert (summary.created, summary.replaced) == (2, 0)
    assert Service.objects.get().name == "Manchester Youth Offending Service"
    assert sorted(Team.objects.values_list("name", flat=True)) == ["North", "South"]


def test_staff_get_their_team_role_and_manager(db):
    interchange_import_document(example_document())

    sam = Staff.objects.get(ref="S1")
    assert (sam.name, sam.role, sam.team.name, sam.manager.ref) == ("Sam Patel", "case_manager", "North", "S9")
    assert Staff.objects.get(ref="S20").team is None


def test_a_manager_listed_after_their_staff_is_linked(db):
    document = example_document()
    document["staff"].reverse()

    interchange_import_document(document)

    assert Staff.objects.get(ref="S3").manager.ref == "S8"


def test_known_staff_are_updated_not_duplicated(cast):
    document = example_document()
    document["staff"][2]["name"] = "Samira Patel"
    document["staff"][2]["team"] = "South"
    document["staff"][2]["manager"] = "S8"

    interchange_import_document(document)

    assert Staff.objects.filter(ref="S1").count() == 1
    sam = Staff.objects.get(ref="S1")
    assert sam.pk == cast.cm_a.staff.pk
    assert (sam.name, sam.team, sam.manager.ref) == ("Samira Patel", cast.south, "S8")


def test_a_case_and_its_child_are_imported(db):
    interchange_import_document(example_document())

    case = Case.objects.get(ref="MAN-0001")
    assert case.case_manager.ref == "S1"
    assert (case.child_name, case.child_dob, case.child_sex) == ("Jordan Example", datetime.date(1997, 3, 14), "male")
    assert (case.child_ethnicity, case.looked_after, case.social_worker) == ("White British", True, "Dana Social")
    assert case.diversity == {
        "learning_style": "Learns best by doing",
        "slcn": "identified",
        "needs": ["dyslexia", "ADHD"],
    }


def test_a_case_belongs_to_its_case_managers_team(imported):
    assert Case.objects.get(ref="MAN-0001").team == imported.north
    assert Case.objects.get(ref="MAN-0002").team == imported.south


def test_a_case_is_closed_on_the_date_of_its_latest_closed_event(imported):
    assert Case.objects.get(ref="MAN-0001").closed_on == datetime.date(2013, 4, 1)
    assert Case.objects.get(ref="MAN-0002").closed_on is None


def test_orders_are_imported(imported):
    dto, referral = Order.objects.filter(case__ref="MAN-0001").order_by("id")
    assert (dto.ref, dto.type, dto.court_date, dto.end) == (
        "O1",
        "detention_and_training_order",
        datetime.date(2012, 10, 1),
        None,
    )
    assert (dto.custody_considered, dto.custody_release) == (True, datetime.date(2013, 2, 1))
    assert (referral.ref, referral.end, referral.custody_release) == ("O2", datetime.date(2012, 9, 30), None)


def test_reports_are_imported_including_one_not_requested(imported):
    psr, panel = Report.objects.filter(case__ref="MAN-0001").order_by("id")
    assert (psr.order_ref, psr.requested, psr.author.ref, psr.date) == ("O1", True, "S1", datetime.date(2012, 9, 20))
    assert psr.discussed_with_child and not psr.discussed_with_parent
    assert (panel.requested, panel.not_requested_reason, panel.yos_challenged) == (
        False,
        "Court proceeded without a report",
        True,
    )
    assert (panel.date, panel.author, panel.text) == (None, None, None)


def test_assessments_are_imported_with_scores_rosh_and_countersignature(imported):
    asset, assetplus = Assessment.objects.filter(case__ref="MAN-0001").order_by("id")
    assert (asset.stage, asset.instrument, asset.author.ref) == ("start", "asset", "S1")
    assert asset.likelihood["scores"] == {section: 2 for section in SECTIONS}
    assert asset.likelihood["static_score"] == 6
    assert asset.rosh["level"] == "high" and asset.rosh["full"]["who_at_risk"] == "Members of the public"
    assert asset.vulnerability == {
        "level": "medium",
        "evidence": "Bullied at school.",
        "other_agency_information_used": True,
    }
    assert (asset.countersigned_by.ref, asset.countersigned_outcome, asset.countersigned_date) == (
        "S9",
        "approved",
        datetime.date(2012, 10, 15),
    )
    assert (assetplus.countersigned_by, assetplus.countersigned_outcome, assetplus.child_views) == (None, "", None)
    assert "scores" not in assetplus.likelihood


def test_plans_are_imported_with_objectives(imported):
    intervention, risk = Plan.objects.filter(case__ref="MAN-0001").order_by("id")
    assert (intervention.type, intervention.assessment_ref, intervention.phases) == (
        "intervention",
        "A1",
        ["custody", "community"],
    )
    assert intervention.objectives[1] == {
        "text": "Keep to curfew",
        "addresses": ["compliance", "rosh"],
        "by": None,
        "who": None,
    }
    assert intervention.review_by == datetime.date(2013, 1, 20)
    assert (risk.contingency, risk.countersigned_outcome, risk.assessment_ref) == (
        "Recall if he contacts the victim.",
        "returned",
        None,
    )


def test_events_of_every_type_are_imported_with_their_own_keys(imported):
    events = {event.type: event for event in Event.objects.filter(case__ref="MAN-0001")}
    assert len(events) == 13
    assert events["contact"].extra == {"kind": "office"}
    assert events["breach"].extra == {"decision": "alternative_strategy", "manager_agreed": True}
    assert events["mappa"].extra == {"category": 2, "level": 1}
    assert events["transfer"].extra == {"from": "S2", "to": "S1"}
    assert events["warning"].extra == {}
    assert events["significant_change"].by is None
    assert events["manager_entry"].by.ref == "S9"


def test_sub_records_keep_the_order_of_the_file(imported):
    refs = list(Event.objects.filter(case__ref="MAN-0001").order_by("id").values_list("ref", flat=True))
    assert refs == [f"E{n}" for n in range(1, 15)]


def test_reimporting_a_case_replaces_its_record_and_keeps_its_pk(imported):
    case = Case.objects.get(ref="MAN-0001")
    document = example_document()
    document["cases"] = [document["cases"][0]]
    document["cases"][0]["child"]["name"] = "Jordan Renamed"
    document["cases"][0]["case_manager"] = "S3"
    document["cases"][0]["events"] = document["cases"][0]["events"][:1]
    document["cases"][0]["plans"] = []

    summary = interchange_import_document(document)

    replaced = Case.objects.get(ref="MAN-0001")
    assert replaced.pk == case.pk
    assert (summary.created, summary.replaced) == (0, 1)
    assert (replaced.child_name, replaced.case_manager.ref, replaced.team) == ("Jordan Renamed", "S3", imported.south)
    assert list(replaced.events.values_list("ref", flat=True)) == ["E1"]
    assert not replaced.plans.exists()
    assert replaced.closed_on is None
    assert Case.objects.count() == 2


def test_findings_of_a_replaced_case_survive(imported):
    case = Case.objects.get(ref="MAN-0001")
    finding = Finding.objects.create(
        service=case.service, case=case, rule="ASS-001", key="A1", kind="finding", severity="must", owner="CM",
        message="Assessment late", opened_on=datetime.date(2013, 1, 1), last_seen_on=datetime.date(2013, 1, 1),
    )  # fmt: skip

    interchange_import_document(example_document())

    assert Finding.objects.get(pk=finding.pk).case_id == case.pk


def test_reimporting_the_same_document_changes_no_counts(imported):
    before = {model: model.objects.count() for model in (Case, Order, Report, Assessment, Plan, Event, Staff, Team)}

    interchange_import_document(example_document())

    assert {model: model.objects.count() for model in before} == before


def test_cases_of_another_service_with_the_same_id_are_left_alone(imported):
    document = example_document()
    document["service"] = {"code": "SAL", "name": "Salford YOS"}

    interchange_import_document(document)

    assert Case.objects.filter(ref="MAN-0001").count() == 2
    assert Case.objects.get(ref="MAN-0001", service__code="SAL").team.service.code == "SAL"


def test_an_import_writes_one_access_log_entry_with_its_counts(db):
    interchange_import_document(example_document(), actor_name="a test")

    entry = AccessLogEntry.objects.get()
    assert (entry.verb, entry.actor_name, entry.target) == (AccessVerb.IMPORT, "a test", "document")
    assert entry.payload == {
        "service": "MAN", "cases": 2, "created": 2, "replaced": 0, "staff": 7,
        "orders": 3, "reports": 2, "assessments": 2, "plans": 2, "events": 15,
    }  # fmt: skip


def test_an_import_access_log_entry_belongs_to_the_files_service(db):
    interchange_import_document(example_document(), actor_name="a test")

    assert AccessLogEntry.objects.get().service.code == "MAN"


def test_an_import_nothing_writes_to_the_access_log_is_refused_and_stores_no_case(db):
    from django.core.exceptions import ImproperlyConfigured

    from casequality.accounts.services import on_case_records_accessed
    from casequality.cases.signals import case_records_accessed

    case_records_accessed.disconnect(dispatch_uid="accounts-access-log")
    try:
        with pytest.raises(ImproperlyConfigured, match="access|records"):
            interchange_import_document(example_document())
    finally:
        case_records_accessed.connect(on_case_records_accessed, dispatch_uid="accounts-access-log")

    assert (Case.objects.count(), AccessLogEntry.objects.count()) == (0, 0)


def test_an_import_announces_the_changed_cases_after_commit(db, django_capture_on_commit_callbacks):
    received = []

    def listener(sender, **kwargs):
        received.append(kwargs)

    case_record_changed.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            summary = interchange_import_document(example_document())
    finally:
        case_record_changed.disconnect(listener)

    assert len(received) == 1
    assert received[0]["service"].code == "MAN"
    assert (
        sorted(received[0]["case_ids"]) == sorted(Case.objects.values_list("pk", flat=True)) == sorted(summary.case_ids)
    )


def test_a_rejected_import_announces_nothing(db, django_capture_on_commit_callbacks):
    document = example_document()
    document["format"] = "casequality/0"

    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(InterchangeError):
        interchange_import_document(document)

    assert callbacks == []


def test_a_file_imports_like_the_document(db, tmp_path):
    path = write_document(tmp_path / "man.json", example_document())

    summary = interchange_import(path)

    assert (summary.cases, summary.staff, summary.records["events"]) == (2, 7, 15)
    assert AccessLogEntry.objects.get().target == "man.json"


def test_an_open_binary_file_imports(db, tmp_path):
    path = write_document(tmp_path / "man.json", example_document())

    with open(path, "rb") as handle:
        summary = interchange_import(handle)

    assert summary.cases == 2


def test_a_stream_that_cannot_seek_imports(db, tmp_path):
    # A pipe can be read only once; the import reads its source twice.
    data = write_document(tmp_path / "man.json", example_document()).read_bytes()
    read_end, write_end = os.pipe()
    writer = threading.Thread(target=lambda: (os.write(write_end, data), os.close(write_end)))
    writer.start()
    with os.fdopen(read_end, "rb") as pipe:
        summary = interchange_import(pipe)
    writer.join()

    assert summary.cases == 2


def test_many_cases_are_written_in_batches(db, small_batches):
    document = example_document()
    template = document["cases"][1]
    document["cases"] = [{**template, "id": f"MAN-{n:04d}"} for n in range(7)]

    summary = interchange_import_document(document)

    assert summary.cases == Case.objects.count() == Event.objects.count() == 7
    assert len(set(summary.case_ids)) == 7


def test_an_empty_file_object_is_rejected(db):
    with pytest.raises(InterchangeError) as error:
        interchange_import(io.BytesIO(b""))

    assert [problem.path for problem in error.value.problems] == ["$"]


def test_a_cms_manager_entry_event_is_replaced_by_the_next_import(imported):
    case = Case.objects.get(ref="MAN-0001")
    interchange_import_document(example_document())
    assert case.events.filter(ref="E9", type="manager_entry").count() == 1


def test_no_progress_bar_is_drawn_when_stderr_is_not_a_terminal(db, tmp_path, capsys):
    interchange_import(write_document(tmp_path / "man.json", example_document()), progress=True)

    assert capsys.readouterr().err == ""


def test_the_fast_insert_refuses_a_model_column_it_would_not_write():
    from django.core.exceptions import ImproperlyConfigured

    from casequality.cases.services import _Insert

    with pytest.raises(ImproperlyConfigured, match="Order.court_date"):
        _Insert(Order, ("case", "ref", "type", "start", "end", "custody_considered", "custody_release"))
