"""Checking interchange documents: each kind of problem, its path and message, and that
a document with any problem changes nothing."""

from __future__ import annotations

import json

import pytest

from casequality.cases.interchange import InterchangeError, validate_source
from casequality.cases.services import interchange_import, interchange_import_document
from tests.cases.conftest import database_state
from tests.cases.documents import example_document, write_document


def problems_of(document) -> list[str]:
    """The problems an import of `document` reports, as printed."""
    with pytest.raises(InterchangeError) as error:
        interchange_import_document(document)
    return [str(problem) for problem in error.value.problems]


def problems_of_file(path) -> list[str]:
    with pytest.raises(InterchangeError) as error:
        interchange_import(path)
    return [str(problem) for problem in error.value.problems]


@pytest.fixture
def document():
    return example_document()


@pytest.fixture
def case(document):
    return document["cases"][0]


def test_the_example_document_is_valid(tmp_path):
    assert validate_source(write_document(tmp_path / "man.json", example_document())) == []


def test_an_unknown_key_is_rejected_with_its_path(db, document, case):
    case["child"]["nmae"] = case["child"].pop("name")

    assert problems_of(document) == ["cases[0].child.name: required key is missing", "cases[0].child.nmae: unknown key"]


def test_an_unknown_top_level_key_is_rejected(db, document):
    document["cases_count"] = 2

    assert problems_of(document) == ["cases_count: unknown key"]


def test_a_value_outside_an_enumeration_is_rejected_with_the_allowed_values(db, document):
    document["cases"][1]["assessments"] = [json.loads(json.dumps(document["cases"][0]["assessments"][1]))]
    document["cases"][1]["assessments"][0]["rosh"]["level"] = "medium-high"

    assert problems_of(document) == [
        "cases[1].assessments[0].rosh.level: 'medium-high' is not one of low, medium, high, very_high"
    ]


def test_an_impossible_date_is_rejected(db, document, case):
    case["child"]["dob"] = "2013-02-30"

    assert problems_of(document) == ["cases[0].child.dob: '2013-02-30' is not a date (YYYY-MM-DD)"]


def test_a_date_written_another_way_is_rejected(db, document, case):
    case["orders"][0]["court_date"] = "01/10/2012"

    assert problems_of(document) == ["cases[0].orders[0].court_date: '01/10/2012' is not a date (YYYY-MM-DD)"]


def test_a_missing_required_key_is_reported(db, document, case):
    del case["assessments"][0]["rosh"]["screening"]["intuitive_feelings"]

    assert problems_of(document) == [
        "cases[0].assessments[0].rosh.screening.intuitive_feelings: required key is missing"
    ]


def test_a_value_of_the_wrong_type_is_reported(db, document, case):
    case["child"]["looked_after"] = "yes"
    case["plans"][0]["objectives"] = {"text": "one"}

    assert problems_of(document) == [
        "cases[0].child.looked_after: 'yes' is not true or false",
        "cases[0].plans[0].objectives: an object is not a list",
    ]


def test_null_is_refused_where_the_format_does_not_allow_it(db, document, case):
    case["events"][0]["detail"] = None

    assert problems_of(document) == ["cases[0].events[0].detail: null is not a string"]


def test_a_file_that_is_not_json_is_rejected_with_line_and_column(db, tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"format": "casequality/1",\n "service": {"code": "MAN" "name": "x"}}', encoding="utf-8")

    [problem] = problems_of_file(path)

    # The parser notices the missing comma at the end of the next token, "name".
    assert (
        problem
        == "$: not valid JSON at line 2, column 33: parse error: after key and value, inside map, I expect ',' or '}'"
    )


def test_a_file_that_stops_short_is_rejected(db, tmp_path):
    path = tmp_path / "short.json"
    path.write_bytes(json.dumps(example_document()).encode()[:-40])

    [problem] = problems_of_file(path)

    assert problem.startswith("$: not valid JSON at line 1, column ")
    assert "premature EOF" in problem


