"""Format 2 (`casequality/2`): today's record imported, checked at its JSON paths, stored
and exported as it came; format 1 and 1.1 files unchanged."""

from __future__ import annotations

import io
import json

import pytest

from casequality.cases.interchange import InterchangeError
from casequality.cases.models import Assessment, Case, Service
from casequality.cases.selectors import case_document, interchange_export
from casequality.cases.services import case_put, interchange_import_document
from tests.cases.documents import (
    BOARD_MEETINGS,
    V2_LISTS,
    V2_RECORDS,
    V21_LISTS,
    example_document,
    example_v2_document,
)


def problems_of(document) -> list[str]:
    with pytest.raises(InterchangeError) as error:
        interchange_import_document(document)
    return [str(problem) for problem in error.value.problems]


def exported() -> dict:
    out = io.StringIO()
    interchange_export(out, service=Service.objects.get(code="MAN"))
    return json.loads(out.getvalue())


@pytest.fixture
def document():
    return example_v2_document()


@pytest.fixture
def case(document):
    return document["cases"][0]


# --- import and storage ------------------------------------------------------------------


@pytest.mark.parametrize("key", V2_LISTS)
def test_a_v2_case_keeps_each_list_of_todays_record_as_imported(cast, document, key):
    interchange_import_document(document)

    assert case_document(Case.objects.get(ref="MAN-0001"))[key] == V2_RECORDS[key]


def test_an_assetplus_assessment_keeps_its_stages_and_rationale(cast, document):
    interchange_import_document(document)

    stored = Assessment.objects.get(case__ref="MAN-0001", ref="A2").assetplus
    assert stored == document["cases"][0]["assessments"][1]["assetplus"]


def test_the_board_meetings_of_a_v2_file_are_kept_on_the_service(cast, document):
    interchange_import_document(document)

    assert Service.objects.get(code="MAN").board_meetings == BOARD_MEETINGS


def test_a_file_without_board_meetings_keeps_the_stored_ones(cast, document):
    interchange_import_document(document)
    interchange_import_document(example_document())

    assert Service.objects.get(code="MAN").board_meetings == BOARD_MEETINGS


def test_the_import_access_log_entry_counts_the_records_of_today(cast, document):
    from casequality.accounts.models import AccessLogEntry, AccessVerb

    interchange_import_document(document)

    payload = AccessLogEntry.objects.get(verb=AccessVerb.IMPORT).payload
    assert [payload[key] for key in V2_LISTS] == [2, 1, 1, 2, 2]


def test_a_v2_case_without_the_new_lists_has_none_recorded(cast, document):
    for key in V2_LISTS:
        del document["cases"][0][key]

    interchange_import_document(document)

    stored = case_document(Case.objects.get(ref="MAN-0001"))
    assert [stored[key] for key in V2_LISTS] == [[], [], [], [], []]


def test_a_reimport_replaces_the_cms_lists_of_todays_record(cast, document):
    interchange_import_document(document)
    document["cases"][0]["victims"] = document["cases"][0]["victims"][1:]

    interchange_import_document(document)

    assert [v["id"] for v in case_document(Case.objects.get(ref="MAN-0001"))["victims"]] == ["V2"]


def test_export_then_import_of_a_v2_record_gives_the_same_export(cast, document):
    interchange_import_document(document)
    first = exported()
    Case.objects.all().delete()

    interchange_import_document(first)

    assert exported() == first


def test_the_export_of_a_v2_record_is_the_imported_document(cast, document):
    interchange_import_document(document)

    # The export is format 2.1: a format 2 record comes back with 2.1's lists empty.
    assert exported() == document | {
        "format": "casequality/2.1",
        "cases": [
            {**document["cases"][0], **{key: [] for key in V21_LISTS}},
            {**document["cases"][1], **{key: [] for key in (*V2_LISTS, *V21_LISTS)}},
        ],
    }


def test_a_v2_case_can_be_put_through_the_api_service(cast, document):
    interchange_import_document(document)
    case = document["cases"][0]
    case["offences"][0]["gravity"] = 7

    case_put(service=Service.objects.get(code="MAN"), ref="MAN-0001", case=case, actor_name="test")

    assert case_document(Case.objects.get(ref="MAN-0001"))["offences"][0]["gravity"] == 7


