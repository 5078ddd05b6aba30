"""The calendar the generator works in. The case record's vocabulary (levels, the Asset
band, word counts, order kinds, calendar months) is the `cases` app's, re-exported here
under the generator's names; what is the generator's own is the weekday arithmetic below.
"""

from __future__ import annotations

import functools
from datetime import date, timedelta

from casequality.cases.vocabulary import (  # noqa: F401 - the generator's names for them
    COMMUNITY_ORDERS as COMMUNITY,
)

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