def test_a_json_list_is_not_a_document(db, tmp_path):
    path = tmp_path / "list.json"
    path.write_text("[1, 2]")

    assert problems_of_file(path) == ["$: the document is a list, not a JSON object"]


def test_anything_after_the_document_is_rejected(db, tmp_path):
    path = tmp_path / "trailing.json"
    path.write_text(json.dumps(example_document()) + "\n{}", encoding="utf-8")

    [problem] = problems_of_file(path)

    assert problem.startswith("$: not valid JSON at line 2, column ")
    assert "trailing garbage" in problem


def test_an_unknown_key_after_the_cases_of_a_file_is_rejected(db, tmp_path, document):
    document["comment"] = "written after the cases"

    assert problems_of_file(write_document(tmp_path / "man.json", document)) == ["comment: unknown key"]


def test_a_file_may_give_its_staff_after_its_cases(db, tmp_path, document):
    reordered = {"format": document["format"], "cases": document["cases"], "service": document["service"],
                 "staff": document["staff"]}  # fmt: skip

    summary = interchange_import(write_document(tmp_path / "man.json", reordered))

    assert (summary.cases, summary.staff) == (2, 7)


def test_a_document_of_another_format_is_rejected(db, document):
    document["format"] = "casequality/3"

    assert problems_of(document) == [
        "format: 'casequality/3' is not a format this version reads "
        "(expected 'casequality/1' or 'casequality/1.1' or 'casequality/2' or 'casequality/2.1')"
    ]


def test_a_document_without_cases_is_rejected(db, tmp_path, document):
    del document["cases"]

    assert problems_of_file(write_document(tmp_path / "nocases.json", document)) == ["cases: required key is missing"]


def test_a_plan_resting_on_a_missing_assessment_is_rejected(db, document, case):
    case["plans"][0]["assessment"] = "A9"

    assert problems_of(document) == ["cases[0].plans[0].assessment: no assessment 'A9' in this case"]


def test_a_report_for_a_missing_order_is_rejected(db, document, case):
    case["reports"][0]["order"] = "O7"

    assert problems_of(document) == ["cases[0].reports[0].order: no order 'O7' in this case"]


def test_an_oversight_request_about_no_assessment_or_plan_is_rejected(db, document, case):
    case["events"][7]["subject"] = "O1"

    assert problems_of(document) == ["cases[0].events[7].subject: no assessment or plan 'O1' in this case"]


def test_every_reference_to_a_missing_staff_member_is_rejected(db, document, case):
    case["case_manager"] = "S99"
    case["reports"][0]["author"] = "S98"
    case["assessments"][0]["countersigned"]["by"] = "S97"
    case["events"][0]["by"] = "S96"
    case["events"][11]["from"] = "S95"

    assert problems_of(document) == [
        "cases[0].case_manager: no staff member 'S99' in staff",
        "cases[0].reports[0].author: no staff member 'S98' in staff",
        "cases[0].assessments[0].countersigned.by: no staff member 'S97' in staff",
        "cases[0].events[0].by: no staff member 'S96' in staff",
        "cases[0].events[11].from: no staff member 'S95' in staff",
    ]


def test_a_staff_manager_who_does_not_exist_is_rejected(db, document):
    document["staff"][2]["manager"] = "S7"

    assert problems_of(document) == ["staff[2].manager: no staff member 'S7' in staff"]


def test_a_staff_member_of_an_unknown_role_is_rejected(db, document):
    document["staff"][0]["role"] = "director"

    assert problems_of(document) == [
        "staff[0].role: 'director' is not one of case_manager, team_manager, qa_lead, inspector, board, admin"
    ]


def test_a_staff_id_used_twice_is_rejected(db, document):
    document["staff"].append({"id": "S1", "name": "Sam Other", "role": "case_manager", "team": None, "manager": None})

    assert problems_of(document) == ["staff[7].id: duplicate staff id 'S1' (also staff[2])"]


