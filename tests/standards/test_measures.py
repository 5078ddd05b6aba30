"""Measures over time, against figures counted by hand on a small caseload.

LOR-001 (an assessment within 15 working days of an order's start): orders starting on
1 May 2013 are due on 23 May 2013. The caseload, swept as the nightly sweep would be:

    case  order starts  assessed         swept 10 May  swept 24 May         swept 10 June
    C1    1 May         20 May (in time) task          closed (still task)  -
    C2    1 May         3 June (late)    task          finding              met late on 3 June
    C3    1 May         never            task          finding              finding
    C4    3 June        -                -             -                    task, due in June

Counted by hand, as of 10 June: May has 3 due, C1 met, C2 met late, C3 not met; June has
C4 due, still open. As of 24 May: May has C1 met and C2, C3 not met (C2 was met on 3
June, after that date); C4 was not yet raised. As of 20 May: C1 was still open too.
"""

from __future__ import annotations

import csv
import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from casequality.cases.models import Case
from casequality.cases.services import interchange_import_document
from casequality.standards.measures import MeasureRow, MeasuresError, measures
from casequality.standards.models import Finding
from casequality.standards.services import service_sweep
from tests.standards.documents import YRO, a_case, a_document, an_assessment

MAY, JUNE = date(2013, 5, 1), date(2013, 6, 1)
JUNE_ORDER = {**YRO, "id": "O2", "court_date": "2013-06-03", "start": "2013-06-03"}


def load(*cases):
    interchange_import_document(a_document(list(cases)))


@pytest.fixture
def caseload(cast):
    load(a_case("C1", orders=[YRO]), a_case("C2", orders=[YRO]), a_case("C3", orders=[YRO]))
    service_sweep(service=cast.service, as_of=date(2013, 5, 10))
    load(a_case("C1", orders=[YRO], assessments=[an_assessment("A1", "2013-05-20")]))
    service_sweep(service=cast.service, as_of=date(2013, 5, 24))
    load(a_case("C2", orders=[YRO], assessments=[an_assessment("A2", "2013-06-03")]), a_case("C4", orders=[JUNE_ORDER]))
    service_sweep(service=cast.service, as_of=date(2013, 6, 10))
    return Finding.objects.filter(rule="LOR-001")


def counts(rows):
    return [(r.month, r.due, r.met, r.met_late, r.not_met, r.open) for r in rows]


def test_a_deadline_rule_counts_met_late_not_met_and_open_by_the_month_due(caseload):
    rows = measures(caseload, start=MAY, end=JUNE, as_of=date(2013, 6, 10), by=["month"])
    assert counts(rows) == [(MAY, 3, 1, 1, 1, 0), (JUNE, 1, 0, 0, 0, 1)]


def test_measures_as_of_an_earlier_date_count_what_was_known_then(caseload):
    rows = measures(caseload, start=MAY, end=JUNE, as_of=date(2013, 5, 24), by=["month"])
    assert counts(rows) == [(MAY, 3, 1, 0, 2, 0)]


def test_a_subject_not_yet_due_and_not_yet_closed_is_open(caseload):
    rows = measures(caseload, start=MAY, end=JUNE, as_of=date(2013, 5, 20), by=["month"])
    assert counts(rows) == [(MAY, 3, 0, 0, 0, 3)]


def test_a_requirement_met_late_stores_the_day_it_was_met(caseload):
    assert caseload.get(case__ref="C2").met_on == date(2013, 6, 3)


def test_keys_not_grouped_by_are_none(caseload):
    (row,) = measures(caseload, start=MAY, end=JUNE, as_of=date(2013, 6, 10), by=["rule", "team"])
    assert row == MeasureRow(rule="LOR-001", team="North", month=None, due=4, met=1, met_late=1, not_met=1, open=1)


