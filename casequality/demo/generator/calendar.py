"""The calendar the generator works in. The case record's vocabulary (levels, the Asset
band, word counts, order kinds, calendar months) is the `cases` app's, re-exported here
under the generator's names; what is the generator's own is the weekday arithmetic below.
"""

from __future__ import annotations

import functools
from datetime import date, timedelta

# The generator's names for the record's vocabulary (re-exported: the generator imports them from here).
from casequality.cases.vocabulary import COMMUNITY_ORDERS as COMMUNITY
from casequality.cases.vocabulary import CUSTODIAL_ORDERS as CUSTODIAL
from casequality.cases.vocabulary import LEVEL_RANK, LEVELS, add_months, month_start, next_month
from casequality.cases.vocabulary import STATUTORY_ORDERS as STATUTORY
from casequality.cases.vocabulary import asset_band as band_of
from casequality.cases.vocabulary import word_count as words

__all__ = [
    "COMMUNITY",
    "CUSTODIAL",
    "DAY",
    "LEVELS",
    "LEVEL_RANK",
    "STATUTORY",
    "add_months",
    "add_wd",
    "back_to_weekday",
    "band_of",
    "iso",
    "month_start",
    "month_weekdays",
    "next_month",
    "words",
]

DAY = timedelta(days=1)


def add_wd(d: date, n: int) -> date:
    """`n` weekdays after `d` (a weekend `d` first moves to Monday). Bank holidays only
    make real working-day deadlines later, so a date within n weekdays is within n
    working days."""
    wd = d.weekday()
    if wd >= 5:
        d += timedelta(days=7 - wd)
        wd = 0
    weeks, rem = divmod(n, 5)
    if wd + rem >= 5:
        rem += 2
    return d + timedelta(days=7 * weeks + rem)


def back_to_weekday(d: date) -> date:
    wd = d.weekday()
    return d - timedelta(days=wd - 4) if wd >= 5 else d


@functools.lru_cache(maxsize=4096)
def month_weekdays(first: date) -> list[date]:
    """Monday to Friday of the month starting on `first` (a cached list: do not change it)."""
    days = []
    d = first
    while d.month == first.month:
        if d.weekday() < 5:
            days.append(d)
        d += DAY
    return days


def iso(d: date | None) -> str | None:
    return d.isoformat() if d else None
