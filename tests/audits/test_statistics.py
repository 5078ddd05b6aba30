import pytest
from scipy.stats import binomtest

from casequality.audits.statistics import cohen_kappa, proportions_compare, wilson_interval


@pytest.mark.parametrize(
    ("k", "n", "low", "high"),
    [
        # Newcombe (1998), "Two-sided confidence intervals for the single proportion",
        # Statistics in Medicine 17, table II, method 3 (Wilson score), 95%.
        (81, 263, 0.2553, 0.3662),
        (15, 148, 0.0624, 0.1605),
        (0, 20, 0.0, 0.1611),
        (1, 29, 0.0061, 0.1718),
    ],
)
def test_wilson_95_matches_newcombes_published_values(k, n, low, high):
    interval = wilson_interval(k, n, confidence=0.95)
    assert interval.low == pytest.approx(low, abs=5e-5)
    assert interval.high == pytest.approx(high, abs=5e-5)


@pytest.mark.parametrize(("k", "n"), [(25, 47), (0, 9), (9, 9), (1, 2), (30, 47)])
def test_wilson_90_matches_scipys_independent_implementation(k, n):
    ours = wilson_interval(k, n)
    theirs = binomtest(k, n).proportion_ci(confidence_level=0.90, method="wilson")
    assert ours.low == pytest.approx(theirs.low, abs=1e-9)
    assert ours.high == pytest.approx(theirs.high, abs=1e-9)


def test_wilson_90_for_25_of_47():
    interval = wilson_interval(25, 47)
    assert (round(interval.low, 4), round(interval.high, 4)) == (0.4137, 0.6466)


def test_wilson_rejects_impossible_counts():
    with pytest.raises(ValueError):
        wilson_interval(5, 4)
    with pytest.raises(ValueError):
        wilson_interval(0, 0)


def test_kappa_textbook_example():
    # Two readers of 50 applications: 20 both yes, 15 both no, 5 only the first says
    # yes, 10 only the second: p_o = 0.70, p_e = 0.50, kappa = 0.40
    # (the worked example of "Cohen's kappa", e.g. Wikipedia).
    first = ["yes"] * 20 + ["yes"] * 5 + ["no"] * 10 + ["no"] * 15
    second = ["yes"] * 20 + ["no"] * 5 + ["yes"] * 10 + ["no"] * 15
    result = cohen_kappa(first, second)
    assert result.observed == pytest.approx(0.70)
    assert result.expected == pytest.approx(0.50)
    assert result.kappa == pytest.approx(0.40)


def test_kappa_of_three_answers_and_its_limits():
    assert cohen_kappa(["yes", "no", "n/a"], ["yes", "no", "n/a"]).kappa == pytest.approx(1.0)
    # Agreement no better than chance: kappa 0 or below.
    assert cohen_kappa(["yes", "no", "yes", "no"], ["yes", "yes", "no", "no"]).kappa == pytest.approx(0.0)
    # Both markers gave one answer throughout: chance explains all agreement, kappa undefined.
    assert cohen_kappa(["yes"] * 4, ["yes"] * 4).kappa is None
    with pytest.raises(ValueError):
        cohen_kappa(["yes"], [])


def test_comparison_marks_a_large_change_and_not_a_small_one():
    big = proportions_compare(10, 47, 35, 47)
    assert big.larger_than_chance and big.p_value < 0.001
    assert big.change == pytest.approx(25 / 47)
    small = proportions_compare(25, 47, 28, 47)
    assert not small.larger_than_chance
    # Fisher's exact p for [[25, 22], [28, 19]] from scipy directly.
    from scipy.stats import fisher_exact

    assert small.p_value == pytest.approx(fisher_exact([[25, 22], [28, 19]]).pvalue)


def test_comparison_alpha_is_a_parameter():
    result = proportions_compare(20, 47, 30, 47, alpha=0.05)
    assert result.larger_than_chance == (result.p_value < 0.05)
    assert proportions_compare(20, 47, 30, 47, alpha=result.p_value / 2).larger_than_chance is False
