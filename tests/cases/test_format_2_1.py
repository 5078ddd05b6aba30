"""Format 2.1 (decision 0053): serious incidents and MAPPA eligibility come in with the
record, a minor version: a format 2 (or 1) file imports as before."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from casequality.cases.interchange import InterchangeError
from casequality.cases.models import Case, Service
from casequality.cases.selectors import case_document, interchange_export
from casequality.cases.services import interchange_import_document
from tests.cases.documents import V21_RECORDS, example_v2_document, example_v21_document

PUBLISHED = Path(__file__).resolve().parents[2] / "docs" / "schema" / "casequality-2.schema.json"


def exported() -> dict:
    out = io.StringIO()
    interchange_export(out, service=Service.objects.get(code="MAN"))
    return json.loads(out.getvalue())


def problems_of(document: dict) -> list[str]:
    with pytest.raises(InterchangeError) as error:
        interchange_import_document(document)
    return [str(problem) for problem in error.value.problems]


@pytest.mark.parametrize("key", sorted(V21_RECORDS))
def test_a_format_2_1_case_keeps_its_serious_incidents_and_mappa_eligibility_as_imported(cast, key):
    interchange_import_document(example_v21_document())

    assert case_document(Case.objects.get(ref="MAN-0001"))[key] == V21_RECORDS[key]


def test_export_then_import_of_a_format_2_1_record_gives_the_same_export(cast):
    interchange_import_document(example_v21_document())
    first = exported()
    Case.objects.all().delete()

    interchange_import_document(first)

    assert (first["format"], exported()) == ("casequality/2.1", first)


def test_a_format_2_file_still_imports_with_no_serious_incident_recorded(cast):
    interchange_import_document(example_v2_document())

    stored = case_document(Case.objects.get(ref="MAN-0001"))
    assert (stored["serious_incidents"], stored["mappa_eligibility"]) == ([], [])


def test_a_format_2_file_with_a_serious_incident_has_an_unknown_key_with_the_hint(cast):
    document = example_v2_document()
    document["cases"][0]["serious_incidents"] = []

    assert problems_of(document) == [
        "cases[0].serious_incidents: unknown key (a casequality/2.1 key; this file says casequality/2)"
    ]


def test_a_serious_incident_naming_no_offence_of_the_case_is_a_problem_at_its_path(cast):
    document = example_v21_document()
    document["cases"][0]["serious_incidents"][0]["offence"] = "OF9"

    assert problems_of(document) == ["cases[0].serious_incidents[0].offence: no offence 'OF9' in this case"]


def test_a_serious_incident_of_an_unknown_category_is_refused(cast):
    document = example_v21_document()
    document["cases"][0]["serious_incidents"][0]["category"] = "csppi"

    assert len(problems_of(document)) == 1


def test_the_published_json_schema_accepts_a_format_2_1_file():
    schema = json.loads(PUBLISHED.read_text(encoding="utf-8"))
    errors = list(Draft202012Validator(schema).iter_errors(example_v21_document()))

    assert errors == []
