"""How a date is shown (casequality/web/dates.py, decision 0050): GOV.UK's style."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from casequality.web.dates import dates_in_words, govuk_date, govuk_datetime, govuk_month

LONDON = ZoneInfo("Europe/London")


def test_a_date_is_its_day_without_a_leading_zero_the_month_in_full_and_the_year():
    assert govuk_date(date(2026, 12, 6)) == "6 December 2026"


def test_a_records_iso_text_is_shown_the_same_way():
    assert govuk_date("2025-04-07") == "7 April 2025"


def test_no_date_is_empty_or_what_the_table_shows_for_none():
    assert (govuk_date(None), govuk_date("", "–"), govuk_date(None, "–")) == ("", "–", "–")


def test_text_that_is_not_a_date_is_shown_as_it_is():
    assert govuk_date("unknown") == "unknown"


def test_a_moment_is_shown_in_london_time_with_a_12_hour_clock():
    assert govuk_datetime(datetime(2026, 7, 1, 13, 5, tzinfo=ZoneInfo("UTC"))) == "1 July 2026 at 2:05pm"


def test_noon_and_midnight_are_said_in_words():
    noon, midnight = datetime(2026, 12, 6, 12, 0, tzinfo=LONDON), datetime(2026, 12, 6, 0, 0, tzinfo=LONDON)
    assert (govuk_datetime(noon), govuk_datetime(midnight)) == (
        "6 December 2026 at midday",
        "6 December 2026 at midnight",
    )


def test_seconds_are_shown_when_asked_for():
    assert govuk_datetime(datetime(2026, 12, 6, 9, 7, 3, tzinfo=LONDON), seconds=True) == "6 December 2026 at 9:07:03am"


def test_a_month_is_its_name_in_full_and_the_year():
    assert govuk_month(date(2026, 9, 30)) == "September 2026"


def test_iso_dates_inside_text_are_said_in_words_and_impossible_ones_left_alone():
    assert (
        dates_in_words("Project default (2026-11-26); not 2026-13-40")
        == "Project default (26 November 2026); not 2026-13-40"
    )
