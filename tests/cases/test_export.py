"""Exporting the case record: case documents, the export file, and round trips."""

from __future__ import annotations

import io
import json

import pytest

from casequality.accounts.models import AccessLogEntry, AccessVerb
from casequality.cases.models import Case, Service
from casequality.cases.selectors import case_documents, interchange_export
from casequality.cases.services import interchange_import_document
from tests.cases.documents import as_exported, example_document


def export_text(service_code: str = "MAN", **kwargs) -> str:
    out = io.StringIO()
    interchange_export(out, service=Service.objects.get(code=service_code), **kwargs)
    return out.getvalue()


def test_import_then_export_gives_the_same_document(imported):
    # Compared as text, so key order counts too: the example is written in canonical order.
    assert json.dumps(json.loads(export_text())) == json.dumps(as_exported(example_document()))


def test_export_then_import_then_export_is_byte_identical(imported):
    first = export_text()

    interchange_import_document(json.loads(first))

    assert export_text() == first


def test_an_export_imports_into_an_empty_database_and_exports_the_same(imported):
    first = export_text()
    Case.objects.all().delete()
    Service.objects.all().delete()

    interchange_import_document(json.loads(first))

    assert export_text() == first


def test_keys_in_any_order_are_exported_in_the_formats_order(db):
    document = example_document()

    def reverse_keys(value):
        if isinstance(value, dict):
            return {key: reverse_keys(value[key]) for key in reversed(list(value))}
        if isinstance(value, list):
            return [reverse_keys(item) for item in value]
        return value

    interchange_import_document(reverse_keys(document))

    assert json.dumps(json.loads(export_text())) == json.dumps(as_exported(example_document()))


def test_a_custody_release_left_out_is_exported_as_null(db):
    document = example_document()
    del document["cases"][1]["orders"][0]["custody_release"]

    interchange_import_document(document)

    assert json.loads(export_text())["cases"][1]["orders"][0]["custody_release"] is None


def test_the_export_is_one_case_per_line(imported):
    lines = export_text().splitlines()

    assert [json.loads(line.strip().rstrip(","))["id"] for line in lines if line.startswith('  {"id": "MAN-')] == [
        "MAN-0001", "MAN-0002",
    ]  # fmt: skip


def test_an_export_of_named_cases_holds_only_those_with_all_staff(imported):
    document = json.loads(export_text(case_refs=["MAN-0002"]))

    assert [case["id"] for case in document["cases"]] == ["MAN-0002"]
    assert len(document["staff"]) == 7


def test_an_export_naming_an_unknown_case_writes_nothing(imported):
    out = io.StringIO()

    with pytest.raises(Case.DoesNotExist, match="No case MAN-9999 in service MAN"):
        interchange_export(out, service=Service.objects.get(code="MAN"), case_refs=["MAN-0001", "MAN-9999"])

    assert out.getvalue() == ""


def test_an_export_writes_one_access_log_entry(imported):
    before = AccessLogEntry.objects.count()  # the log is append-only: count, never clear it

    export_text(target="man.json")

    assert AccessLogEntry.objects.count() == before + 1
    entry = AccessLogEntry.objects.order_by("-seq").first()
    assert (entry.verb, entry.target, entry.payload) == (AccessVerb.EXPORT, "man.json", {"service": "MAN", "cases": 2})


def test_an_export_of_a_service_without_cases_is_a_valid_empty_document(imported):
    Case.objects.all().delete()

    assert json.loads(export_text())["cases"] == []


def _many_cases(count: int) -> None:
    document = example_document()
    document["cases"] = [{**document["cases"][0], "id": f"MAN-{n:04d}"} for n in range(count)]
    interchange_import_document(document)


def test_case_documents_reads_a_batch_with_the_same_queries_however_many_cases(db, django_assert_num_queries):
    _many_cases(10)
    with django_assert_num_queries(7):  # cases, then orders, reports, assessments, plans, events, acts
        documents = list(case_documents(Case.objects.order_by("pk"), batch_size=10))

    assert len(documents) == 10
    assert documents[3][1]["events"][12]["type"] == "closed"


def test_case_documents_reads_batch_by_batch(db, django_assert_num_queries):
    _many_cases(10)
    # SQLite reads the cases query in chunks without new queries; PostgreSQL uses a
    # server-side cursor: either way one cases query and six per batch of four.
    with django_assert_num_queries(1 + 6 * 3):
        documents = list(case_documents(Case.objects.order_by("pk"), batch_size=4))

    assert [case.ref for case, _ in documents] == [f"MAN-{n:04d}" for n in range(10)]


def test_case_documents_give_the_records_that_were_imported(imported):
    documents = {case.ref: document for case, document in case_documents(Case.objects.all())}

    assert documents == {case["id"]: case for case in as_exported(example_document())["cases"]}
