"""Every rule traced to its source: what kind of source, its date, none superseded (decision 0052)."""

from __future__ import annotations

import re
from datetime import date

import pytest

from casequality.standards.engine import Engine
from casequality.standards.rulebook import BASES, RulebookError, effective_parameters, rulebook
from casequality.standards.text import looks_welsh

SOURCE_DATE = re.compile(r"^(undated|\d{4}(-\d{2}(-\d{2})?)?)$")
# The YJB's national standards of 2000, 2009 and 2013, replaced by the Standards for children
# in the youth justice system (2019): no rule or parameter may rest on them.
SUPERSEDED = re.compile(r"National Standards( for Youth Justice Services?)?,? (2000|2009|2013)", re.IGNORECASE)


def test_every_rule_names_whether_its_source_is_national_inspectorate_or_local():
    assert {r: m.basis for r, m in rulebook().rules.items() if m.basis not in BASES} == {}


def test_every_rule_names_the_date_of_its_source():
    assert {r: m.source_date for r, m in rulebook().rules.items() if not SOURCE_DATE.match(m.source_date)} == {}


def test_no_rule_or_parameter_rests_on_the_superseded_national_standards():
    book = rulebook()
    cited = [r for r, m in book.rules.items() if SUPERSEDED.search(m.source)]
    cited += [p for p, m in book.parameters.items() if SUPERSEDED.search(m.source)]
    assert cited == []


def test_rev_002_rests_on_the_yjb_case_management_guidance():
    meta = rulebook().rules["REV-002"]
    assert meta.basis == "national" and "Case Management Guidance" in meta.source
    assert "at least every three months" in meta.quote


def test_cmp_001_rests_on_schedule_7_which_is_about_youth_rehabilitation_orders():
    meta = rulebook().rules["CMP-001"]
    assert meta.basis == "national" and "Sch 7" in meta.source and "youth rehabilitation order" in meta.standard


def test_vul_002s_threshold_is_said_to_be_local_practice():
    assert rulebook().parameters["vmp_threshold"].source.startswith("Local practice")
    assert "local parameter" in rulebook().rules["VUL-002"].standard


def test_cmp_002_is_a_should_by_default_as_local_practice():
    meta = rulebook().rules["CMP-002"]
    assert (meta.severity, meta.basis, meta.severity_parameter) == ("should", "local", "compliance_panel_severity")
    assert Engine(as_of=date(2013, 6, 11)).meta["CMP-002"].severity == "should"


def test_a_service_that_raises_cmp_002_has_its_findings_as_musts():
    engine = Engine(as_of=date(2013, 6, 11), overrides={"compliance_panel_severity": "must"})
    case = {
        "id": "C1",
        "orders": [
            {"id": "O1", "type": "youth_rehabilitation_order", "court_date": "2013-03-01", "start": "2013-03-01"}
        ],
        "events": [
            {"id": "E1", "type": "failure_to_comply", "date": "2013-05-10", "acceptable": False},
            {"id": "E2", "type": "failure_to_comply", "date": "2013-05-24", "acceptable": False},
        ],
    }
    found = [engine.record("C1", v) for v in engine.evaluate(case) if v.rule == "CMP-002"]
    assert [f["severity"] for f in found] == ["must"]
    assert engine.meta["CMP-001"].severity == "must"  # other rules keep their own


@pytest.mark.parametrize("value", ["might", "MUST", 1, ""])
def test_a_severity_other_than_must_or_should_is_refused(value):
    with pytest.raises(RulebookError):
        effective_parameters({"compliance_panel_severity": value})


def test_welsh_is_recognised_by_its_words():
    assert looks_welsh("Byddi di'n cwrdd â Sam bob wythnos. Byddwn ni'n siarad am yr ysgol.")


def test_english_is_not_taken_for_welsh():
    assert not looks_welsh("You will meet Sam every week. We will talk about school. You will go to the gym.")


def test_a_welsh_only_letter_marks_a_text_as_welsh():
    assert looks_welsh("Dŵr")


def test_a_welsh_word_before_an_apostrophe_counts_as_a_welsh_word():
    assert looks_welsh("Bydd'n helpu")


def test_a_text_without_words_is_not_taken_for_welsh():
    assert [looks_welsh(text) for text in (None, "", "  ", "'", "'' -- 12")] == [False] * 5


def test_the_rules_command_says_each_rules_basis_and_the_date_of_its_source(db):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("rules", stdout=out)
    text = out.getvalue()
    assert "CMP-001 (must, CM)" in text and "Basis: National: law or YJB guidance (dated 2020-12-01)" in text
    assert "CMP-002 (should, CM)" in text and "Basis: Local practice" in text
