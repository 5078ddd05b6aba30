"""Data protection: subject access, erasure and the retention schedule."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from casequality.accounts.chain import access_log_verify
from casequality.accounts.models import AccessLogEntry, AccessVerb
from casequality.audits.models import AuditCase
from casequality.cases.models import Case, Order
from casequality.cases.services import interchange_import_document
from casequality.oversight.models import SelfAudit
from casequality.privacy.selectors import retention_due
from casequality.standards.models import Finding
from casequality.standards.services import cases_evaluate
from tests.web.factories import case_document

VICTIMS_VIEWS = "Frightened to walk past the bus stop where it happened."


@pytest.fixture
def case_with_a_victim(world, cast) -> Case:
    """N-0009: a case of format 2 whose offence has a victim who gave their views, needs a
    safety plan that was never made (VIC-004) and is supported by a worker; evaluated."""
    today = timezone.localdate()
    day = lambda n: (today - timedelta(days=n)).isoformat()  # noqa: E731
    case = case_document("N-0009", "S1", "Sam Victimcase")
    case["offences"] = [
        {"id": "OF1", "date": day(40), "description": "Robbery", "gravity": 6, "serious_violence": True}
    ]
    case["victims"] = [
        {
            "id": "V1",
            "offence": "OF1",
            "kind": "person",
            "identified": day(35),
            "contact_offered": day(33),
            "consent": "given",
            "consent_date": day(32),
            "views_sought": day(31),
            "views": VICTIMS_VIEWS,
            "rj_offered": day(30),
            "rj_engaged": False,
            "rj_done": None,
            "rj_kind": None,
            "safety_plan_needed": True,
            "safety_plan": None,
            "worker": "S1",
        }
    ]
    interchange_import_document(
        {
            "format": "casequality/2",
            "service": {"code": cast.service.code, "name": cast.service.name},
            "staff": cast.staff_document(),
            "cases": [case],
        },
        actor_name="tests",
    )
    imported = Case.objects.get(service=cast.service, ref="N-0009")
    cases_evaluate(case_ids=[imported.pk])
    return imported


def test_a_childs_subject_access_shows_a_victim_of_their_offence_and_which_offence(case_with_a_victim, tmp_path):
    call_command("subject-access", "N-0009", "--out", str(tmp_path / "n9.json"))
    document = json.loads((tmp_path / "n9.json").read_text())
    assert [{k: v[k] for k in ("id", "offence", "kind")} for v in document["case"]["victims"]] == [
        {"id": "V1", "offence": "OF1", "kind": "person"}
    ]


def test_a_childs_subject_access_leaves_out_the_victims_views_worker_and_safety_plan(case_with_a_victim, tmp_path):
    call_command("subject-access", "N-0009", "--out", str(tmp_path / "n9.json"))
    document = json.loads((tmp_path / "n9.json").read_text())
    (victim,) = document["case"]["victims"]
    assert set(victim) == {"id", "offence", "kind", "withheld"}
    assert VICTIMS_VIEWS not in (tmp_path / "n9.json").read_text()


def test_a_childs_subject_access_withholds_what_a_finding_about_a_victim_says(case_with_a_victim, tmp_path):
    assert Finding.objects.filter(case=case_with_a_victim, rule="VIC-004").exists()
    call_command("subject-access", "N-0009", "--out", str(tmp_path / "n9.json"))
    document = json.loads((tmp_path / "n9.json").read_text())
    (finding,) = [f for f in document["findings"] if f["rule"] == "VIC-004"]
    assert "safety plan" not in finding["message"] and finding["evidence"] == {}


def test_a_childs_subject_access_pdf_leaves_out_the_victims_views(case_with_a_victim, tmp_path):
    from casequality.privacy.pdf import subject_access_html
    from casequality.privacy.selectors import subject_access_document

    assert VICTIMS_VIEWS not in subject_access_html(subject_access_document(case_with_a_victim))


def test_subject_access_contains_the_access_log_entries_about_the_case(client, world, tmp_path):
    client.force_login(world.cast.tm_north)
    client.get("/cases/N-0001/")  # its own entry
    client.get("/cases/")  # a list that showed it among others
    call_command("subject-access", "N-0001", "--out", str(tmp_path / "n1.json"))
    document = json.loads((tmp_path / "n1.json").read_text())
    targets = [entry["target"] for entry in document["access_log"]]
    assert "case page" in targets and "caseload page 1" in targets
    assert all(entry["case_ref"] in ("N-0001", "") for entry in document["access_log"])


def test_subject_access_holds_the_record_findings_notes_and_self_audits(world, tmp_path):
    call_command("subject-access", "N-0001", "--out", str(tmp_path / "n1.json"))
    document = json.loads((tmp_path / "n1.json").read_text())
    case = Case.objects.get(ref="N-0001")
    assert document["case"]["child_name"] == case.child_name
    assert {f["rule"] for f in document["findings"]} == set(
        Finding.objects.filter(case=case).values_list("rule", flat=True)
    )
    assert len(document["self_audits"]) == SelfAudit.objects.filter(case=case).count() > 0
    assert len(document["assessments"]) == case.assessments.count()


def test_subject_access_writes_a_readable_pdf_beside_the_json(world, tmp_path):
    call_command("subject-access", "N-0001", "--out", str(tmp_path / "n1.json"))
    assert (tmp_path / "n1.pdf").read_bytes().startswith(b"%PDF")


def test_subject_access_is_itself_logged(world, tmp_path):
    call_command("subject-access", "N-0001", "--out", str(tmp_path / "n1.json"))
    assert AccessLogEntry.objects.filter(case_ref="N-0001", verb=AccessVerb.SUBJECT_ACCESS).count() == 1


def test_subject_access_to_an_unknown_case_says_so(world, tmp_path):
    with pytest.raises(CommandError, match="No case N-9999"):
        call_command("subject-access", "N-9999", "--out", str(tmp_path / "x.json"))


def test_erase_removes_the_childs_data_and_logs_it(world):
    call_command("erase", "S-0001", "--yes")
    assert not Case.objects.filter(ref="S-0001").exists()
    assert not AuditCase.objects.filter(case__ref="S-0001").exists()
    entry = AccessLogEntry.objects.get(verb=AccessVerb.ERASE)
    assert (entry.case_ref, entry.payload["removed"]["cases"]) == ("S-0001", 1)
    assert access_log_verify()[1] is None


def test_erase_without_confirmation_erases_nothing(world, monkeypatch):
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    with pytest.raises(CommandError, match="nothing was erased"):
        call_command("erase", "N-0002")
    assert Case.objects.filter(ref="N-0002").exists()


def _ended(ref: str, on: date) -> None:
    case = Case.objects.get(ref=ref)
    case.orders.all().delete()
    Order.objects.create(
        case=case,
        ref="O9",
        type="referral_order",
        court_date=on - timedelta(days=365),
        start=on - timedelta(days=365),
        end=on,
    )


def test_retention_lists_a_case_whose_last_order_ended_over_six_years_ago(world):
    _ended("N-0002", timezone.localdate() - timedelta(days=7 * 365))
    _ended("N-0001", timezone.localdate() - timedelta(days=5 * 365))
    assert list(retention_due().values_list("ref", flat=True)) == ["N-0002"]


def test_retention_dry_run_removes_nothing(world, capsys):
    _ended("N-0002", timezone.localdate() - timedelta(days=7 * 365))
    call_command("retention", "--dry-run")
    assert "MAN N-0002" in capsys.readouterr().out
    assert Case.objects.filter(ref="N-0002").exists()


def test_retention_apply_removes_the_case_and_logs_counts_not_names(world):
    _ended("N-0002", timezone.localdate() - timedelta(days=7 * 365))
    call_command("retention", "--apply")
    assert not Case.objects.filter(ref="N-0002").exists()
    entry = AccessLogEntry.objects.filter(verb=AccessVerb.RETENTION, target="case records").get()
    assert entry.payload["removed"]["cases"] == 1
    assert "N-0002" not in json.dumps(entry.payload) and entry.case_ref == ""


@pytest.mark.skipif(connection.vendor != "sqlite", reason="ageing entries needs an UPDATE PostgreSQL refuses")
def test_retention_removes_old_access_log_entries_and_the_chain_still_verifies(world):
    old = timezone.now() - timedelta(days=8 * 365)
    AccessLogEntry.objects.filter(seq__lte=3).update(at=old)  # SQLite has no trigger; the chain now breaks
    assert access_log_verify()[1] is not None
    call_command("retention", "--apply")
    assert not AccessLogEntry.objects.filter(seq__lte=3).exists()
    assert access_log_verify()[1] is None
    assert (
        AccessLogEntry.objects.filter(verb=AccessVerb.RETENTION, target="access log").get().payload["entries_removed"]
        >= 3
    )
