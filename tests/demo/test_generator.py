"""The synthetic caseload generator (casequality/demo/generator.py) and `casequality demo-data`."""

from __future__ import annotations

import io
import json
import statistics
from collections import Counter
from datetime import date

import pytest
from django.core.management import call_command

from casequality.cases.interchange import validate_source
from casequality.demo.generator import DEFAULT_AS_OF, write_caseload
from casequality.demo.generator.examples import EXAMPLE_EVERY, EXAMPLE_OFFSET
from casequality.standards.rulebook import rulebook

from .conftest import ordinary_cases


def generated(**kwargs) -> bytes:
    out = io.BytesIO()
    write_caseload(out, **kwargs)
    return out.getvalue()


def all_dates(case: dict):
    """Every date a case's record holds, as (where, date) pairs, except planned ends."""
    for o in case["orders"]:
        yield "order court_date", o["court_date"]
        yield "order start", o["start"]
    for r in case["reports"]:
        yield "report", r["date"]
    for a in case["assessments"]:
        yield "assessment", a["date"]
        if a["rosh"]["full"]:
            yield "full RoSH", a["rosh"]["full"]["date"]
        if a["countersigned"]:
            yield "countersignature", a["countersigned"]["date"]
    for p in case["plans"]:
        yield "plan", p["date"]
        if p["countersigned"]:
            yield "countersignature", p["countersigned"]["date"]
    for e in case["events"]:
        yield f"event {e['type']}", e["date"]


def test_the_same_seed_gives_byte_identical_files():
    assert generated(cases=40, seed=7) == generated(cases=40, seed=7)


def test_a_different_seed_gives_a_different_caseload():
    assert generated(cases=40, seed=7) != generated(cases=40, seed=8)


def test_generating_in_two_processes_writes_the_same_bytes_as_one():
    assert generated(cases=300, seed=3, jobs=2) == generated(cases=300, seed=3, jobs=1)


def test_the_demo_data_command_writes_the_generators_file(tmp_path):
    path = tmp_path / "cases.json"
    call_command("demo-data", "--cases", "25", "--seed", "11", "--out", str(path), stderr=io.StringIO())
    assert path.read_bytes() == generated(cases=25, seed=11)


def test_the_demo_data_command_takes_an_as_of_date(tmp_path):
    path = tmp_path / "cases.json"
    call_command("demo-data", "--cases", "25", "--as-of", "2020-03-02", "--out", str(path), stderr=io.StringIO())
    latest = max(d for case in json.loads(path.read_text())["cases"] for _, d in all_dates(case) if d)
    assert "2019-12-01" < latest <= "2020-03-02"


def test_the_300_case_demo_file_passes_the_importers_validation(demo_file):
    assert [str(p) for p in validate_source(demo_file)] == []


def test_the_demo_file_holds_300_cases_and_a_service_sized_staff(demo_document):
    roles = Counter(s["role"] for s in demo_document["staff"])
    assert len(demo_document["cases"]) == 300
    assert 300 / 15 <= roles["case_manager"] <= 300 / 11
    assert roles["team_manager"] >= 3 and roles["qa_lead"] >= 1 and roles["inspector"] >= 1


def test_case_managers_hold_about_twelve_to_fifteen_cases(demo_document):
    load = Counter(case["case_manager"] for case in demo_document["cases"])
    assert 11 <= statistics.mean(load.values()) <= 16
    assert max(load.values()) <= 17


