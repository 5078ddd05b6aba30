"""The demo caseload's record of today (format 2): what a caseload dated today holds, what
one dated 2013 leaves out, and that the format 1 part of every case is unchanged."""

from __future__ import annotations

import io
import json
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command
from jsonschema import Draft202012Validator

from casequality.cases.interchange import V2_RECORD_LISTS, validate_source
from casequality.demo.generator import write_caseload

from .conftest import ordinary_cases

TODAY = date(2026, 6, 17)
V2_LISTS = V2_RECORD_LISTS  # format 2's lists and 2.1's
SCHEMA = Path(__file__).resolve().parents[2] / "docs" / "schema" / "casequality-2.schema.json"


def generated(**kwargs) -> bytes:
    out = io.BytesIO()
    write_caseload(out, **kwargs)
    return out.getvalue()


@pytest.fixture(scope="module")
def today_bytes() -> bytes:
    return generated(cases=200, seed=5, as_of=TODAY)


@pytest.fixture(scope="module")
def today_document(today_bytes) -> dict:
    return json.loads(today_bytes)


def records(document: dict, key: str) -> list[dict]:
    return [record for case in document["cases"] for record in case[key]]


def test_the_demo_file_is_format_2_1(demo_document):
    assert demo_document["format"] == "casequality/2.1"


def test_a_caseload_dated_today_passes_the_importers_validation(today_bytes):
    assert [str(p) for p in validate_source(io.BytesIO(today_bytes))] == []


def test_a_caseload_dated_today_is_valid_to_the_published_json_schema(today_document):
    validator = Draft202012Validator(
        json.loads(SCHEMA.read_text(encoding="utf-8")), format_checker=Draft202012Validator.FORMAT_CHECKER
    )
    assert [error.message for error in validator.iter_errors(today_document)][:3] == []


def test_the_format_1_part_of_each_case_is_the_same_in_both_formats():
    v1 = json.loads(generated(cases=60, seed=9, fmt="casequality/1"))
    v2 = json.loads(generated(cases=60, seed=9))
    for case in v2["cases"]:
        for key in V2_LISTS:
            del case[key]
        for assessment in case["assessments"]:
            assert assessment.pop("assetplus") is None
    assert (v2["cases"], v2["staff"]) == (v1["cases"], v1["staff"])


def test_the_format_1_file_has_no_key_of_format_2():
    document = json.loads(generated(cases=20, seed=9, fmt="casequality/1"))
    assert (document["format"], "board_meetings" in document, "victims" in document["cases"][0]) == (
        "casequality/1",
        False,
        False,
    )


def test_the_demo_data_command_writes_format_1_when_asked(tmp_path):
    path = tmp_path / "v1.json"
    call_command(
        "demo-data",
        "--cases",
        "10",
        "--seed",
        "4",
        "--format",
        "casequality/1",
        "--out",
        str(path),
        stderr=io.StringIO(),
    )
    assert path.read_bytes() == generated(cases=10, seed=4, fmt="casequality/1")


def test_a_caseload_dated_2013_has_no_assetplus_pdat_or_kpi_data(demo_document):
    assert (
        sum(a["instrument"] == "assetplus" for a in records(demo_document, "assessments")),
        len(records(demo_document, "diversion_assessments")),
        len(records(demo_document, "circumstances")),
    ) == (0, 0, 0)


def test_a_caseload_dated_2013_has_offences_victims_and_board_meetings(demo_document):
    assert all((records(demo_document, "offences"), records(demo_document, "victims"), demo_document["board_meetings"]))


def test_a_caseload_dated_today_assesses_with_assetplus_only(today_document):
    instruments = Counter(a["instrument"] for a in records(today_document, "assessments"))
    ordinary = ordinary_cases(today_document, TODAY)
    assert instruments["asset"] == 0 and instruments["assetplus"] > 2.5 * len(ordinary)


def test_a_caseload_dated_today_has_each_kind_of_out_of_court_outcome(today_document):
    kinds = {o["type"] for o in records(today_document, "out_of_court")}
    assert {"community_resolution", "outcome_22", "youth_caution", "youth_conditional_caution"} <= kinds


def test_out_of_court_outcomes_referred_since_april_2024_have_a_pdat_and_earlier_ones_none(today_document):
    for case in today_document["cases"]:
        assessed = {p["out_of_court"] for p in case["diversion_assessments"]}
        referred = {o["id"]: o["referred"] for o in case["out_of_court"]}
        since = {ref for ref, day in referred.items() if "2024-04-01" <= day <= "2026-03-31"}
        assert since <= assessed and all(referred[ref] >= "2024-04-01" for ref in assessed)


