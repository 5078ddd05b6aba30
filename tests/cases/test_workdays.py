"""Working days: Monday to Friday less the bank holidays of England and Wales."""

from __future__ import annotations

from datetime import date

from casequality.cases.vocabulary import WorkingDays, calendar


def test_adding_working_days_skips_weekends():
    assert calendar().add(date(2013, 6, 14), 1) == date(2013, 6, 17)  # Friday + 1 = Monday


def test_adding_working_days_skips_easter_bank_holidays():
    # Thursday 28 March 2013 + 1: Good Friday and Easter Monday are not working days.
    assert calendar().add(date(2013, 3, 28), 1) == date(2013, 4, 2)


def test_adding_working_days_from_a_weekend_starts_on_monday():
    assert calendar().add(date(2013, 6, 15), 1) == date(2013, 6, 17)


def test_adding_no_working_days_is_the_day_itself():
    assert calendar().add(date(2013, 6, 15), 0) == date(2013, 6, 15)


def test_the_diamond_jubilee_of_2012_was_a_bank_holiday():
    assert not calendar().is_working_day(date(2012, 6, 5))
    assert calendar().is_working_day(date(2012, 6, 6))


def test_the_calendar_grows_to_cover_dates_outside_its_years():
    days = WorkingDays(first_year=2013, last_year=2013)
    assert days.add(date(2020, 12, 24), 1) == date(2020, 12, 29)  # Christmas, Boxing Day (observed Monday)
    assert days.add(date(1999, 12, 31), 1) == date(2000, 1, 4)  # New Year's Day observed Monday 3 January