def test_a_put_case_with_a_problem_gives_its_path_relative_to_the_case(cast, document):
    interchange_import_document(document)
    case = document["cases"][0]
    case["victims"][0]["consent"] = "maybe"

    with pytest.raises(InterchangeError) as error:
        case_put(service=Service.objects.get(code="MAN"), ref="MAN-0001", case=case, actor_name="test")

    assert [p.path for p in error.value.problems] == ["victims[0].consent"]


# --- v1 and 1.1 files ----------------------------------------------------------------------


def test_a_v1_file_with_a_v2_list_has_an_unknown_key_with_the_hint(cast):
    document = example_document()
    document["cases"][0]["victims"] = []

    assert problems_of(document) == [
        "cases[0].victims: unknown key (a casequality/2 key; this file says casequality/1)"
    ]


def test_a_v1_1_file_with_board_meetings_has_an_unknown_key_with_the_hint(cast):
    document = {**example_document(), "format": "casequality/1.1", "board_meetings": []}

    assert problems_of(document) == [
        "board_meetings: unknown key (a casequality/2 key; this file says casequality/1.1)"
    ]


def test_a_v1_assessment_with_assetplus_has_an_unknown_key_with_the_hint(cast):
    document = example_document()
    document["cases"][0]["assessments"][1]["assetplus"] = None

    assert problems_of(document) == [
        "cases[0].assessments[1].assetplus: unknown key (a casequality/2 key; this file says casequality/1)"
    ]


def test_a_v1_objective_may_not_address_desistance(cast):
    document = example_document()
    document["cases"][0]["plans"][0]["objectives"][0]["addresses"] = ["desistance"]

    assert [p.split(":")[0] for p in problems_of(document)] == ["cases[0].plans[0].objectives[0].addresses[0]"]


# --- invalid forms of each new record, at their JSON paths --------------------------------


