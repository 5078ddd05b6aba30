"""`casequality check FILE`: a file's cases against the rulebook, nothing stored."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from casequality.cli import main
from casequality.standards import checkfile
from tests.standards.documents import YRO, a_case, a_document, a_file, an_assessment

# Nothing of the file is stored, but the check is an access-log entry (issue 21): a database.
pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command("check", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_it_prints_findings_and_tasks_as_json_in_the_agreed_shape(tmp_path):
    path = a_file(tmp_path, [a_case("C1", "Jay Smith", orders=[YRO])])
    result = json.loads(run(path, "--as-of", "2013-05-10", "--format", "json"))
    assert set(result) == {"as_of", "findings", "tasks"}
    assert result["as_of"] == "2013-05-10"
    task = next(t for t in result["tasks"] if t["rule"] == "LOR-001")
    assert task == {
        "case": "C1",
        "rule": "LOR-001",
        "severity": "must",
        "owner": "CM",
        "subject": "O1",
        "message": "The youth rehabilitation order started on 1 May 2013; its assessment is due by 23 May 2013.",
        "evidence": {"order_type": "youth_rehabilitation_order", "order_start": "2013-05-01", "due": "2013-05-23"},
        "due": "2013-05-23",
        "actionable": True,
        "remedy": "Complete the order's start assessment.",
    }


def test_a_finding_met_late_is_printed_as_history_and_one_still_to_do_as_an_action(tmp_path):
    late = {
        "id": "A1",
        "date": "2013-05-24",
        "author": "S1",
        "stage": "start",
        "instrument": "assetplus",
        "likelihood": {"band": "low", "evidence": {}},
        "rosh": {
            "screening": {
                "harm_related_behaviour": False,
                "current_offence": False,
                "other_behaviour": False,
                "concern_from_others": False,
                "intuitive_feelings": False,
            },
            "full": None,
            "level": "low",
        },
        "vulnerability": {"level": "low", "evidence": "None.", "other_agency_information_used": False},
        "diversity_barriers": "",
        "child_views": None,
        "parent_contributed": False,
        "countersigned": None,
    }
    path = a_file(
        tmp_path,
        [a_case("C1", "Jay Smith", orders=[YRO]), dict(a_case("C2", "Kim Jones", orders=[YRO]), assessments=[late])],
    )
    result = json.loads(run(path, "--as-of", "2013-06-17", "--format", "json"))
    lor = {f["case"]: f for f in result["findings"] if f["rule"] == "LOR-001"}
    assert (lor["C1"]["actionable"], lor["C2"]["actionable"]) == (True, False)


def test_a_task_becomes_a_finding_after_its_due_date(tmp_path):
    path = a_file(tmp_path, [a_case("C1", "Jay Smith", orders=[YRO])])
    result = json.loads(run(path, "--as-of", "2013-05-24", "--format", "json"))
    assert "LOR-001" in {f["rule"] for f in result["findings"]}
    assert "LOR-001" not in {t["rule"] for t in result["tasks"]}


def test_it_finds_another_child_of_the_same_file_named_in_a_text(tmp_path):
    assessment = {
        "id": "A1",
        "date": "2013-05-02",
        "author": "S1",
        "stage": "start",
        "instrument": "assetplus",
        "likelihood": {"band": "low", "evidence": {"lifestyle": "Spends his evenings with Kim Jones on the estate."}},
        "rosh": {
            "screening": {
                "harm_related_behaviour": False,
                "current_offence": False,
                "other_behaviour": False,
                "concern_from_others": False,
                "intuitive_feelings": False,
            },
            "full": None,
            "level": "low",
        },
        "vulnerability": {"level": "low", "evidence": "None.", "other_agency_information_used": False},
        "diversity_barriers": "",
        "child_views": None,
        "parent_contributed": False,
        "countersigned": None,
    }
    path = a_file(tmp_path, [a_case("C1", "Jay Smith", assessments=[assessment]), a_case("C2", "Kim Jones")])
    result = json.loads(run(path, "--as-of", "2013-06-17", "--format", "json"))
    lor5 = [f for f in result["findings"] if f["rule"] == "LOR-005"]
    assert [(f["case"], f["subject"]) for f in lor5] == [("C1", "A1")]


def test_its_text_output_groups_findings_by_case_for_a_team_manager(tmp_path):
    path = a_file(tmp_path, [a_case("C1", "Jay Smith", orders=[YRO]), a_case("C2", "Kim Jones")])
    text = run(path, "--as-of", "2013-06-17")
    assert text.startswith("Checked 2 cases as of 17 June 2013:")
    assert "\nCase C1: " in text
    assert "MUST   LOR-001   for case manager: The youth rehabilitation order started on 1 May 2013" in text
    assert "Case C2" not in text


def test_it_stores_nothing(tmp_path, db):
    from casequality.standards.models import Finding

    run(a_file(tmp_path, [a_case("C1", "Jay Smith", orders=[YRO])]), "--as-of", "2013-06-17")
    assert Finding.objects.count() == 0


def test_an_invalid_file_lists_the_imports_problems_and_fails(tmp_path):
    bad = a_case("C1", "Jay Smith", orders=[dict(YRO, type="curfew")])
    err = StringIO()
    with pytest.raises(CommandError, match="1 problem: nothing was checked"):
        call_command("check", a_file(tmp_path, [bad]), stdout=StringIO(), stderr=err)
    assert "cases[0].orders[0].type" in err.getvalue()


# One console command a test: like any Django command run from the console, `main` closes
# the database connections when it ends, and the test's connection with them.
def test_the_console_command_exits_1_on_an_invalid_file(tmp_path):
    with pytest.raises(SystemExit) as exit_invalid:
        main(["check", a_file(tmp_path, [{"id": "C1"}])])
    assert exit_invalid.value.code == 1


def test_the_console_command_prints_the_findings_of_a_valid_file_and_ends_normally(tmp_path, capsys):
    main(["check", a_file(tmp_path, [a_case("C1", "Jay Smith", orders=[YRO])]), "--as-of", "2013-06-17"])
    assert "LOR-001" in capsys.readouterr().out


def test_a_bad_as_of_date_is_refused(tmp_path):
    with pytest.raises(CommandError, match="is not a date"):
        run(a_file(tmp_path, [a_case("C1", "Jay Smith")]), "--as-of", "17/06/2013")


def test_without_a_file_it_is_djangos_system_check(db):
    out = StringIO()
    call_command("check", stdout=out, stderr=StringIO())
    assert "System check identified no issues" in out.getvalue()


# pytest-xdist's own threads make Python warn about forking; the command forks from one thread.
@pytest.mark.filterwarnings("ignore:This process .* is multi-threaded:DeprecationWarning")
def test_two_workers_report_what_one_reports_in_the_files_order(tmp_path, monkeypatch):
    monkeypatch.setattr(checkfile, "PARALLEL_MIN_CASES", 2)
    cases = [a_case(f"C{i}", f"Child{i} Name{i}", orders=[YRO]) for i in range(5)]
    path = a_file(tmp_path, cases)
    one = json.loads(run(path, "--as-of", "2013-06-17", "--format", "json", "--workers", "1"))
    two = json.loads(run(path, "--as-of", "2013-06-17", "--format", "json", "--workers", "2"))
    assert two == one
    assert [f["case"] for f in two["findings"]][:2] == ["C0", "C0"]


def test_a_countersignature_made_in_casequality_counts_in_a_format_1_1_file(tmp_path):
    act = {
        "id": "CQ-1",
        "kind": "countersignature",
        "subject_type": "assessment",
        "subject": "A1",
        "subject_version": "",
        "by": "S9",
        "date": "2013-05-07",
        "outcome": "approved",
        "text": "",
        "corrects": None,
        "recorded_at": "2013-05-07T10:00:00+01:00",
        "recorded_by": "alex",
    }
    assessment = an_assessment("A1", "2013-05-02", rosh_level="medium")
    without = a_case("C1", "Jay Smith", orders=[YRO], assessments=[assessment])
    path = tmp_path / "cases.json"
    path.write_text(json.dumps({**a_document([{**without, "acts": [act]}]), "format": "casequality/1.1"}))
    rules = {f["rule"] for f in json.loads(run(str(path), "--as-of", "2013-06-17", "--format", "json"))["findings"]}
    unsigned = {
        f["rule"]
        for f in json.loads(run(a_file(tmp_path, [without]), "--as-of", "2013-06-17", "--format", "json"))["findings"]
    }
    assert "OVS-001" in unsigned and "OVS-001" not in rules


def test_a_check_is_an_access_log_entry_naming_the_file_and_its_number_of_cases(tmp_path):
    from casequality.accounts.models import AccessLogEntry

    run(
        a_file(tmp_path, [a_case("C1", "Jay Smith", orders=[YRO]), a_case("C2", "Kim Lee", orders=[YRO])]),
        "--as-of",
        "2013-06-17",
    )
    entry = AccessLogEntry.objects.get(actor_name="casequality check")
    assert (entry.verb, entry.payload["cases"], entry.target.startswith("check ")) == ("view", 2, True)
