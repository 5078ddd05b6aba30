import pytest

from casequality.audits.frameworks import framework_get
from casequality.audits.ratings import overall_points, overall_rating, standard_rating


@pytest.fixture
def rules():
    return framework_get("hmip-youth-2018").rating


@pytest.mark.parametrize(
    ("shares", "rating"),
    [
        ([(40, 50), (45, 50), (50, 50)], "outstanding"),  # lowest 80%
        ([(79, 100), (90, 100), (95, 100)], "good"),  # lowest 79%
        ([(65, 100), (99, 100), (99, 100)], "good"),
        ([(649, 1000), (99, 100), (99, 100)], "requires_improvement"),  # 64.9%
        ([(50, 100), (70, 100), (90, 100)], "requires_improvement"),
        ([(49, 100), (100, 100), (100, 100)], "inadequate"),
    ],
)
def test_a_standard_is_rated_by_its_lowest_key_question(rules, shares, rating):
    assert standard_rating(shares, rules) == rating


def test_a_standard_with_no_applicable_key_question_has_no_rating(rules):
    assert standard_rating([(0, 0)], rules) is None


@pytest.mark.parametrize(
    ("ratings", "points", "overall"),
    [
        (["inadequate"] * 6 + ["requires_improvement"] * 6, 6, "inadequate"),
        (["inadequate"] * 5 + ["requires_improvement"] * 7, 7, "requires_improvement"),
        (["requires_improvement"] * 6 + ["good"] * 6, 18, "requires_improvement"),
        (["requires_improvement"] * 5 + ["good"] * 7, 19, "good"),
        (["good"] * 6 + ["outstanding"] * 6, 30, "good"),
        (["good"] * 5 + ["outstanding"] * 7, 31, "outstanding"),
        (["outstanding"] * 12, 36, "outstanding"),
        (["inadequate"] * 12, 0, "inadequate"),
    ],
)
def test_overall_rating_bands(rules, ratings, points, overall):
    assert overall_points(ratings, rules) == points
    assert overall_rating(ratings, rules) == overall


def test_overall_rating_needs_all_twelve_standards(rules):
    with pytest.raises(ValueError, match="all 12 standards, not 4"):
        overall_rating(["good"] * 4, rules)


# --- the bands, how far each result is from the next, and the overall rating ---------
from fractions import Fraction  # noqa: E402

from casequality.audits.ratings import overall_rating_detail, standard_rating_detail, standard_rating_words  # noqa: E402


@pytest.fixture(params=["hmip-youth-2018", "hmip-youth-2025"])
def any_rules(request):
    return framework_get(request.param).rating


@pytest.mark.parametrize(
    ("k", "rating"),
    [
        (16, "outstanding"),
        (15, "good"),  # 80% of 20 and just below
        (13, "good"),
        (12, "requires_improvement"),  # 65% and 60%
        (10, "requires_improvement"),
        (9, "inadequate"),  # 50% and 45%
        (0, "inadequate"),
        (20, "outstanding"),
    ],
)
def test_a_standard_at_and_just_below_each_band_boundary_gets_its_band(any_rules, k, rating):
    assert standard_rating_detail([("a", k, 20), ("b", 20, 20)], any_rules).rating == rating


def test_the_lowest_key_question_sets_the_rating_and_is_named(rules):
    detail = standard_rating_detail([("a", 19, 20), ("b", 13, 20), ("c", 14, 20)], rules)
    assert (detail.rating, detail.basis.question, detail.basis.percent) == ("good", "b", Fraction(65))


def test_the_cases_to_the_next_band_count_every_key_question_below_it(rules):
    # 80% of 20 is 16: question a needs 16 - 13 = 3 more, b needs 16 - 15 = 1, c none.
    detail = standard_rating_detail([("a", 13, 20), ("b", 15, 20), ("c", 18, 20)], rules)
    assert (detail.rating, detail.next_band, detail.cases_to_next_band) == ("good", "outstanding", 3 + 1)


def test_the_cases_to_the_lower_band_are_those_of_the_nearest_key_question(rules):
    # Good from 65%: a (13/20) drops below with 1 fewer, c (18/20) with 6 fewer.
    detail = standard_rating_detail([("a", 13, 20), ("c", 18, 20)], rules)
    assert (detail.lower_band, detail.cases_to_lower_band) == ("requires_improvement", 1)