@pytest.mark.parametrize(
    "where, key, expected",
    [
        (
            "orders",
            "type",
            {
                "referral_order",
                "youth_rehabilitation_order",
                "detention_and_training_order",
                "long_term_detention",
                "youth_conditional_caution",
                "youth_caution",
                "other",
            },
        ),
        ("reports", "type", {"pre_sentence_report", "panel_report"}),
        ("assessments", "stage", {"pre_sentence", "start", "review", "transfer", "end"}),
        ("plans", "type", {"intervention", "risk_management", "vulnerability_management", "custodial_sentence"}),
        (
            "events",
            "type",
            {
                "contact",
                "failure_to_comply",
                "warning",
                "compliance_panel",
                "breach",
                "panel_meeting",
                "significant_change",
                "oversight_request",
                "manager_entry",
                "mappa",
                "referral",
                "transfer",
                "closed",
            },
        ),
    ],
)
def test_every_kind_of_record_appears_in_the_demo_file(demo_document, where, key, expected):
    found = {record[key] for case in demo_document["cases"] for record in case[where]}
    assert expected <= found


def test_every_kind_of_contact_and_significant_change_appears(demo_document):
    events = [e for case in demo_document["cases"] for e in case["events"]]
    assert {e["kind"] for e in events if e["type"] == "contact"} == {"office", "home_visit", "phone", "other"}
    assert {e["kind"] for e in events if e["type"] == "significant_change"} >= {
        "sentence_start",
        "release",
        "new_offence",
        "address",
        "care_status",
        "other",
    }
    assert {e["decision"] for e in events if e["type"] == "breach"} == {"returned_to_court", "alternative_strategy"}


def test_children_are_aged_10_to_17_on_the_as_of_date(demo_document):
    ages = []
    for case in demo_document["cases"]:
        dob = date.fromisoformat(case["child"]["dob"])
        age = DEFAULT_AS_OF.year - dob.year - ((DEFAULT_AS_OF.month, DEFAULT_AS_OF.day) < (dob.month, dob.day))
        ages.append(age)
    assert min(ages) >= 10 and max(ages) <= 17
    assert Counter(ages).most_common(1)[0][0] in (15, 16)


def test_most_children_are_boys_and_a_few_sexes_are_not_known(demo_document):
    sexes = Counter(case["child"]["sex"] for case in demo_document["cases"])
    assert 0.7 <= sexes["male"] / 300 <= 0.9
    assert sexes["female"] > 20
    assert sexes["not_known"] + sexes["other"] >= 1


def test_childrens_names_are_varied(demo_document):
    names = [case["child"]["name"] for case in demo_document["cases"]]
    assert len(set(names)) >= 290
    assert len({n.split()[0] for n in names}) >= 120


def test_no_record_is_dated_after_the_as_of_date(demo_document):
    late = [
        (case["id"], where, d)
        for case in demo_document["cases"]
        for where, d in all_dates(case)
        if d and d > DEFAULT_AS_OF.isoformat()
    ]
    assert late == []


def test_most_open_cases_are_on_orders_that_are_still_open(demo_document):
    as_of = DEFAULT_AS_OF.isoformat()
    cases = ordinary_cases(demo_document)
    open_cases = [c for c in cases if not any(e["type"] == "closed" for e in c["events"])]
    current = [c for c in open_cases if any(o["end"] is None or o["end"] >= as_of for o in c["orders"])]
    assert len(open_cases) >= 0.85 * len(cases)
    assert len(current) == len(open_cases)


def test_no_two_demo_assessments_read_the_same(demo_document):
    texts = Counter(
        " ".join(a["likelihood"]["evidence"].values())
        for case in ordinary_cases(demo_document)
        for a in case["assessments"]
    )
    assert texts.most_common(1)[0][1] == 1


def test_every_rules_example_case_fits_in_the_300_case_demo():
    assert EXAMPLE_OFFSET + EXAMPLE_EVERY * (len(rulebook().rules) - 1) < 300


def test_the_300_case_demo_file_imports_whole(db, demo_file):
    from casequality.cases.models import Case, Event
    from casequality.cases.services import interchange_import

    summary = interchange_import(demo_file, actor_name="test")
    assert summary.cases == 300 and summary.created == 300
    assert Case.objects.filter(service__code="DEMO").count() == 300
    assert Case.objects.filter(closed_on__isnull=False).count() >= 10
    assert Event.objects.filter(type="contact").count() > 300 * 10