INVALID = [
    (
        lambda d: d["board_meetings"][0]["attendance"].pop("police"),
        "board_meetings[0].attendance.police: required key is missing",
    ),
    (
        lambda d: d["board_meetings"][1]["attendance"].update(youth_offending_team=True),
        "board_meetings[1].attendance.youth_offending_team: unknown key",
    ),
    (
        lambda d: d["board_meetings"][0].update(date="14/01/2013"),
        "board_meetings[0].date: '14/01/2013' is not a date (YYYY-MM-DD)",
    ),
    (
        lambda d: d["cases"][0]["offences"][0].update(gravity=9),
        "cases[0].offences[0].gravity: 9 is not a whole number from 1 to 8",
    ),
    (
        lambda d: d["cases"][0]["offences"][1].update(serious_violence=None),
        "cases[0].offences[1].serious_violence: null is not true or false",
    ),
    (
        lambda d: d["cases"][0]["offences"][0].pop("description"),
        "cases[0].offences[0].description: required key is missing",
    ),
    (
        lambda d: d["cases"][0]["out_of_court"][0].update(type="police_caution"),
        "cases[0].out_of_court[0].type: 'police_caution' is not one of community_resolution, outcome_22, outcome_21, "
        "outcome_23, youth_caution, youth_conditional_caution, other",
    ),
    (
        lambda d: d["cases"][0]["out_of_court"][0].update(offence="OF9"),
        "cases[0].out_of_court[0].offence: no offence 'OF9' in this case",
    ),
    (
        lambda d: d["cases"][0]["out_of_court"][0].update(order="A1"),
        "cases[0].out_of_court[0].order: no order 'A1' in this case",
    ),
    (
        lambda d: d["cases"][0]["diversion_assessments"][0].update(out_of_court="OF1"),
        "cases[0].diversion_assessments[0].out_of_court: no out-of-court outcome 'OF1' in this case",
    ),
    (
        lambda d: d["cases"][0]["diversion_assessments"][0].update(author="S99"),
        "cases[0].diversion_assessments[0].author: no staff member 'S99' in staff",
    ),
    (
        lambda d: d["cases"][0]["diversion_assessments"][0]["child_plan"].pop("strengths"),
        "cases[0].diversion_assessments[0].child_plan.strengths: required key is missing",
    ),
    (
        lambda d: d["cases"][0]["diversion_assessments"][0]["exit_plan"].update(safety_wellbeing="none"),
        (
            "cases[0].diversion_assessments[0].exit_plan.safety_wellbeing: 'none' is not one of low, medium, high, "
            "very_high"
        ),
    ),
    (lambda d: d["cases"][0]["victims"][0].pop("id"), "cases[0].victims[0].id: required key is missing"),
    (lambda d: d["cases"][0]["victims"][0].update(name="Mrs Smith"), "cases[0].victims[0].name: unknown key"),
    (
        lambda d: d["cases"][0]["victims"][0].update(offence="OF3"),
        "cases[0].victims[0].offence: no offence 'OF3' in this case",
    ),
    (
        lambda d: d["cases"][0]["victims"][1].update(worker="S99"),
        "cases[0].victims[1].worker: no staff member 'S99' in staff",
    ),
    (
        lambda d: d["cases"][0]["victims"][0].update(rj_kind="conference"),
        "cases[0].victims[0].rj_kind: 'conference' is not one of direct, indirect",
    ),
    (
        lambda d: d["cases"][0]["victims"][1].update(id="OF1"),
        "cases[0].victims[1].id: id 'OF1' is used twice in this case (also offences[0])",
    ),
    (
        lambda d: d["cases"][0]["circumstances"][0].update(of="E1"),
        "cases[0].circumstances[0].of: no order or out-of-court outcome 'E1' in this case",
    ),
    (
        lambda d: d["cases"][0]["circumstances"][0]["ete"].update(hours=2.5),
        "cases[0].circumstances[0].ete.hours: 2.5 is not a whole number from 0 to 168",
    ),
    (
        lambda d: d["cases"][0]["circumstances"][0].update(wider_services=["youth_club"]),
        "cases[0].circumstances[0].wider_services[0]: 'youth_club' is not one of early_help, child_in_need, "
        "child_protection, looked_after",
    ),
    (
        lambda d: d["cases"][0]["circumstances"][0]["send"].update(plan="statement"),
        "cases[0].circumstances[0].send.plan: 'statement' is not one of ehcp, idp, other_plan, none",
    ),
    (
        lambda d: d["cases"][0]["assessments"][1]["assetplus"]["stages"].pop("self_assessment"),
        "cases[0].assessments[1].assetplus.stages.self_assessment: required key is missing",
    ),
    (
        lambda d: d["cases"][0]["assessments"][1]["assetplus"]["stages"]["pathways_planning"].update(by="S99"),
        "cases[0].assessments[1].assetplus.stages.pathways_planning.by: no staff member 'S99' in staff",
    ),
    (
        lambda d: d["cases"][0]["assessments"][1]["assetplus"].update(significant_change="E1"),
        "cases[0].assessments[1].assetplus.significant_change: no significant_change event 'E1' in this case",
    ),
    (
        lambda d: d["cases"][0]["assessments"][1]["assetplus"].update(intervention_level="high"),
        "cases[0].assessments[1].assetplus.intervention_level: 'high' is not one of standard, enhanced, intensive",
    ),
    (
        lambda d: d["cases"][0]["assessments"][0].update(assetplus=d["cases"][0]["assessments"][1]["assetplus"]),
        "cases[0].assessments[0].assetplus: must be null: only an assetplus assessment has it (this is asset)",
    ),
]


@pytest.mark.parametrize(("change", "problem"), INVALID, ids=[problem.split(":")[0] for _, problem in INVALID])
def test_an_invalid_v2_record_is_one_problem_at_its_path_and_nothing_is_written(cast, document, change, problem):
    change(document)

    assert problems_of(document) == [problem]
    assert not Case.objects.exists()


def test_an_assessment_without_assetplus_keeps_the_version_it_had_in_format_1():
    from casequality.cases.acts import subject_version

    record = example_document()["cases"][0]["assessments"][0]

    assert subject_version({**record, "assetplus": None}) == subject_version(record)


def test_an_assetplus_part_changes_the_assessments_version():
    from casequality.cases.acts import subject_version

    record = example_v2_document()["cases"][0]["assessments"][1]

    assert subject_version(record) != subject_version({**record, "assetplus": None})
