"""Ratings of a rated framework (hmip-youth-2018, hmip-youth-2025): per standard and overall.

A standard's rating is the band its lowest key question's percentage reaches; the
overall rating is the band of the sum of the standards' points. Thresholds and points
come from the framework file, never from code.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from casequality.audits.frameworks import Band, RatingRules
from casequality.audits.statistics import Interval, wilson_interval


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


# --- how sure a rating is ---------------------------------------------------------------
# A rating is a band of a percentage from a sample. How far the result is from the
# next band up and down, in cases, and whether a band's boundary lies inside the
# result's interval (decision 0021: then a sample like this one could as well have
# given the neighbouring rating).


@dataclass(frozen=True)
class KeyQuestionShare:
    question: str
    k: int
    n: int

    @property
    def percent(self) -> Fraction:
        return Fraction(100 * self.k, self.n)


@dataclass(frozen=True)
class StandardRating:
    rating: str
    basis: KeyQuestionShare  # the lowest key question, which sets the rating
    interval: Interval  # of the basis, proportions 0..1
    confidence: float
    band_from: Fraction  # percent: the rating's band starts here
    next_band: str | None  # the band above, None at the top
    next_band_from: Fraction | None
    lower_band: str | None  # the band below, None at the bottom
    cases_to_next_band: int | None  # more `yes` answers needed, over every key question below the next band
    cases_to_lower_band: int | None  # fewer `yes` answers on one key question that would drop it a band
    boundaries_inside: tuple[Fraction, ...]  # band boundaries (percent) strictly inside the interval

    @property
    def uncertain(self) -> bool:
        return bool(self.boundaries_inside)


def _ceil_fraction(x: Fraction) -> int:
    return -((-x.numerator) // x.denominator)


def _least_yes(at_least: Fraction, n: int) -> int:
    """The fewest `yes` of n answers whose percentage reaches `at_least`."""
    return _ceil_fraction(at_least * n / 100)


def standard_rating_detail(
    shares: list[tuple[str, int, int]],
    rules: RatingRules,
    confidence: float = 0.90,
) -> StandardRating | None:
    """The rating of one standard with its distance to the neighbouring bands and its
    interval; None where no key question applies. `shares` are (question id, k, n)."""
    keys = [KeyQuestionShare(q, k, n) for q, k, n in shares if n > 0]
    if not keys:
        return None
    basis = min(keys, key=lambda s: s.percent)  # the first in the framework's order on a tie
    bands = rules.standard_bands
    index = next(i for i, b in enumerate(bands) if basis.percent >= b.at_least)
    band = bands[index]
    above = bands[index - 1] if index > 0 else None
    below = bands[index + 1] if index + 1 < len(bands) else None
    to_next = None
    if above is not None:
        to_next = sum(max(0, _least_yes(above.at_least, s.n) - s.k) for s in keys)
    to_lower = None
    if below is not None:
        to_lower = min(s.k - _least_yes(band.at_least, s.n) + 1 for s in keys)
    interval = wilson_interval(basis.k, basis.n, confidence)
    boundaries = tuple(
        b.at_least
        for b in bands
        if b.at_least > 0 and Fraction(str(interval.low)) * 100 < b.at_least < Fraction(str(interval.high)) * 100
    )
    return StandardRating(
        rating=band.rating,
        basis=basis,
        interval=interval,
        confidence=confidence,
        band_from=band.at_least,
        next_band=above.rating if above else None,
        next_band_from=above.at_least if above else None,
        lower_band=below.rating if below else None,
        cases_to_next_band=to_next,
        cases_to_lower_band=to_lower,
        boundaries_inside=boundaries,
    )


def standard_rating_words(detail: StandardRating, labels: dict[str, str]) -> str:
    """One sentence on how sure the rating is, for the report."""
    pct = lambda x: f"{float(x):g}%"  # noqa: E731
    parts = [
        f"{labels[detail.rating]}: the lowest key question ({detail.basis.question}) is "
        f"{round(float(detail.basis.percent))}% ({detail.basis.k}/{detail.basis.n}), "
        f"{round(100 * detail.confidence)}% interval {round(100 * detail.interval.low)}% to "
        f"{round(100 * detail.interval.high)}%."
    ]
    if detail.cases_to_next_band is not None and detail.next_band is not None:
        parts.append(
            f"{detail.cases_to_next_band} more sufficient answer{'s' if detail.cases_to_next_band != 1 else ''} "
            f"on the key questions would make it {labels[detail.next_band]} (from {pct(detail.next_band_from)})."
        )
    if detail.cases_to_lower_band is not None and detail.lower_band is not None:
        parts.append(
            f"{detail.cases_to_lower_band} fewer would make it {labels[detail.lower_band]} (below "
            f"{pct(detail.band_from)})."
        )
    if detail.boundaries_inside:
        edges = " and ".join(pct(b) for b in sorted(detail.boundaries_inside))
        many = len(detail.boundaries_inside) > 1
        parts.append(
            f"The band {'boundaries' if many else 'boundary'} at {edges} {'lie' if many else 'lies'} inside the "
            f"interval: a sample like this one could as well have given a neighbouring rating."
        )
    return " ".join(parts)


@dataclass(frozen=True)
class OverallRating:
    rating: str | None  # None while a standard's rating is missing
    points: int | None
    missing: tuple[str, ...]  # standards without a rating
    next_band: str | None = None
    points_to_next_band: int | None = None
    lower_band: str | None = None
    points_to_lower_band: int | None = None
    # lowest_area only: each area's rating, (area id, title, rating or None)
    areas: tuple[tuple[str, str, str | None], ...] = ()


def lowest_rating(ratings: list[str], rules: RatingRules) -> str:
    """The lowest of some ratings on the framework's scale."""
    return min(ratings, key=lambda r: rules.points[r])