def test_most_pdats_come_before_the_decision_panel_and_some_after(today_document):
    before = after = 0
    for case in today_document["cases"]:
        panels = {o["id"]: o["panel_date"] for o in case["out_of_court"]}
        for pdat in case["diversion_assessments"]:
            if panels[pdat["out_of_court"]] is not None:
                if pdat["date"] < panels[pdat["out_of_court"]]:
                    before += 1
                else:
                    after += 1
    assert before > 3 * after > 0


def test_some_assetplus_assessments_are_incomplete(today_document):
    assetplus = [a["assetplus"] for a in records(today_document, "assessments") if a["assetplus"]]
    no_self = sum(a["stages"]["self_assessment"]["completed"] is None for a in assetplus)
    unfinished = sum(a["stages"]["pathways_planning"]["completed"] is None for a in assetplus)
    assert 0 < no_self < len(assetplus) / 3 and 0 < unfinished < len(assetplus) / 5


def test_some_assetplus_assessments_follow_a_significant_change(today_document):
    for case in today_document["cases"]:
        changes = {e["id"] for e in case["events"] if e["type"] == "significant_change"}
        for a in case["assessments"]:
            if a["assetplus"] and a["assetplus"]["trigger"] == "significant_change":
                assert a["assetplus"]["significant_change"] in changes
    triggers = Counter(a["assetplus"]["trigger"] for a in records(today_document, "assessments") if a["assetplus"])
    assert triggers["significant_change"] > 0


def test_some_victims_are_offered_contact_late_or_never_and_most_on_time(today_document):
    from casequality.demo.generator.calendar import add_wd

    victims = records(today_document, "victims")
    on_time = sum(
        v["contact_offered"] is not None
        and v["contact_offered"] <= add_wd(date.fromisoformat(v["identified"]), 10).isoformat()
        for v in victims
    )
    never = sum(v["contact_offered"] is None for v in victims)
    assert on_time > len(victims) / 2 and never > 0 and on_time + never < len(victims)


def test_some_victims_who_need_a_safety_plan_have_none(today_document):
    needing = [v for v in records(today_document, "victims") if v["safety_plan_needed"]]
    assert 0 < sum(v["safety_plan"] is None for v in needing) < len(needing) / 2


def test_circumstances_are_recorded_at_the_start_and_end_with_some_kpi_data_missing(today_document):
    circumstances = records(today_document, "circumstances")
    points = Counter(c["point"] for c in circumstances)
    missing = sum(c["ete"] is None for c in circumstances)
    assert points["start"] > points["end"] > 0 and 0 < missing < len(circumstances) / 5


def test_no_record_of_today_is_dated_after_the_as_of_date(today_document):
    last = TODAY.isoformat()
    dates = [m["date"] for m in today_document["board_meetings"]]
    for case in today_document["cases"]:
        dates += [o["date"] for o in case["offences"]]
        dates += [
            o[k] for o in case["out_of_court"] for k in ("referred", "panel_date", "decision_date", "start", "end")
        ]
        dates += [p["date"] for p in case["diversion_assessments"]]
        dates += [v[k] for v in case["victims"] for k in ("identified", "contact_offered", "views_sought", "rj_done")]
        dates += [c["date"] for c in case["circumstances"]]
        dates += [
            s["completed"] for a in case["assessments"] if a["assetplus"] for s in a["assetplus"]["stages"].values()
        ]
    assert max(d for d in dates if d) <= last


def test_board_meetings_are_quarterly_with_most_partners_attending(today_document):
    meetings = today_document["board_meetings"]
    attended = Counter(partner for m in meetings for partner, present in m["attendance"].items() if present)
    # The second Tuesdays of July 2024 to April 2026.
    assert len(meetings) == 8 and attended["local_authority_childrens_services"] >= 6


def test_every_out_of_court_offence_comes_before_its_referral(today_document):
    checked = 0
    for case in today_document["cases"]:
        offences = {o["id"]: o["date"] for o in case.get("offences", [])}
        for outcome in case.get("out_of_court", []):
            if outcome["offence"]:
                assert offences[outcome["offence"]] < outcome["referred"], (case["id"], outcome["id"])
                checked += 1
    assert checked > 10