def test_months_outside_the_range_are_left_out(caseload):
    rows = measures(caseload, start=JUNE, end=date(2013, 6, 30), as_of=date(2013, 6, 10), by=["month"])
    assert counts(rows) == [(JUNE, 1, 0, 0, 0, 1)]


def test_a_finding_without_a_due_date_counts_in_the_month_raised_and_closing_it_is_met_late(cast):
    """A content rule has no deadline: its finding counts in the month it was raised; put
    right (closed) it is met late, still open it is not met; nothing is met in time."""
    load(a_case("C1"))
    case = Case.objects.get(ref="C1")
    common = dict(
        service=cast.service,
        case=case,
        rule="LOR-003",
        kind="finding",
        severity="should",
        owner="CM",
        message="m",
        due=None,
        opened_on=date(2013, 5, 5),
        last_seen_on=date(2013, 5, 5),
    )
    Finding.objects.create(key="A1", resolved_on=date(2013, 6, 2), **common)
    Finding.objects.create(key="A2", **common)
    rows = measures(Finding.objects.filter(rule="LOR-003"), start=MAY, end=JUNE, as_of=date(2013, 6, 10), by=["month"])
    assert counts(rows) == [(MAY, 2, 0, 1, 1, 0)]


def test_an_unknown_grouping_is_refused_with_its_name():
    with pytest.raises(MeasuresError, match="'case' is not one of rule, team, month"):
        measures(Finding.objects.none(), start=MAY, end=JUNE, as_of=JUNE, by=["case"])


def run(*args) -> str:
    out = StringIO()
    call_command("measures", *args, stdout=out)
    return out.getvalue()


def test_the_command_prints_json_rows_with_every_key(caseload):
    caseload.model.objects.exclude(rule="LOR-001").delete()
    rows = json.loads(run("--from", "2013-05", "--to", "2013-06-30", "--as-of", "2013-06-10", "--by", "month"))
    assert rows == [
        {"rule": None, "team": None, "month": "2013-05", "due": 3, "met": 1, "met_late": 1, "not_met": 1, "open": 0},
        {"rule": None, "team": None, "month": "2013-06", "due": 1, "met": 0, "met_late": 0, "not_met": 0, "open": 1},
    ]


def test_the_command_prints_csv_with_the_same_columns(caseload):
    caseload.model.objects.exclude(rule="LOR-001").delete()
    text = run(
        "--from",
        "2013-05",
        "--to",
        "2013-06",
        "--as-of",
        "2013-06-10",
        "--by",
        "rule",
        "--by",
        "month",
        "--format",
        "csv",
    )
    rows = list(csv.DictReader(StringIO(text)))
    assert list(rows[0]) == ["rule", "team", "month", "due", "met", "met_late", "not_met", "open"]
    assert [(r["rule"], r["team"], r["month"], r["due"], r["met_late"]) for r in rows] == [
        ("LOR-001", "", "2013-05", "3", "1"),
        ("LOR-001", "", "2013-06", "1", "0"),
    ]


def test_the_command_refuses_a_range_that_ends_before_it_starts(db):
    with pytest.raises(CommandError, match="--to 2013-04-01 is before --from 2013-05-01"):
        run("--from", "2013-05", "--to", "2013-04")


def test_the_command_refuses_a_date_it_cannot_read(db):
    with pytest.raises(CommandError, match="--from 'May' is not a date"):
        run("--from", "May", "--to", "2013-04")


def test_a_finding_whose_order_the_cms_withdrew_is_not_counted(cast, caseload):
    load(a_case("C3", orders=[]))  # the CMS no longer sends C3's order: its LOR-001 is withdrawn
    service_sweep(service=cast.service, as_of=date(2013, 6, 11))
    assert Finding.objects.get(case__ref="C3", rule="LOR-001").resolution == "withdrawn"
    rows = measures(caseload, start=MAY, end=MAY, as_of=date(2013, 6, 11), by=["month"])
    assert counts(rows) == [(MAY, 2, 1, 1, 0, 0)]
