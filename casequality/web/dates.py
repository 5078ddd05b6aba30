"""How a date is shown to people: one definition, used by the Django and the Jinja2 templates.

GOV.UK's style (decision 0050): "6 December 2026", the day without a leading zero and the month
in full; a time as "2:05pm", "midday" or "midnight"; a month as "December 2026". A template shows
a date only through these filters (`govuk_date`, `govuk_datetime`, `govuk_month`), never with
Django's `date` filter or as a record's year-month-day (tests/web/test_plain_words_and_dates.py).
CSV downloads and the API keep ISO dates: they are read by programs.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from django.utils import timezone

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def _day(value) -> date | datetime | None:
    """A date or a local moment from a date, a moment or a record's ISO text; None if there is none."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return timezone.localtime(value) if timezone.is_aware(value) else value
    if isinstance(value, date):
        return value
    text = str(value)
    try:
        return datetime.fromisoformat(text) if "T" in text or " " in text.strip() else date.fromisoformat(text)
    except ValueError:
        return None


def govuk_date(value, none: str = "") -> str:
    """`2026-12-06` (a date, a moment or a record's text) -> `6 December 2026`.

    `none` is what is shown when there is no date (tables show "–"); text that is not a date is
    shown as it is, since a record may hold "unknown".
    """
    day = _day(value)
    if day is None:
        return none if value is None or value == "" else str(value)
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def govuk_time(moment: datetime, seconds: bool = False) -> str:
    """`14:05` -> `2:05pm`, `12:00` -> `midday`, `00:00` -> `midnight` (with `:09` if `seconds`)."""
    if not seconds or not moment.second:
        if (moment.hour, moment.minute) == (12, 0):
            return "midday"
        if (moment.hour, moment.minute) == (0, 0):
            return "midnight"
    hour = moment.hour % 12 or 12
    text = f"{hour}:{moment.minute:02d}" + (f":{moment.second:02d}" if seconds else "")
    return text + ("am" if moment.hour < 12 else "pm")


def govuk_datetime(value, seconds: bool = False) -> str:
    """A moment in the local time zone: `6 December 2026 at 2:05pm` ("" for none)."""
    day = _day(value)
    if not isinstance(day, datetime):
        return govuk_date(value)
    return f"{govuk_date(day)} at {govuk_time(day, seconds)}"


def govuk_month(value) -> str:
    """`2026-12-06` -> `December 2026` ("" for none)."""
    day = _day(value)
    if day is None:
        return "" if value is None or value == "" else str(value)
    return f"{MONTHS[day.month - 1]} {day.year}"


ISO_DAY = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def dates_in_words(text) -> str:
    """Text written with year-month-day dates in it (a rule's source, "Project default
    (2026-11-26)") with each real date said as `26 November 2026`."""

    def said(found: re.Match) -> str:
        try:
            return govuk_date(date(*map(int, found.groups())))
        except ValueError:
            return found.group(0)

    return ISO_DAY.sub(said, str(text or ""))
