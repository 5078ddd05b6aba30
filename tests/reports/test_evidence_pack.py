"""The evidence pack's figures against a small caseload counted by hand."""

import csv
import json
from datetime import UTC, date, datetime

import pytest
from django.core.management import CommandError, call_command

from casequality.audits.models import Audit
from casequality.audits.services import audit_create
from casequality.cases.models import Order
from casequality.oversight.models import ManagerEntry
from tests.audits.factories import case_make

AS_OF = date(2013, 6, 17)  # the activity period defaults to 18 June 2012 .. 17 June 2013


@pytest.fixture
def caseload(cast):
    s = cast.service
    s1, s2 = cast.cm_a.staff, cast.cm_b.staff
    c1 = case_make(s, "C1", start=date(2013, 4, 1), case_manager=s1)  # YRO, open
    c1.victims = [
        {"id": "V1", "kind": "person", "identified": "2013-05-01", "contact_offered": "2013-05-03", "consent": "given"}
    ]
    c1.save()
    c2 = case_make(s, "C2", start=date(2013, 3, 1), order_type="detention_and_training_order", case_manager=s1)
    c2.victims = [{"id": "V1", "kind": "person", "identified": "2012-01-01", "consent": "given"}]  # before the period
    c2.save()
    case_make(s, "C3", start=date(2013, 5, 1), order_type="youth_caution", case_manager=s2)
    Order.objects.filter(case__ref="C3").update(end=date(2013, 5, 31))  # closed before the as-of date
    c4 = case_make(s, "C4", start=date(2013, 2, 1), order_type="referral_order", case_manager=s2)
    c4.out_of_court = [
        {
            "id": "OC1",
            "type": "outcome_22",
            "referred": "2013-05-20",
            "decision_date": "2013-05-28",
            "start": "2013-06-01",
            "end": None,
            "completed": None,
            "intervention": True,
        }
    ]
    c4.victims = [
        {"id": "V2", "kind": "business", "identified": "2013-06-10", "contact_offered": None, "consent": "declined"}
    ]
    c4.save()
    case_make(s, "C5", start=date(2013, 5, 15))  # YRO, open, no case manager
    ManagerEntry.objects.create(case=c1, author_name="tm_north", text="Reviewed the plan.", date=date(2013, 5, 2))
    ManagerEntry.objects.create(case=c1, author_name="tm_north", text="Old.", date=date(2012, 1, 2))  # before
    audit_create(service=s, framework_id="hmip-youth-2025", title="Mock inspection", actor=cast.qa_lead)
    Audit.objects.update(created_at=datetime(2013, 6, 1, 10, tzinfo=UTC))  # in the period
    audit_create(service=s, framework_id="sqs-2013", title="Made today", actor=cast.qa_lead)  # after it
    return s


@pytest.fixture
def pack(caseload, tmp_path):
    out = tmp_path / "pack"
    call_command("evidence-pack", "--framework", "hmip-youth-2025", "--out", str(out), "--as-of", "2013-06-17")
    return out


def test_the_open_caseload_by_disposal_matches_the_hand_count(pack):
    figures = json.loads((pack / "organisational-figures.json").read_text())
    # C1 YRO, C2 DTO, C4 referral order + outcome 22, C5 YRO; C3's caution ended on 31 May.
    assert figures["children_open"] == 4
    assert figures["by_disposal"] == {
        "detention_and_training_order": 1,
        "outcome_22": 1,
        "referral_order": 1,
        "youth_rehabilitation_order": 2,
    }
    assert figures["by_kind"] == {"custody": 1, "community": 3, "out_of_court": 1}


def test_staff_and_caseloads_per_practitioner_match_the_hand_count(pack):
    figures = json.loads((pack / "organisational-figures.json").read_text())
    assert figures["staff_by_role"] == {"case_manager": 3, "inspector": 1, "qa_lead": 1, "team_manager": 2}
    assert figures["caseload_per_practitioner"] == {"S1": 2, "S2": 1, "S3": 0}
    assert (figures["practitioners"], figures["mean_caseload"], figures["largest_caseload"]) == (3, 1.0, 2)
    assert figures["unallocated_open_cases"] == 1  # C5


def test_victims_and_activity_in_the_period_match_the_hand_count(pack):
    figures = json.loads((pack / "organisational-figures.json").read_text())
    assert figures["victims"] == {"identified": 2, "contact_offered": 1, "consented": 1}  # C1's V1, C4's V2
    activity = figures["oversight_and_audit_activity"]
    assert (activity["manager_entries"], activity["audits"], activity["self_audits"]) == (1, 1, 0)


def test_the_case_lists_hold_the_disposals_started_in_the_window_with_their_strata(pack):
    with (pack / "case-lists" / "children.csv").open() as fh:
        rows = {row["case"]: row for row in csv.DictReader(fh)}
    # Window 17 March .. 20 May 2013: C1 (1 Apr), C3 (1 May), C5 (15 May); C2 and C4 started earlier,
    # C4's outcome 22 started on 1 June, after it.
    assert sorted(rows) == ["C1", "C3", "C5"]
    assert rows["C3"]["stratum"] == "Out-of-court, male, RoSH low"
    with (pack / "case-lists" / "victims.csv").open() as fh:
        assert [(r["case"], r["victim"]) for r in csv.DictReader(fh)] == [("C1", "V1")]


def test_the_narrative_has_the_figures_in_place_and_marks_what_to_write(pack):
    text = (pack / "narrative.md").read_text()
    assert (
        "On 2013-06-17 the service worked with 4 children: 1 in custody or on licence; 3 on a court order in the "
        "community; 1 on an out-of-court disposal. A child with more than one kind of disposal is counted under "
        "each"
    ) in text
    assert (
        "3 case managers hold the open caseload: on average 1.0 children each, the largest 2; 1 open cases have "
        "no case manager."
    ) in text
    assert "the service learned of 2 victims; contact was offered to 1 (50%) and 1 consented to contact (50%)" in text
    assert "[to add: the management board" in text
    assert "| KPI | Measure | Figure |" in text


def test_the_readme_lists_the_files_and_what_the_service_must_add_by_hand(pack):
    text = (pack / "README.md").read_text()
    assert "- kpis.csv" in text and "- case-lists/children.csv" in text
    assert "Appropriate Adult arrangements" in text
    assert "1.1 Governance and leadership:" in text  # the judged standards' evidence to gather
    assert (pack / "kpis.csv").read_text().startswith("kpi,measure,name,numerator")


def test_without_kpis_the_readme_leaves_them_to_the_service(caseload, tmp_path):
    out = tmp_path / "pack"
    call_command(
        "evidence-pack", "--framework", "hmip-youth-2025", "--out", str(out), "--as-of", "2013-06-17", "--no-kpis"
    )
    assert not (out / "kpis.csv").exists()
    assert (
        "The YJB key performance indicators for the period (not computed in this pack)."
        in (out / "README.md").read_text()
    )


def test_no_childs_name_is_in_the_pack(pack):
    for path in pack.rglob("*"):
        if path.is_file():
            assert "Child C" not in path.read_text()


def test_a_framework_without_sampling_has_no_evidence_pack(caseload, tmp_path):
    with pytest.raises(CommandError, match="sqs-2013 has no sampling section"):
        call_command("evidence-pack", "--framework", "sqs-2013", "--out", str(tmp_path / "x"))


def test_an_out_path_that_is_a_file_is_refused(caseload, tmp_path):
    path = tmp_path / "file"
    path.write_text("x")
    with pytest.raises(CommandError, match="is a file, not a directory"):
        call_command("evidence-pack", "--framework", "hmip-youth-2025", "--out", str(path))