def area_ratings(ratings: dict[str, str | None], rules: RatingRules) -> tuple[tuple[str, str, str | None], ...]:
    """Each area's rating: the lowest of its standards' ratings, None while one is missing."""
    out = []
    for area_id, title, ids in rules.areas:
        given = [ratings.get(i) for i in ids]
        rated = [r for r in given if r is not None]
        out.append((area_id, title, lowest_rating(rated, rules) if rated and len(rated) == len(given) else None))
    return tuple(out)


def overall_rating_detail(ratings: dict[str, str | None], rules: RatingRules) -> OverallRating:
    """The overall rating from each standard's rating, by id: the framework's listed
    standards (rating.overall.standards) or, where it lists none, every rating given.
    A standard without a rating leaves the overall rating open and is named.

    With the lowest_area method each area is rated the lowest of its standards and the
    overall rating is the lowest area (decision 0054), no points."""
    ids = list(rules.overall_standards) or list(ratings)
    missing = tuple(i for i in ids if ratings.get(i) is None)
    if rules.overall_method == "lowest_area":
        areas = area_ratings(ratings, rules)
        if missing:
            return OverallRating(rating=None, points=None, missing=missing, areas=areas)
        return OverallRating(
            rating=lowest_rating([r for _, _, r in areas if r is not None], rules),
            points=None,
            missing=(),
            areas=areas,
        )
    if missing:
        return OverallRating(rating=None, points=None, missing=missing)
    given = [r for i in ids if (r := ratings.get(i)) is not None]  # every one: none is missing
    rating = overall_rating(given, rules)
    points = overall_points(given, rules)
    bands = rules.overall_bands
    index = next(i for i, b in enumerate(bands) if points >= b.at_least)
    above = bands[index - 1] if index > 0 else None
    below = bands[index + 1] if index + 1 < len(bands) else None
    return OverallRating(
        rating=rating,
        points=points,
        missing=(),
        next_band=above.rating if above else None,
        points_to_next_band=int(above.at_least) - points if above else None,
        lower_band=below.rating if below else None,
        points_to_lower_band=points - int(bands[index].at_least) + 1 if below else None,
    )
