"""How sure a figure is, how much two markers agree, and whether two audits differ.

- `wilson_interval`: the Wilson score interval for k of n (90% by default, as the
  report shows beside each percentage).
- `cohen_kappa`: agreement between two markers beyond what chance would give.
- `proportions_compare`: whether the change between two audits' k1/n1 and k2/n2 is
  larger than chance, by Fisher's exact test, two-sided (docs/decisions/0004-audit-statistics.md).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from scipy.stats import fisher_exact, norm


@dataclass(frozen=True)
class Interval:
    low: float
    high: float


def wilson_interval(k: int, n: int, confidence: float = 0.90) -> Interval:
    """The Wilson score interval for k successes in n trials, as proportions 0..1.

    Raises ValueError unless 0 <= k <= n, n >= 1 and 0 < confidence < 1.
    """
    if n < 1 or not 0 <= k <= n:
        raise ValueError(f"need 0 <= k <= n and n >= 1, got k={k}, n={n}")
    if not 0 < confidence < 1:
        raise ValueError("confidence must be between 0 and 1")
    z = norm.ppf(1 - (1 - confidence) / 2)
    p = k / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    # Clamp the rounding error at the ends: 0 of n starts at exactly 0.
    low = 0.0 if k == 0 else max(0.0, centre - half)
    high = 1.0 if k == n else min(1.0, centre + half)
    return Interval(low, high)


@dataclass(frozen=True)
class Kappa:
    pairs: int
    observed: float  # share of pairs that agree
    expected: float  # agreement expected by chance from each marker's own distribution
    kappa: float | None  # None where chance agreement is total (both markers gave one answer throughout)


def cohen_kappa(first: Sequence[str], second: Sequence[str]) -> Kappa:
    """Cohen's kappa for two markers' answers to the same items, in the same order.

    Raises ValueError if the sequences differ in length or are empty.
    """
    if len(first) != len(second):
        raise ValueError("both markers must answer the same items")
    n = len(first)
    if n == 0:
        raise ValueError("no items answered by both markers")
    observed = sum(a == b for a, b in zip(first, second)) / n
    count_a, count_b = Counter(first), Counter(second)
    expected = sum(count_a[c] * count_b[c] for c in count_a) / (n * n)
    if math.isclose(expected, 1.0):
        return Kappa(n, observed, expected, None)
    return Kappa(n, observed, expected, (observed - expected) / (1 - expected))


@dataclass(frozen=True)
class Comparison:
    k1: int
    n1: int
    k2: int
    n2: int
    change: float  # second share minus first, as a proportion
    p_value: float
    larger_than_chance: bool


def proportions_compare(k1: int, n1: int, k2: int, n2: int, *, alpha: float = 0.05) -> Comparison:
    """Is the change from k1 of n1 to k2 of n2 larger than chance?

    Fisher's exact test on the 2x2 table, two-sided: exact at the small numbers of an
    audit (a theme of 47 cases, a question applying to 9), where the normal
    approximation of the two-proportion z-test is poor. Larger than chance when
    p < alpha (5% by default, the framework's `report.compare_alpha`).
    """
    for k, n in ((k1, n1), (k2, n2)):
        if n < 1 or not 0 <= k <= n:
            raise ValueError(f"need 0 <= k <= n and n >= 1, got k={k}, n={n}")
    result = fisher_exact([[k1, n1 - k1], [k2, n2 - k2]], alternative="two-sided")
    p_value = float(result.pvalue)
    return Comparison(k1, n1, k2, n2, k2 / n2 - k1 / n1, p_value, p_value < alpha)
