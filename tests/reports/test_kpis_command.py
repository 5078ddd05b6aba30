"""`casequality kpis`: the KPIs from the stored records, as JSON or CSV; bad input is refused."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from casequality.accounts.models import AccessLogEntry
from casequality.cases.services import interchange_import_document
from tests.web.factories import case_document


def run(*args) -> str:
    out = StringIO()
    call_command("kpis", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def stored(cast):
    """Two cases of service MAN: N-0001's referral order ended on 15 February 2026, N-0002's is open."""
    ended = case_document("N-0001", "S1", "Jordan Example")
    ended["orders"][0].update(court_date="2025-10-01", start="2025-10-01", end="2026-02-15")
    ended["assessments"][0]["date"] = "2025-10-05"
    ended["assessments"][0]["rosh"]["full"]["date"] = "2025-10-05"
    ended["events"][0]["date"] = "2025-11-01"
    open_ = case_document("N-0002", "S2", "Riley Sample")
    interchange_import_document(
        {
            "format": "casequality/1",
            "service": {"code": "MAN", "name": cast.service.name},
            "staff": cast.staff_document(),
            "cases": [ended, open_],
        },
        actor_name="tests",
    )
    return cast


PERIOD = ("--from", "2026-01-01", "--to", "2026-03-31", "--as-of", "2026-12-01")


def test_the_command_prints_every_kpi_as_json_with_the_cases_behind_it(stored):
    kpis = {k["id"]: k for k in json.loads(run(*PERIOD, "--service", "MAN"))}
    assert len(kpis) == 14
    assert kpis["kpi-1"]["denominator"] == 1
    assert kpis["kpi-1"]["case_refs"] == {"numerator": [], "denominator": ["N-0001"]}


def test_the_command_flags_the_missing_end_of_order_record(stored):
    kpis = {k["id"]: k for k in json.loads(run(*PERIOD))}
    assert kpis["kpi-1"]["data_quality"] == [
        "1 of 1 children ending had no accommodation recorded at the end (counted as not suitable)"
    ]


def test_the_csv_has_one_row_per_kpi_and_one_per_sub_measure(stored):
    rows = list(csv.DictReader(StringIO(run(*PERIOD, "--format", "csv"))))
    kpis = json.loads(run(*PERIOD))
    assert len(rows) == sum(1 + len(k["sub_measures"]) for k in kpis)
    assert rows[0]["measure"] == "kpi-1" and rows[1]["kpi"] == "kpi-1" and rows[1]["measure"] == "kpi-1-suitable"


def test_the_command_records_its_read_in_the_access_log(stored):
    run(*PERIOD)
    entry = AccessLogEntry.objects.filter(target="kpis 2026-01-01..2026-03-31").get()
    assert entry.actor_name == "casequality kpis"


def test_a_date_that_is_not_a_date_is_refused_with_the_option_named(stored):
    with pytest.raises(CommandError, match="--from '2026-13-01' is not a date"):
        run("--from", "2026-13-01", "--to", "2026-03-31")


def test_a_period_that_ends_before_it_starts_is_refused(stored):
    with pytest.raises(CommandError, match="--to 2026-01-01 is before --from 2026-03-31"):
        run("--from", "2026-03-31", "--to", "2026-01-01")


def test_an_unknown_service_is_refused(stored):
    with pytest.raises(CommandError, match="No service XYZ"):
        run(*PERIOD, "--service", "XYZ")


def test_the_console_command_exits_non_zero_on_a_bad_date():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings", "PYTHONPATH": os.getcwd()}
    done = subprocess.run(
        [sys.executable, "-m", "casequality.cli", "kpis", "--from", "April", "--to", "2026-03-31"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 1
    assert "--from 'April' is not a date like 2026-04-01" in done.stderr


# --- end to end: a format 2 file imported, then counted ------------------------------------
@pytest.fixture
def stored_v2(cast):
    from tests.cases.documents import example_v2_document

    interchange_import_document(example_v2_document(), actor_name="tests")
    return cast


def test_the_command_counts_a_stored_v2_record(stored_v2):
    # MAN-0001's youth conditional caution OC1 ended, completed, on 16 June 2012; its end
    # record holds nothing; its robbery of 20 April 2012 is serious violence.
    kpis = {k["id"]: k for k in json.loads(run("--from", "2012-04-01", "--to", "2012-06-30", "--service", "MAN"))}
    assert (kpis["kpi-6"]["numerator"], kpis["kpi-6"]["denominator"]) == (1, 1)
    assert kpis["kpi-1"]["case_refs"]["denominator"] == ["MAN-0001"]
    assert kpis["kpi-1"]["data_quality"][0].startswith("1 of 1 children ending had no accommodation")
    assert kpis["kpi-9"]["case_refs"]["numerator"] == ["MAN-0001"]


def test_the_command_reads_the_board_meetings_stored_on_the_service(stored_v2):
    # The meeting of 15 April 2013: four of the five partners attended.
    kpis = {k["id"]: k for k in json.loads(run("--from", "2013-04-01", "--to", "2013-06-30"))}
    assert (kpis["kpi-7"]["numerator"], kpis["kpi-7"]["denominator"]) == (4, 5)


def test_the_kpi_reader_gives_the_same_figures_as_the_whole_stored_documents(stored_v2):
    from datetime import date

    from casequality.cases.models import Case
    from casequality.cases.selectors import case_documents
    from casequality.reports.kpi_cases import kpi_case_dicts
    from casequality.reports.kpis import compute_kpis

    cases = Case.objects.filter(service=stored_v2.service)
    period = {"start": date(2012, 1, 1), "end": date(2013, 6, 30), "board_meetings": [], "as_of": date(2026, 12, 1)}
    whole = compute_kpis((document for _case, document in case_documents(cases)), **period)
    read = compute_kpis(kpi_case_dicts(cases, batch_size=1), **period)  # one case a batch
    assert [k.as_dict() for k in read] == [k.as_dict() for k in whole]
    assert any(k.denominator for k in read)  # something was counted


def test_each_case_the_json_names_is_an_access_log_entry_of_its_own(stored):
    kpis = json.loads(run(*PERIOD))
    named = {ref for k in kpis for refs in k["case_refs"].values() for ref in refs}
    entries = AccessLogEntry.objects.filter(actor_name="casequality kpis").exclude(case_ref="")
    assert named and {e.case_ref for e in entries} == named


def test_the_csv_names_no_case_and_writes_no_entry_per_case(stored):
    run(*PERIOD, "--format", "csv")
    assert not AccessLogEntry.objects.filter(actor_name="casequality kpis").exclude(case_ref="").exists()
