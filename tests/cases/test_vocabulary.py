"""The vocabulary of the case record: orders, levels, the Asset band, oversight, words, months, working days."""

from __future__ import annotations

from datetime import date

from casequality.cases.vocabulary import (
    COMMUNITY_ORDERS,
    CUSTODIAL_ORDERS,
    LEVELS,
    STATUTORY_ORDERS,
    add_months,
    asset_band,
    at_least,
    calendar,
    level_rank,
    month_start,
    months_before,
    next_month,
    order_words,
    oversight_reasons,
    word_count,
)


def test_working_days_skip_the_may_day_bank_holiday():
    # Friday 3 May 2013 + 1: Monday 6 May was the May Day bank holiday.
    assert calendar().add(date(2013, 5, 3), 1) == date(2013, 5, 7)


def test_a_month_before_the_31st_is_the_shorter_months_last_day():
    assert months_before(date(2013, 5, 31), 3) == date(2013, 2, 28)
    assert months_before(date(2012, 5, 31), 3) == date(2012, 2, 29)


def test_adding_months_crosses_the_year_and_keeps_to_the_months_end():
    assert add_months(date(2013, 11, 30), 3) == date(2014, 2, 28)
    assert add_months(date(2013, 1, 15), -1) == date(2012, 12, 15)


def test_a_months_start_and_the_next_months_start():
    assert month_start(date(2013, 12, 17)) == date(2013, 12, 1)
    assert next_month(date(2013, 12, 17)) == date(2014, 1, 1)


def test_community_and_custodial_orders_are_the_statutory_orders_and_do_not_overlap():
    assert COMMUNITY_ORDERS | CUSTODIAL_ORDERS == STATUTORY_ORDERS
    assert not COMMUNITY_ORDERS & CUSTODIAL_ORDERS
    assert "youth_caution" not in STATUTORY_ORDERS


def test_an_order_type_reads_as_words():
    assert order_words("long_term_detention") == "long-term detention"
    assert order_words("youth_caution") == "youth caution"


def test_levels_rank_from_low_to_very_high_and_no_level_is_below_all():
    assert [level_rank(level) for level in LEVELS] == [0, 1, 2, 3]
    assert level_rank(None) == -1
    assert at_least("very_high", "high") and not at_least("low", "medium") and not at_least(None, "low")


def test_the_asset_band_changes_at_15_and_33():
    assert [asset_band(s) for s in (14, 15, 32, 33)] == ["low", "medium", "medium", "high"]


def test_numbers_and_punctuation_are_not_words():
    assert word_count("Seen on 3 May - 2013, at O'Neil-Smith's.") == 5


def test_an_assessment_needs_oversight_for_rosh_or_vulnerability_medium_or_a_full_rosh_assessment():
    assert oversight_reasons(rosh_level="low", vulnerability_level="low") == []
    assert oversight_reasons(rosh_level="very_high", vulnerability_level="medium", full_rosh=True) == [
        ("rosh", "RoSH very high"),
        ("vulnerability", "vulnerability medium"),
        ("rosh", "a full RoSH assessment"),
    ]


def test_every_risk_or_vulnerability_management_plan_needs_oversight_and_no_other_plan_does():
    assert [c for c, _w in oversight_reasons(plan_type="risk_management")] == ["rosh"]
    assert [c for c, _w in oversight_reasons(plan_type="vulnerability_management")] == ["vulnerability"]
    assert oversight_reasons(plan_type="intervention") == []
