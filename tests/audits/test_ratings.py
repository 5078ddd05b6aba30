import pytest

from casequality.audits.frameworks import framework_get
from casequality.audits.ratings import overall_points, overall_rating, standard_rating


@pytest.fixture
def rules():
    return framework_get("hmip-youth-2018").rating


@pytest.mark.parametrize(("shares", "rating"), [
    ([(40, 50), (45, 50), (50, 50)], "outstanding"),  # lowest 80%
    ([(79, 100), (90, 100), (95, 100)], "good"),  # lowest 79%
    ([(65, 100), (99, 100), (99, 100)], "good"),
    ([(649, 1000), (99, 100), (99, 100)], "requires_improvement"),  # 64.9%
    ([(50, 100), (70, 100), (90, 100)], "requires_improvement"),
    ([(49, 100), (100, 100), (100, 100)], "inadequate"),
])
def test_a_standard_is_rated_by_its_lowest_key_question(rules, shares, rating):
    assert standard_rating(shares, rules) == rating


def test_a_standard_with_no_applicable_key_question_has_no_rating(rules):
    assert standard_rating([(0, 0)], rules) is None


@pytest.mark.parametrize(("ratings", "points", "overall"), [
    (["inadequate"] * 6 + ["requires_improvement"] * 6, 6, "inadequate"),
    (["inadequate"] * 5 + ["requires_improvement"] * 7, 7, "requires_improvement"),
    (["requires_improvement"] * 6 + ["good"] * 6, 18, "requires_improvement"),
    (["requires_improvement"] * 5 + ["good"] * 7, 19, "good"),
    (["good"] * 6 + ["outstanding"] * 6, 30, "good"),
    (["good"] * 5 + ["outstanding"] * 7, 31, "outstanding"),
    (["outstanding"] * 12, 36, "outstanding"),
    (["inadequate"] * 12, 0, "inadequate"),
])
def test_overall_rating_bands(rules, ratings, points, overall):
    assert overall_points(ratings, rules) == points
    assert overall_rating(ratings, rules) == overall


def test_overall_rating_needs_all_twelve_standards(rules):
    with pytest.raises(ValueError, match="all 12 standards, not 4"):
        overall_rating(["good"] * 4, rules)
