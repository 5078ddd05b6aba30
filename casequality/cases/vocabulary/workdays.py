"""Working days: Monday to Friday less the bank holidays of England and Wales (part of the case vocabulary).

Bank holidays come from the `holidays` library (offline, maintained), subdivision ENG,
whose calendar England and Wales share. Dates are handled as ordinals in a sorted list
of working days, so adding N working days is two list look-ups.
"""

from __future__ import annotations

from bisect import bisect_right
from datetime import date, timedelta

import holidays


class WorkingDays:
    """The working-day calendar of England and Wales, grown a year at a time as needed."""

    def __init__(self, first_year: int = 2000, last_year: int = 2040):
        self._first = first_year
        self._last = first_year - 1
        self._ordinals: list[int] = []
        self._extend(last_year)

    def _extend(self, last_year: int) -> None:
        # The working days are rebuilt whole; it happens once for the usual range.
        bank = holidays.country_holidays("GB", subdiv="ENG", years=range(self._first, last_year + 1))
        day = date(self._first, 1, 1)
        end = date(last_year, 12, 31)
        out = []
        one = timedelta(days=1)
        while day <= end:
            if day.weekday() < 5 and day not in bank:
                out.append(day.toordinal())
            day += one
        self._ordinals = out
        self._last = last_year

    def _cover(self, day: date) -> None:
        if day.year < self._first:
            self._first = day.year - 1
            self._extend(self._last)
        if day.year + 2 > self._last:
            self._extend(day.year + 5)

    def add(self, day: date, n: int) -> date:
        """`day` plus `n` working days: the n-th working day after `day` (`day` itself for 0)."""
        if n <= 0:
            return day
        self._cover(day)
        i = bisect_right(self._ordinals, day.toordinal())
        return date.fromordinal(self._ordinals[i + n - 1])

    def is_working_day(self, day: date) -> bool:
        self._cover(day)
        i = bisect_right(self._ordinals, day.toordinal())
        return i > 0 and self._ordinals[i - 1] == day.toordinal()


_calendar: WorkingDays | None = None


def calendar() -> WorkingDays:
    """The process-wide calendar (built once: about 15,000 days)."""
    global _calendar
    if _calendar is None:
        _calendar = WorkingDays()
    return _calendar