def test_a_case_id_used_twice_in_the_file_is_rejected(db, document):
    document["cases"][1]["id"] = "MAN-0001"

    assert problems_of(document) == ["cases[1].id: duplicate case id 'MAN-0001' (also cases[0])"]


def test_an_id_used_twice_within_a_case_is_rejected(db, document, case):
    case["plans"][1]["id"] = "A1"

    assert problems_of(document) == ["cases[0].plans[1].id: id 'A1' is used twice in this case (also assessments[0])"]


def test_an_event_without_its_types_key_is_rejected(db, document, case):
    del case["events"][0]["kind"]

    assert problems_of(document) == ["cases[0].events[0].kind: required key is missing"]


def test_an_event_with_a_key_of_another_type_is_rejected(db, document, case):
    case["events"][2]["kind"] = "office"  # a warning has no kind

    assert problems_of(document) == ["cases[0].events[2].kind: unknown key"]


def test_an_event_of_an_unknown_type_is_rejected_without_noise_about_its_keys(db, document, case):
    case["events"][0]["type"] = "visit"

    assert problems_of(document) == [
        "cases[0].events[0].type: 'visit' is not one of contact, failure_to_comply, warning, compliance_panel, breach, "
        "panel_meeting, significant_change, oversight_request, manager_entry, mappa, referral, transfer, closed"
    ]


def test_a_mappa_category_outside_one_to_four_is_rejected(db, document, case):
    case["events"][9]["category"] = 5

    assert problems_of(document) == ["cases[0].events[9].category: 5 is not a whole number from 1 to 4"]


def test_an_asset_score_above_four_is_rejected(db, document, case):
    case["assessments"][0]["likelihood"]["scores"]["lifestyle"] = 5
    case["assessments"][0]["likelihood"]["static_score"] = 17

    assert problems_of(document) == [
        "cases[0].assessments[0].likelihood.scores.lifestyle: 5 is not a whole number from 0 to 4",
        "cases[0].assessments[0].likelihood.static_score: 17 is not a whole number from 0 to 16",
    ]


def test_a_score_must_be_a_whole_number_not_true(db, document, case):
    case["assessments"][0]["likelihood"]["scores"]["lifestyle"] = True

    assert problems_of(document) == [
        "cases[0].assessments[0].likelihood.scores.lifestyle: true is not a whole number from 0 to 4"
    ]


def test_asset_scores_need_all_twelve_sections_and_no_others(db, document, case):
    scores = case["assessments"][0]["likelihood"]["scores"]
    scores["lifestlye"] = scores.pop("lifestyle")

    assert problems_of(document) == [
        "cases[0].assessments[0].likelihood.scores.lifestyle: required key is missing",
        "cases[0].assessments[0].likelihood.scores.lifestlye: unknown key (the Asset sections are living_arrangements, "
        "family_relationships, education_training_employment, neighbourhood, lifestyle, substance_use, "
        "physical_health, emotional_mental_health, perception_of_self_and_others, thinking_and_behaviour, "
        "attitudes_to_offending, motivation_to_change)",
    ]


def test_scores_are_only_for_an_asset_assessment(db, document, case):
    case["assessments"][1]["likelihood"]["static_score"] = 3

    assert problems_of(document) == [
        "cases[0].assessments[1].likelihood.static_score: only an asset assessment has static_score (this is assetplus)"
    ]


def test_a_report_not_requested_has_no_date_author_or_text(db, document, case):
    case["reports"][1].update({"date": "2012-05-01", "author": "S1", "text": "A report."})

    assert problems_of(document) == [
        "cases[0].reports[1].date: must be null: the report was not requested",
        "cases[0].reports[1].author: must be null: the report was not requested",
        "cases[0].reports[1].text: must be null: the report was not requested",
    ]


def test_only_a_custodial_order_has_a_custody_release_date(db, document, case):
    case["orders"][1]["custody_release"] = "2012-08-01"

    assert problems_of(document) == [
        "cases[0].orders[1].custody_release: a referral_order is not custodial: custody_release must be null"
    ]


