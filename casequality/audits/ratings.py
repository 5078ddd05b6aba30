"""Ratings of a rated framework (hmip-youth-2018): per standard and overall.

A standard's rating is the band its lowest key question's percentage reaches; the
overall rating is the band of the sum of the standards' points. Thresholds and points
come from the framework file, never from code.
"""
from __future__ import annotations

from fractions import Fraction

from casequality.audits.frameworks import Band, RatingRules


def _band(value: Fraction, bands: tuple[Band, ...]) -> str:
    for band in bands:
        if value >= band.at_least:
            return band.rating
    raise ValueError(f"{value} is below every band")


def standard_rating(key_question_shares: list[tuple[int, int]], rules: RatingRules) -> str | None:
    """The rating of one standard from its key questions' (k, n); None if none applies."""
    percents = [Fraction(100 * k, n) for k, n in key_question_shares if n > 0]
    if not percents:
        return None
    return _band(min(percents), rules.standard_bands)


def overall_points(ratings: list[str], rules: RatingRules) -> int:
    return sum(rules.points[r] for r in ratings)


def overall_rating(ratings: list[str], rules: RatingRules) -> str:
    """The overall rating from the ratings of every standard of an inspection.

    Raises ValueError unless there is one rating for each of the framework's
    `standards_in_inspection` standards: the bands only mean something over all of them.
    """
    if len(ratings) != rules.standards_in_inspection:
        raise ValueError(
            f"the overall rating needs the ratings of all {rules.standards_in_inspection} standards, not {len(ratings)}"
        )
    unknown = [r for r in ratings if r not in rules.points]
    if unknown:
        raise ValueError(f"unknown ratings: {', '.join(unknown)}")
    return _band(Fraction(overall_points(ratings, rules)), rules.overall_bands)
