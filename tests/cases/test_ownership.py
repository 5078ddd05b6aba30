"""Casequality's acts survive every import: the CMS owns what it sends, Casequality what people do in it."""

from __future__ import annotations

import pytest
from django.utils import timezone

from casequality.cases.acts import ActState, act_states
from casequality.cases.models import Act, Assessment, Case
from casequality.cases.selectors import case_document, subject_state
from casequality.cases.services import StaleRecord, interchange_import_document
from casequality.oversight.selectors import oversight_queue
from casequality.oversight.services import item_countersign, manager_entry_record, oversight_request
from casequality.standards.models import Finding
from tests.cases.documents import as_format_1
from tests.web.factories import case_document as cms_case


def cms_file(cast, *cases: dict) -> dict:
    """The CMS's nightly file: its own record only, never Casequality's acts."""
    return {
        "format": "casequality/1",
        "service": {"code": cast.service.code, "name": cast.service.name},
        "staff": cast.staff_document(),
        "cases": list(cases),
    }


@pytest.fixture
def earlier(cast) -> dict:
    return cms_case("N-0001", "S1", "Jordan Example")


@pytest.fixture
def now(cast, earlier, django_capture_on_commit_callbacks):
    """Run each block's after-commit work (the re-evaluation) as production does."""
    with django_capture_on_commit_callbacks(execute=True):
        interchange_import_document(cms_file(cast, earlier))

    def run(fn, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return fn(**kwargs)

    return run


def a1(cast) -> Assessment:
    return Assessment.objects.get(case__ref="N-0001", ref="A1")


def standing(cast) -> dict | None:
    return subject_state(case=Case.objects.get(ref="N-0001"), subject_type="assessment", ref="A1").countersigned


def test_a_countersignature_made_in_casequality_survives_a_reimport_of_the_earlier_file(cast, earlier, now):
    now(item_countersign, actor=cast.tm_north, item=a1(cast), outcome="approved")
    now(interchange_import_document, document=cms_file(cast, earlier))
    assert standing(cast)["outcome"] == "approved"


def test_a_return_made_in_casequality_survives_a_reimport_with_its_comment(cast, earlier, now):
    now(item_countersign, actor=cast.tm_north, item=a1(cast), outcome="returned", comment="Say who is at risk.")
    now(interchange_import_document, document=cms_file(cast, earlier))
    assert (standing(cast)["outcome"], standing(cast)["comment"]) == ("returned", "Say who is at risk.")


def test_a_manager_entry_made_in_casequality_survives_a_reimport(cast, earlier, now):
    now(manager_entry_record, actor=cast.tm_north, case=Case.objects.get(ref="N-0001"), text="Seen in supervision.")
    now(interchange_import_document, document=cms_file(cast, earlier))
    events = case_document(Case.objects.get(ref="N-0001"))["acts"]
    assert [(e["kind"], e["text"]) for e in events] == [("manager_entry", "Seen in supervision.")]


def test_a_request_for_oversight_made_in_casequality_survives_a_reimport_and_its_task_stays_open(cast, earlier, now):
    now(oversight_request, actor=cast.cm_a, item=a1(cast))
    now(interchange_import_document, document=cms_file(cast, earlier))
    assert Act.objects.filter(kind="oversight_request", subject_ref="A1").count() == 1
    assert Finding.objects.filter(case__ref="N-0001", rule="OVS-004", resolved_on=None).exists()


def test_the_finding_a_countersignature_closed_stays_closed_after_a_reimport(cast, earlier, now):
    finding = Finding.objects.get(case__ref="N-0001", rule="OVS-001", resolved_on=None)
    now(item_countersign, actor=cast.tm_north, item=a1(cast), outcome="approved")
    now(interchange_import_document, document=cms_file(cast, earlier))
    finding.refresh_from_db()
    assert (finding.resolved_on, finding.resolution) == (timezone.localdate(), "resolved")
    assert not Finding.objects.filter(case__ref="N-0001", rule="OVS-001", resolved_on=None).exists()


def test_the_queue_does_not_list_a_countersigned_item_again_after_a_reimport(cast, earlier, now):
    now(item_countersign, actor=cast.tm_north, item=a1(cast), outcome="approved")
    now(interchange_import_document, document=cms_file(cast, earlier))
    assert not oversight_queue(cast.tm_north).filter(rule="OVS-001", case__ref="N-0001").exists()


def test_a_later_file_carrying_the_same_countersignature_counts_it_once(cast, earlier, now):
    act = now(item_countersign, actor=cast.tm_north, item=a1(cast), outcome="approved")
    later = {
        **earlier,
        "assessments": [
            {
                **earlier["assessments"][0],
                "countersigned": {"by": "S9", "date": act.date.isoformat(), "outcome": "approved", "comment": ""},
            }
        ],
    }
    now(interchange_import_document, document=cms_file(cast, later))
    document = case_document(Case.objects.get(ref="N-0001"))
    assert act_states(document) == {act.ref: ActState.CONFIRMED}
    assert Act.objects.count() == 1


def test_an_assessment_the_cms_withdraws_closes_its_findings_as_withdrawn(cast, earlier, now):
    finding = Finding.objects.get(case__ref="N-0001", rule="OVS-001", resolved_on=None)
    now(interchange_import_document, document=cms_file(cast, {**earlier, "assessments": []}))
    finding.refresh_from_db()
    assert finding.resolution == "withdrawn" and finding.resolved_on == timezone.localdate()


def test_an_act_on_an_assessment_the_cms_withdraws_is_kept_and_marked_withdrawn(cast, earlier, now):
    act = now(item_countersign, actor=cast.tm_north, item=a1(cast), outcome="returned", comment="Redo it.")
    now(interchange_import_document, document=cms_file(cast, {**earlier, "assessments": []}))
    assert act_states(case_document(Case.objects.get(ref="N-0001"))) == {act.ref: ActState.WITHDRAWN}


def test_a_second_manager_countersigning_the_version_they_read_before_the_first_acted_is_refused(cast, now):
    read = subject_state(case=Case.objects.get(ref="N-0001"), subject_type="assessment", ref="A1").version
    now(item_countersign, actor=cast.tm_north, item=a1(cast), outcome="approved", seen_version=read)
    with pytest.raises(StaleRecord) as refused:
        item_countersign(actor=cast.qa_lead, item=a1(cast), outcome="returned", comment="No.", seen_version=read)
    assert "tm_north countersigned it" in str(refused.value)
    assert Act.objects.count() == 1 and standing(cast)["outcome"] == "approved"


def test_countersigning_an_assessment_an_import_changed_since_it_was_read_is_refused(cast, earlier, now):
    read = subject_state(case=Case.objects.get(ref="N-0001"), subject_type="assessment", ref="A1").version
    changed = {**earlier, "assessments": [{**earlier["assessments"][0], "child_views": "Changed upstream."}]}
    now(interchange_import_document, document=cms_file(cast, changed))
    with pytest.raises(StaleRecord) as refused:
        item_countersign(actor=cast.tm_north, item=a1(cast), outcome="approved", seen_version=read)
    assert "The case management system has changed this assessment" in str(refused.value)
    assert not Act.objects.exists()


def test_an_act_is_never_changed_in_place(cast, now):
    act = now(item_countersign, actor=cast.tm_north, item=a1(cast), outcome="approved")
    act.text = "edited"
    with pytest.raises(ValueError):
        act.save()


# --- writing back: Casequality's acts in the interchange format (1.1) -----------------


def exported(cast) -> dict:
    import io
    import json

    from casequality.cases.selectors import interchange_export

    out = io.StringIO()
    interchange_export(out, service=cast.service)
    return json.loads(out.getvalue())


def test_the_export_carries_casequalitys_acts_in_format_2(cast, now):
    act = now(item_countersign, actor=cast.tm_north, item=a1(cast), outcome="approved")
    document = exported(cast)
    assert document["format"] == "casequality/2.1"
    assert [(a["id"], a["kind"], a["subject"], a["by"]) for a in document["cases"][0]["acts"]] == [
        (act.ref, "countersignature", "A1", "S9")
    ]


def test_importing_the_export_into_a_service_without_the_case_gives_the_same_record_and_acts(cast, now):
    now(item_countersign, actor=cast.tm_north, item=a1(cast), outcome="returned", comment="Redo.")
    now(manager_entry_record, actor=cast.tm_north, case=Case.objects.get(ref="N-0001"), text="Seen.")
    before = exported(cast)
    Case.objects.filter(ref="N-0001").delete()
    now(interchange_import_document, document=before)
    assert exported(cast)["cases"] == before["cases"]


def test_importing_the_export_again_records_no_second_act(cast, now):
    now(item_countersign, actor=cast.tm_north, item=a1(cast), outcome="approved")
    now(interchange_import_document, document=exported(cast))
    assert Act.objects.count() == 1


def test_a_file_whose_act_contradicts_the_one_held_under_its_id_is_refused_whole(cast, earlier, now):
    from casequality.cases.interchange import InterchangeError

    now(item_countersign, actor=cast.tm_north, item=a1(cast), outcome="approved")
    document = exported(cast)
    document["cases"][0]["acts"][0]["outcome"] = "returned"
    document["cases"][0]["child"]["name"] = "Changed Name"
    with pytest.raises(InterchangeError) as refused:
        interchange_import_document(document)
    assert [p.path for p in refused.value.problems] == ["cases[0].acts[0]"]
    assert Case.objects.get(ref="N-0001").child_name == "Jordan Example"


def test_acts_in_a_format_1_file_are_a_problem(cast, now):
    from casequality.cases.interchange import InterchangeError

    now(item_countersign, actor=cast.tm_north, item=a1(cast), outcome="approved")
    document = as_format_1(exported(cast))
    with pytest.raises(InterchangeError) as refused:
        interchange_import_document(document)
    assert [p.path for p in refused.value.problems] == ["cases[0].acts"]


def test_acts_in_a_format_1_1_file_are_imported(cast, now):
    now(item_countersign, actor=cast.tm_north, item=a1(cast), outcome="approved")
    document = as_format_1(exported(cast), "casequality/1.1")
    Case.objects.filter(ref="N-0001").delete()
    now(interchange_import_document, document=document)
    assert Act.objects.filter(case__ref="N-0001").count() == 1


def test_a_manager_entry_act_about_an_assessment_is_a_problem_with_its_path(cast, now):
    from casequality.cases.interchange import InterchangeError

    now(manager_entry_record, actor=cast.tm_north, case=Case.objects.get(ref="N-0001"), text="Seen.")
    document = exported(cast)
    document["cases"][0]["acts"][0].update(subject_type="assessment", subject="A1")
    with pytest.raises(InterchangeError) as refused:
        interchange_import_document(document)
    assert [p.path for p in refused.value.problems] == ["cases[0].acts[0].subject_type", "cases[0].acts[0].subject"]
