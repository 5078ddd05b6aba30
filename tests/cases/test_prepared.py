"""Prepared reads (casequality/cases/prepared.py): compiled once, they give what their
queryset gives, for any values of the same shape."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test.utils import CaptureQueriesContext

from casequality.cases.models import Assessment, Case, Staff
from casequality.cases.prepared import PreparedRead
from casequality.cases.selectors import case_documents
from casequality.cases.services import interchange_import_document
from tests.standards.documents import YRO, a_case, a_document, an_assessment


@pytest.fixture
def three_cases(cast):
    interchange_import_document(
        a_document(
            [
                a_case(
                    "C1",
                    orders=[YRO],
                    assessments=[an_assessment("A1", "2013-05-02"), an_assessment("A2", "2013-06-02")],
                ),
                a_case("C2", name="Kim Jones", assessments=[an_assessment("A1", "2013-04-11")]),
                a_case("C3", name="Lee Brown"),
            ]
        )
    )
    return dict(Case.objects.values_list("ref", "pk"))


def _assessments(cases):
    return (
        Assessment.objects.filter(case_id__in=cases)
        .order_by("case_id", "id")
        .values("case_id", "ref", "date", "author__ref", "assetplus")
    )


def test_a_prepared_values_read_gives_the_rows_its_queryset_gives_with_dates_and_json_converted(three_cases):
    read = PreparedRead(_assessments)
    ids = [three_cases["C1"], three_cases["C2"]]
    assert read(cases=ids) == list(_assessments(ids))


def test_a_second_read_of_the_same_shape_gives_the_rows_of_its_own_values(three_cases):
    read = PreparedRead(_assessments)
    read(cases=[three_cases["C1"]])
    assert [row["case_id"] for row in read(cases=[three_cases["C2"]])] == [three_cases["C2"]]
    assert read(cases=[three_cases["C3"]]) == []


def test_lists_of_other_lengths_each_give_their_own_rows(three_cases):
    read = PreparedRead(_assessments)
    assert len(read(cases=[three_cases["C1"]])) == 2
    assert len(read(cases=list(three_cases.values()))) == 3


def test_repeated_values_in_a_list_count_once(three_cases):
    read = PreparedRead(_assessments)
    assert read(cases=[three_cases["C2"], three_cases["C2"]]) == read(cases=[three_cases["C2"]])


def test_an_empty_list_gives_no_rows_without_a_query(three_cases):
    read = PreparedRead(_assessments)
    with CaptureQueriesContext(connection) as queries:
        assert read(cases=[]) == []
    assert len(queries) == 0


def test_values_list_reads_give_tuples_and_flat_ones_single_values(three_cases, cast):
    pairs = PreparedRead(
        lambda service, refs: (
            Staff.objects.filter(service_id=service, ref__in=refs).order_by("ref").values_list("ref", "role")
        )
    )
    refs = PreparedRead(
        lambda service: Staff.objects.filter(service_id=service).order_by("ref").values_list("ref", flat=True)
    )
    assert pairs(service=cast.service.pk, refs=["S1", "S2"]) == list(
        Staff.objects.filter(service=cast.service, ref__in=["S1", "S2"]).order_by("ref").values_list("ref", "role")
    )
    assert refs(service=cast.service.pk) == list(
        Staff.objects.filter(service=cast.service).order_by("ref").values_list("ref", flat=True)
    )


def test_a_value_the_sql_changes_is_refused_rather_than_guessed(three_cases):
    read = PreparedRead(lambda name: Case.objects.filter(child_name__icontains=name).values("ref"))
    with pytest.raises(ImproperlyConfigured):
        read(name="Kim")


def test_a_read_of_model_instances_is_refused(three_cases):
    read = PreparedRead(lambda cases: Case.objects.filter(pk__in=cases))
    with pytest.raises(ImproperlyConfigured):
        read(cases=[three_cases["C1"]])


def test_a_few_cases_documents_are_those_read_in_one_big_batch(three_cases, monkeypatch):
    from casequality.cases import selectors

    cases = Case.objects.order_by("pk")
    few = [json.dumps(document) for _case, document in case_documents(cases)]
    monkeypatch.setattr(selectors, "SMALL_BATCH", 0)  # every batch read as a sweep reads it
    assert [json.dumps(document) for _case, document in case_documents(cases)] == few


def test_a_list_longer_than_the_longest_kept_is_read_without_keeping_a_compiled_form(three_cases, monkeypatch):
    from casequality.cases import prepared

    monkeypatch.setattr(prepared, "LONGEST_LIST", 2)
    read = PreparedRead(_assessments)
    assert read(cases=list(three_cases.values())) == list(_assessments(list(three_cases.values())))
    assert read._shapes == {}
