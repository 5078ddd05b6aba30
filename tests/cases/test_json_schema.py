"""The published JSON Schema of format 2 (docs/schema/casequality-2.schema.json) and the
importer agree: on a corpus of valid files and of files with one structural fault each,
a file is valid to the one exactly when it is to the other. (References between records
are beyond JSON Schema: tests/cases/test_format_2.py tests them against the importer.)"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from casequality.cases.interchange import validate_source
from casequality.cases.interchange.json_schema import format_2_schema
from tests.cases.documents import as_exported, example_document, example_v2_document, write_document

PUBLISHED = Path(__file__).resolve().parents[2] / "docs" / "schema" / "casequality-2.schema.json"


@pytest.fixture(scope="module")
def validator():
    schema = json.loads(PUBLISHED.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def test_the_published_schema_is_the_one_the_format_gives():
    assert json.loads(PUBLISHED.read_text(encoding="utf-8")) == format_2_schema()


def _case(d: dict) -> dict:
    return d["cases"][0]


def _without_v2_lists(d: dict) -> None:
    for key in ("offences", "out_of_court", "diversion_assessments", "victims", "circumstances"):
        del _case(d)[key]
    del d["board_meetings"]


VALID = {
    "the example": lambda d: None,
    "a case without the lists of today's record": _without_v2_lists,
    "an objective addressing safety and wellbeing": lambda d: _case(d)["plans"][0]["objectives"][1]["addresses"].append(
        "safety_wellbeing"
    ),
    "an attendance not recorded": lambda d: d["board_meetings"][0]["attendance"].update(police=None),
    "no exit plan yet": lambda d: _case(d)["diversion_assessments"][0].update(exit_plan=None),
    "a case id of any printable characters": lambda d: _case(d).update(id="YOS/24?#1 100% Ærø-名"),
}
INVALID = {
    "a case id with a control character": lambda d: _case(d).update(id="YOS\n1"),
    "an attendance that is not a bool": lambda d: d["board_meetings"][0]["attendance"].update(police="yes"),
    "a board meeting with an unknown key": lambda d: d["board_meetings"][0].update(chair="Mayor"),
    "a gravity of 0": lambda d: _case(d)["offences"][0].update(gravity=0),
    "a gravity of true": lambda d: _case(d)["offences"][0].update(gravity=True),
    "an offence dated 30 February": lambda d: _case(d)["offences"][0].update(date="2013-02-30"),
    "an out-of-court outcome of an unknown type": lambda d: _case(d)["out_of_court"][0].update(type="caution"),
    "an out-of-court outcome without a referral date": lambda d: _case(d)["out_of_court"][0].pop("referred"),
    "a PDAT child's plan that is text": lambda d: _case(d)["diversion_assessments"][0].update(child_plan="text"),
    "a PDAT safety and wellbeing of none": lambda d: _case(d)["diversion_assessments"][0].update(
        safety_wellbeing="none"
    ),
    "a victim's name": lambda d: _case(d)["victims"][0].update(name="Mrs Smith"),
    "a victim's engagement of yes": lambda d: _case(d)["victims"][0].update(rj_engaged="yes"),
    "circumstances at the middle": lambda d: _case(d)["circumstances"][0].update(point="middle"),
    "200 hours of education a week": lambda d: _case(d)["circumstances"][0]["ete"].update(hours=200),
    "wider services that are not a list": lambda d: _case(d)["circumstances"][0].update(wider_services="early_help"),
    "AssetPlus without stages": lambda d: _case(d)["assessments"][1]["assetplus"].pop("stages"),
    "an AssetPlus trigger of unknown": lambda d: _case(d)["assessments"][1]["assetplus"].update(trigger="unknown"),
    "a desistance factor that is a number": lambda d: _case(d)["assessments"][1]["assetplus"].update(
        desistance_factors=[1]
    ),
    "a contact event with a panel's outcome": lambda d: _case(d)["events"][0].update(outcome="Agreed."),
    "an event of an unknown type": lambda d: _case(d)["events"][0].update(type="phone_call"),
    "a case without its child": lambda d: _case(d).pop("child"),
    "a staff id of spaces": lambda d: d["staff"][5].update(id="   "),
    "a service code of 33 characters": lambda d: d["service"].update(code="M" * 33),
    "cases that are an object": lambda d: d.update(cases={}),
    "format 3": lambda d: d.update(format="casequality/3"),
    "an objective addressing everything": lambda d: _case(d)["plans"][0]["objectives"][0]["addresses"].append("all"),
}


def _document(change) -> dict:
    document = example_v2_document()
    change(document)
    return document


def _agreement(tmp_path, validator, document) -> tuple[bool, bool]:
    """(valid to the JSON Schema, valid to the importer)."""
    path = write_document(tmp_path / "file.json", document)
    return validator.is_valid(document), validate_source(path) == []


@pytest.mark.parametrize("name", VALID)
def test_a_valid_file_is_valid_to_both(tmp_path, validator, name):
    assert _agreement(tmp_path, validator, _document(VALID[name])) == (True, True)


@pytest.mark.parametrize("name", INVALID)
def test_a_file_with_a_structural_fault_is_invalid_to_both(tmp_path, validator, name):
    assert _agreement(tmp_path, validator, _document(INVALID[name])) == (False, False)


def test_an_export_of_a_format_1_record_is_valid_to_both(tmp_path, validator):
    assert _agreement(tmp_path, validator, as_exported(example_document())) == (True, True)


def test_a_reference_to_no_record_is_beyond_the_json_schema(tmp_path, validator):
    document = _document(lambda d: _case(d)["victims"][0].update(offence="OF9"))

    assert _agreement(tmp_path, validator, document) == (True, False)
