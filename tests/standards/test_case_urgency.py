"""Each case's urgency kept (standards.CaseUrgency, decision 0060) against its twin, the
caseload's subqueries on the case's findings: equal for every case after sweeps, findings
put right, a severity the service chose and a case's re-evaluation; the caseload's order
the same either way, and the same walked from the kept rows alone (plain reads beside their
ORM twins). Run on SQLite and on PostgreSQL."""

from __future__ import annotations

import functools
import importlib
import io
import json
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.apps import apps as django_apps
from django.db import connection

from casequality.cases.models import Case, Service
from casequality.cases.services import interchange_import_document
from casequality.data.caseload import walk_counts
from casequality.demo.generator import write_caseload
from casequality.standards.models import CaseUrgency, Finding
from casequality.standards.services import (
    case_urgency_refresh,
    case_urgency_refresh_orm,
    case_urgency_start,
    cases_evaluate,
    parameter_setting_change,
    service_sweep,
)
from casequality.web.caseload_order import (
    COLUMNS,
    SORT_FIELDS,
    SUBQUERY_FIELDS,
    sorted_cases,
    urgency_walk,
    walk_counts_orm,
)

AS_OF = date(2013, 6, 17)
NAMES = list(SORT_FIELDS)


def urgencies(service: Service, fields) -> dict[int, tuple]:
    """Every case of the service: (next due, Musts, Shoulds, tasks) as `fields` read them."""
    cases = Case.objects.filter(service=service).annotate(**{name: fields[name]() for name in NAMES})
    return {pk: tuple(values) for pk, *values in cases.values_list("pk", *NAMES)}


def orders(service: Service, fields) -> list[list[int]]:
    """The caseload's ids in urgency order and in each column's order both ways."""
    cases = Case.objects.filter(service=service)
    sorts = [("", "")] + [(key, order) for key in COLUMNS for order in ("ascending", "descending")]
    return [list(sorted_cases(cases, key, order, fields=fields).values_list("pk", flat=True)) for key, order in sorts]


@functools.cache
def demo_caseload(code: str, name: str) -> bytes:
    """The 60-case demo file of 2013 for this service, generated once per test process (the
    generator gives the same bytes every time): each test imports it afresh."""
    out = io.BytesIO()
    write_caseload(out, cases=60, as_of=AS_OF, service={"code": code, "name": name})
    return out.getvalue()


@pytest.fixture
def demo(cast) -> Service:
    """A small demo caseload of 2013 (every kind of finding), imported unevaluated."""
    document = json.loads(demo_caseload(cast.service.code, cast.service.name))
    interchange_import_document(document, actor_name="tests")
    return cast.service


def test_the_kept_urgency_equals_the_subqueries_after_a_sweep(demo):
    service_sweep(service=demo, as_of=AS_OF - timedelta(days=40))
    assert urgencies(demo, SORT_FIELDS) == urgencies(demo, SUBQUERY_FIELDS)


def test_the_kept_urgency_equals_the_subqueries_after_findings_are_put_right_or_turn_late(demo):
    service_sweep(service=demo, as_of=AS_OF - timedelta(days=40))
    summary = service_sweep(service=demo, as_of=AS_OF)
    assert sum(summary.closed.values()) and sum(summary.updated.values())  # the second sweep changed findings
    assert urgencies(demo, SORT_FIELDS) == urgencies(demo, SUBQUERY_FIELDS)


def test_the_kept_urgency_follows_a_severity_the_service_chose_at_once(demo, cast):
    service_sweep(service=demo, as_of=AS_OF)
    before = urgencies(demo, SORT_FIELDS)
    parameter_setting_change(
        service=demo, name="compliance_panel_severity", value="must", reason="Local policy", actor=cast.qa_lead
    )
    after = urgencies(demo, SORT_FIELDS)
    assert after != before  # some case had an open CMP-002, now a Must
    assert after == urgencies(demo, SUBQUERY_FIELDS)


def test_the_kept_urgency_equals_the_subqueries_after_a_cases_re_evaluation(demo):
    service_sweep(service=demo, as_of=AS_OF)
    pks = list(Case.objects.filter(service=demo).order_by("pk").values_list("pk", flat=True)[:10])
    cases_evaluate(case_ids=pks, as_of=AS_OF + timedelta(days=30))
    assert urgencies(demo, SORT_FIELDS) == urgencies(demo, SUBQUERY_FIELDS)


def test_the_caseload_is_in_the_same_order_with_the_kept_urgency_as_with_the_subqueries(demo):
    service_sweep(service=demo, as_of=AS_OF - timedelta(days=40))
    service_sweep(service=demo, as_of=AS_OF)
    assert orders(demo, SORT_FIELDS) == orders(demo, SUBQUERY_FIELDS)


def test_a_case_without_an_open_finding_has_no_urgency_or_a_row_of_zeros(demo):
    service_sweep(service=demo, as_of=AS_OF)
    some = Case.objects.filter(service=demo).order_by("pk").first()
    assert some is not None
    Finding.objects.filter(case=some).delete()
    case_urgency_refresh(case_ids=[some.pk])
    row = CaseUrgency.objects.get(case=some)
    assert (row.next_due, row.must, row.should, row.tasks) == (None, 0, 0, 0)
    assert urgencies(demo, SORT_FIELDS) == urgencies(demo, SUBQUERY_FIELDS)


