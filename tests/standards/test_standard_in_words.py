"""A rule's standard as a person reads it (issue 23, item 7): the values the service uses in
place of the parameters' names (standards.rulebook.standard_in_words)."""

from __future__ import annotations

import re
from dataclasses import replace

from casequality.standards.rulebook import effective_parameters, rulebook, standard_in_words

SNAKE_CASE = re.compile(r"(?<!\w)[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?!\w)")


def test_a_standard_with_a_parameter_shows_the_default_value():
    text = standard_in_words(rulebook().rules["ROSH-003"], effective_parameters({}))
    assert "each in at least 15 words" in text and "evidence_min_words" not in text


def test_an_overridden_value_shows_the_override():
    text = standard_in_words(rulebook().rules["OVS-001"], effective_parameters({"countersign_due_wd": 3}))
    assert "within 3 working days of its date" in text and "countersign_due_wd" not in text


def test_a_name_inside_another_word_is_not_replaced():
    meta = replace(
        rulebook().rules["PLAN-001"],
        standard="Within plan_due_wd days, not xplan_due_wd nor plan_due_wd_x nor plan_due_wds.",
    )
    assert standard_in_words(meta, effective_parameters({})) == (
        "Within 15 days, not xplan_due_wd nor plan_due_wd_x nor plan_due_wds."
    )


def test_a_longer_name_that_starts_with_a_shorter_one_is_replaced_as_itself():
    values = effective_parameters({"assessment_due_wd": 12, "assessment_due_wd_referral_order": 25})
    text = standard_in_words(rulebook().rules["LOR-001"], values)
    assert "to 12 working days after it (25 for a referral order)" in text


def test_a_value_of_one_takes_a_singular_unit():
    assert "within 1 working day of the day" in standard_in_words(rulebook().rules["SPP-001"], effective_parameters({}))


def test_dates_levels_and_pairs_read_as_words():
    values = effective_parameters({"vmp_threshold": "very_high"})
    book = rulebook().rules
    assert "on or after 1 April 2024" in standard_in_words(book["PDAT-002"], values)
    assert "at or above very high," in standard_in_words(book["VUL-002"], values)
    assert "standard 2 then 1, enhanced 4 then 2, intensive 8 then 4" in standard_in_words(book["CMP-004"], values)


def test_no_standard_read_with_the_defaults_names_a_parameter():
    values = effective_parameters({})
    named = {r: SNAKE_CASE.findall(standard_in_words(m, values)) for r, m in rulebook().rules.items()}
    assert {r: names for r, names in named.items() if names} == {}
