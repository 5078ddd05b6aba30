"""Report language: a share of applicable cases in the inspectorate's words.

The share is k of n, compared exactly (as fractions, never floats) with the bounds of
the table below (also in docs/audits.md, "Report language"): 25 of 47 (53.19%) is "just
over half"; exactly 52% is "half"; 64.5% is "two-thirds".
"""

from __future__ import annotations

from fractions import Fraction

# (lower bound in percent, is the bound itself included, words). Read top-down: the
# first row whose lower bound p reaches gives the words. 0 and 100 are exact rows.
_TABLE: tuple[tuple[Fraction, bool, str], ...] = (
    (Fraction(95), True, "nearly all"),
    (Fraction(85), True, "the great majority"),
    (Fraction(77), True, "well over three-quarters"),
    (Fraction(73), True, "three-quarters"),
    (Fraction(69), True, "just under three-quarters"),
    (Fraction(129, 2), True, "two-thirds"),
    (Fraction(61), True, "just under two-thirds"),
    (Fraction(57), True, "well over half"),
    (Fraction(52), False, "just over half"),  # above 52%
    (Fraction(48), True, "half"),  # 48% to 52% inclusive
    (Fraction(45), True, "just under half"),
    (Fraction(37), True, "well under half"),
    (Fraction(30), True, "around one-third"),
    (Fraction(20), True, "around a quarter"),
    (Fraction(10), True, "few"),
    (Fraction(0), False, "very few"),  # above 0, below 10%
)

PHRASES = ("none", *reversed([words for _, _, words in _TABLE]), "all")


def phrase(k: int, n: int) -> str:
    """The words for k of n. Raises ValueError unless 0 <= k <= n and n > 0."""
    if isinstance(k, bool) or isinstance(n, bool) or not isinstance(k, int) or not isinstance(n, int):
        raise ValueError("k and n must be whole numbers")
    if n <= 0:
        raise ValueError("n must be at least 1: there is no share of no cases")
    if not 0 <= k <= n:
        raise ValueError(f"k must be from 0 to n ({n}), not {k}")
    if k == 0:
        return "none"
    if k == n:
        return "all"
    percent = Fraction(100 * k, n)
    for bound, inclusive, words in _TABLE:
        if percent > bound or (inclusive and percent == bound):
            return words
    raise AssertionError("unreachable: 0 < p < 100 always matches a row")  # pragma: no cover