def test_a_cases_urgency_is_written_with_its_findings_and_not_for_unchanged_cases(demo):
    service_sweep(service=demo, as_of=AS_OF)
    CaseUrgency.objects.update(must=99)
    service_sweep(service=demo, as_of=AS_OF)  # the same day: nothing changes, nothing is written
    assert set(CaseUrgency.objects.values_list("must", flat=True)) == {99}


def test_every_imported_case_has_its_urgency_row_of_zeros_before_it_is_evaluated(demo):
    rows = {
        row[0]: row[1:]
        for row in CaseUrgency.objects.values_list(
            "case_id", "service_id", "ref", "next_due", "must", "should", "tasks"
        )
    }
    cases = dict(Case.objects.filter(service=demo).values_list("pk", "ref"))
    assert len(cases) == 60
    assert rows == {pk: (demo.pk, ref, None, 0, 0, 0) for pk, ref in cases.items()}


def test_a_case_put_again_keeps_its_urgency_row(demo):
    service_sweep(service=demo, as_of=AS_OF)
    before = set(CaseUrgency.objects.values_list("case_id", "next_due", "must", "should", "tasks"))
    case_urgency_start(case_ids=Case.objects.values_list("pk", flat=True))
    assert set(CaseUrgency.objects.values_list("case_id", "next_due", "must", "should", "tasks")) == before


def test_the_migration_gives_each_case_without_a_row_one_of_zeros_and_each_row_its_case_a_batch_at_a_time(
    demo, monkeypatch
):
    service_sweep(service=demo, as_of=AS_OF)
    CaseUrgency.objects.filter(must=0, should=0, tasks=0, next_due=None).delete()
    CaseUrgency.objects.update(ref="")  # rows written before the migration had no reference
    migration = importlib.import_module("casequality.standards.migrations.0009_case_urgency_walk")
    monkeypatch.setattr(migration, "BATCH", 7)  # several batches of the 60 cases
    migration.fill(django_apps, SimpleNamespace(connection=connection))
    kept = dict(CaseUrgency.objects.values_list("case_id", "ref"))
    assert kept == dict(Case.objects.filter(service=demo).values_list("pk", "ref"))
    assert urgencies(demo, SORT_FIELDS) == urgencies(demo, SUBQUERY_FIELDS)


def test_the_walk_of_the_kept_urgency_is_the_caseloads_urgency_order(demo):
    service_sweep(service=demo, as_of=AS_OF - timedelta(days=40))
    service_sweep(service=demo, as_of=AS_OF)
    walk = urgency_walk([demo.pk])
    assert walk is not None and walk.count() == 60
    joined = list(sorted_cases(Case.objects.filter(service=demo), "", "").values_list("pk", flat=True))
    assert list(walk) == joined
    assert walk[10:15] == joined[10:15]


def test_the_walks_plain_counts_and_pages_are_what_their_orm_twins_read(demo):
    service_sweep(service=demo, as_of=AS_OF)
    walk = urgency_walk([demo.pk])
    assert walk is not None
    everything = list(walk.ids)
    assert [walk[start : start + 7] for start in range(0, 70, 7)] == [
        everything[start : start + 7] for start in range(0, 70, 7)
    ]
    assert walk_counts([demo.pk]) == walk_counts_orm([demo.pk]) == (60, 60)
    CaseUrgency.objects.filter(case_id=everything[0]).delete()
    assert walk_counts([demo.pk, 10**9]) == walk_counts_orm([demo.pk, 10**9]) == (60, 59)


def test_the_walk_is_not_taken_while_a_case_of_the_service_has_no_row(demo):
    CaseUrgency.objects.filter(pk=Case.objects.filter(service=demo).order_by("pk").values("pk")[:1]).delete()
    assert urgency_walk([demo.pk]) is None


def test_the_kept_urgency_written_by_sql_is_what_its_orm_twin_writes(demo):
    service_sweep(service=demo, as_of=AS_OF)
    pks = list(Case.objects.filter(service=demo).values_list("pk", flat=True))
    Finding.objects.filter(case_id__in=pks[:5]).update(resolved_on=AS_OF)  # cases with no open finding
    kept = []
    for refresh in (case_urgency_refresh, case_urgency_refresh_orm):
        CaseUrgency.objects.all().delete()
        refresh(case_ids=[*pks, 10**9])  # a case since deleted is passed over
        kept.append(
            set(CaseUrgency.objects.values_list("case_id", "service_id", "ref", "next_due", "must", "should", "tasks"))
        )
        assert urgencies(demo, SORT_FIELDS) == urgencies(demo, SUBQUERY_FIELDS)
    assert kept[0] == kept[1]
    assert (pks[0], demo.pk, Case.objects.get(pk=pks[0]).ref, None, 0, 0, 0) in kept[0]