def test_the_top_band_has_no_next_band_and_the_bottom_no_lower_band(rules):
    top = standard_rating_detail([("a", 20, 20)], rules)
    bottom = standard_rating_detail([("a", 0, 20)], rules)
    assert (top.next_band, top.cases_to_next_band) == (None, None)
    assert (bottom.lower_band, bottom.cases_to_lower_band) == (None, None)


def test_a_boundary_inside_the_ninety_percent_interval_is_said(rules):
    # 13/20 = 65%: its 90% Wilson interval (47% to 80%) holds the 50% boundary (and 65%
    # is the result itself, at the band's own edge).
    detail = standard_rating_detail([("a", 13, 20)], rules)
    assert detail.uncertain and Fraction(50) in detail.boundaries_inside and Fraction(65) in detail.boundaries_inside
    words = standard_rating_words(detail, rules.labels)
    assert (
        "The band boundaries at 50% and 65% lie inside the interval" in words
        and "1 more sufficient answer on the key questions" not in words
    )


def test_a_rating_whose_interval_holds_no_boundary_is_not_called_uncertain(rules):
    detail = standard_rating_detail([("a", 190, 200)], rules)  # 95%, interval about 92% to 97%
    assert detail.rating == "outstanding" and not detail.uncertain
    assert "inside the interval" not in standard_rating_words(detail, rules.labels)


def test_the_words_give_the_result_its_interval_and_the_distances(rules):
    words = standard_rating_words(standard_rating_detail([("2.1.1", 15, 20)], rules), rules.labels)
    assert words.startswith("Good: the lowest key question (2.1.1) is 75% (15/20), 90% interval")
    assert "1 more sufficient answer on the key questions would make it Outstanding (from 80%)." in words
    assert "3 fewer would make it Requires improvement (below 65%)." in words


def test_a_standard_without_an_applicable_key_question_has_no_rating_detail(rules):
    assert standard_rating_detail([("a", 0, 0)], rules) is None


@pytest.fixture
def rules_2025():
    return framework_get("hmip-youth-2025").rating


@pytest.mark.parametrize(
    ("ratings", "children", "overall"),
    [
        (["outstanding"] * 4, "outstanding", "outstanding"),
        (["outstanding", "outstanding", "good", "outstanding"], "good", "good"),
        (["outstanding"] * 3 + ["requires_improvement"], "outstanding", "requires_improvement"),
        (["good", "inadequate", "good", "outstanding"], "inadequate", "inadequate"),
    ],
)
def test_the_2025_overall_rating_is_the_lower_of_the_children_and_victims_areas(rules_2025, ratings, children, overall):
    ids = ["2.1.1", "2.1.2", "2.1.3", "V1"]
    detail = overall_rating_detail(dict(zip(ids, ratings)), rules_2025)
    assert (detail.areas[0][2], detail.rating, detail.points) == (children, overall, None)


def test_the_2025_overall_rating_waits_for_an_unrated_area_and_names_it(rules_2025):
    detail = overall_rating_detail({"2.1.1": "good", "2.1.2": "good", "2.1.3": "good", "V1": None}, rules_2025)
    assert (detail.rating, detail.missing, detail.areas[1][2]) == (None, ("V1",), None)


def test_the_overall_rating_stays_open_and_names_a_standard_without_a_rating(rules):
    ratings = {sid: "good" for sid in rules.overall_standards}
    ratings["1.2"] = None  # a judged standard not yet rated
    del ratings["3.4"]
    detail = overall_rating_detail(ratings, rules)
    assert (detail.rating, detail.missing) == (None, ("1.2", "3.4"))


def test_the_2018_overall_rating_counts_judged_and_case_standards_together(rules):
    ratings = {sid: "good" for sid in rules.overall_standards}
    ratings["2.1"] = "outstanding"  # 11 x 2 + 3 = 25 points
    detail = overall_rating_detail(ratings, rules)
    assert (detail.points, detail.rating, detail.points_to_next_band) == (25, "good", 6)