def test_an_id_longer_than_the_database_keeps_is_rejected(db, document, case):
    case["id"] = "C" * 65

    assert problems_of(document) == ["cases[0].id: is longer than 64 characters"]


def test_every_problem_in_a_file_is_reported_not_just_the_first(db, tmp_path, document):
    document["staff"][0]["role"] = "boss"
    document["cases"][0]["child"]["sex"] = "m"
    document["cases"][1]["events"][0]["date"] = "2013-13-01"

    problems = problems_of_file(write_document(tmp_path / "man.json", document))

    assert [problem.split(":")[0] for problem in problems] == [
        "staff[0].role",
        "cases[0].child.sex",
        "cases[1].events[0].date",
    ]


# --- a rejected document changes nothing --------------------------------------------


def _with_new_and_changed_cases(document: dict) -> dict:
    """The example changed so that a valid import would change every table: a staff
    member renamed, a new team, both known cases changed and a new case added."""
    document["staff"][2]["name"] = "Renamed Person"
    document["staff"].append(
        {"id": "S30", "name": "New Person", "role": "case_manager", "team": "East", "manager": "S9"}
    )
    document["cases"][0]["child"]["name"] = "Changed Name"
    document["cases"][0]["events"] = document["cases"][0]["events"][:3]
    document["cases"][1]["case_manager"] = "S30"
    document["cases"].append({**json.loads(json.dumps(document["cases"][1])), "id": "MAN-0003"})
    return document


def _break(kind: str, document: dict) -> tuple[dict | None, str]:
    """Spoil the last case of `document` in one way; return it (None: write raw text)
    and the start of the problem expected."""
    last = document["cases"][-1]
    if kind == "bad JSON":
        return None, "$: not valid JSON at line "
    if kind == "unknown key":
        last["child"]["nmae"] = "x"
        return document, "cases[2].child.nmae: unknown key"
    if kind == "wrong enum":
        last["child"]["sex"] = "boy"
        return document, "cases[2].child.sex: 'boy' is not one of male, female, other, not_known"
    if kind == "bad date":
        last["events"][0]["date"] = "2013-02-30"
        return document, "cases[2].events[0].date: '2013-02-30' is not a date (YYYY-MM-DD)"
    if kind == "dangling plan assessment":
        last["plans"] = [json.loads(json.dumps(document["cases"][0]["plans"][0]))]
        return document, "cases[2].plans[0].assessment: no assessment 'A1' in this case"
    if kind == "duplicate case id":
        last["id"] = "MAN-0001"
        return document, "cases[2].id: duplicate case id 'MAN-0001' (also cases[0])"
    if kind == "missing staff manager":
        document["staff"][-1]["manager"] = "S404"
        return document, "staff[7].manager: no staff member 'S404' in staff"
    raise AssertionError(kind)


KINDS = [
    "bad JSON", "unknown key", "wrong enum", "bad date", "dangling plan assessment", "duplicate case id",
    "missing staff manager",
]  # fmt: skip


@pytest.mark.parametrize("kind", KINDS)
def test_a_rejected_file_leaves_the_database_exactly_as_it_was(imported, small_batches, tmp_path, kind):
    document, expected = _break(kind, _with_new_and_changed_cases(example_document()))
    path = tmp_path / "import.json"
    if document is None:
        text = json.dumps(_with_new_and_changed_cases(example_document()), indent=1)
        path.write_text(text[: len(text) - 200] + "}}" + text[len(text) - 200 :], encoding="utf-8")
    else:
        write_document(path, document)
    before = database_state()

    problems = problems_of_file(path)

    assert any(problem.startswith(expected) for problem in problems), problems
    assert database_state() == before


def test_a_document_valid_until_its_last_case_writes_nothing(imported, small_batches):
    # With one case per batch the first cases are already written when the last one
    # fails: the transaction must take them back.
    document, _expected = _break("wrong enum", _with_new_and_changed_cases(example_document()))
    before = database_state()

    problems_of(document)

    assert database_state() == before
