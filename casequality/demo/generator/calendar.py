"""The case vocabulary the generator speaks: working days and months, levels, bands,
word counts and the order kinds. One small module on purpose: it is the generator's
copy of what the `cases` app's vocabulary will say once, and is to be replaced by it.
"""
from __future__ import annotations

import functools
from datetime import date, timedelta

LEVELS = ("low", "medium", "high", "very_high")
LEVEL_RANK = {level: n for n, level in enumerate(LEVELS)}
STATUTORY = ("referral_order", "youth_rehabilitation_order", "detention_and_training_order", "long_term_detention")
CUSTODIAL = ("detention_and_training_order", "long_term_detention")
COMMUNITY = ("referral_order", "youth_rehabilitation_order")

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


def add_months(d: date, months: int) -> date:
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    days = (date(year + month // 12, month % 12 + 1, 1) - DAY).day
    return date(year, month, min(d.day, days))


def month_start(d: date) -> date:
    return d.replace(day=1)


def next_month(d: date) -> date:
    return date(d.year + 1, 1, 1) if d.month == 12 else date(d.year, d.month + 1, 1)


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


def band_of(total: int) -> str:
    return "low" if total <= 14 else "medium" if total <= 32 else "high"


def words(text: str | None) -> int:
    return len(text.split()) if text else 0

