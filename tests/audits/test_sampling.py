import json
from collections import Counter
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from casequality.audits.sampling import (
    STRATA,
    Candidate,
    SamplingError,
    allocate,
    long_list_read,
    months_before,
    sample_draw,
    sampling_window,
)

from .factories import AS_OF, IN_WINDOW, case_make, staff_make


def cand(ref, *, sex="male", start=IN_WINDOW, custodial=False, rosh_low=True, cm="S1", name=None, dob=date(1997, 1, 1)):
    return Candidate(
        case=ref,
        case_id=int("".join(ch for ch in ref if ch.isdigit()) or 0),
        case_manager=cm,
        sex=sex,
        child_name=name or f"Child {ref}",
        child_dob=dob,
        start=start,
        custodial=custodial,
        rosh_low=rosh_low,
    )


# --- the window -------------------------------------------------------------------------


def test_window_is_four_weeks_to_three_months_before_as_of():
    window = sampling_window(date(2013, 6, 17))
    assert (window.earliest, window.latest) == (date(2013, 3, 17), date(2013, 5, 20))
    assert months_before(date(2013, 5, 31), 3) == date(2013, 2, 28)


def test_long_list_takes_statutory_orders_started_in_the_window(cast):
    s = cast.service
    case_make(s, "C01", start=date(2013, 3, 17))  # first day of the window
    case_make(s, "C02", start=date(2013, 5, 20))  # last day
    case_make(s, "C03", start=date(2013, 3, 16))  # a day too early
    case_make(s, "C04", start=date(2013, 5, 21))  # a day too late: under four weeks
    case_make(s, "C05", order_type="youth_caution")  # not a statutory order
    case_make(s, "C06", start=None, court_date=date(2013, 4, 1))  # sentenced, not started
    case_make(s, "C07", order_type="detention_and_training_order", rosh="high")
    refs = {c.case: c for c in long_list_read(service=s, as_of=AS_OF)}
    assert sorted(refs) == ["C01", "C02", "C06", "C07"]
    assert refs["C06"].start is None
    assert refs["C07"].stratum == "male_custodial_rosh_not_low"
    assert refs["C01"].stratum == "male_community_rosh_low"


def test_rosh_is_low_where_there_is_no_assessment_and_comes_from_the_latest(cast):
    from casequality.cases.models import Assessment

    s = cast.service
    case_make(s, "C01", rosh=None)
    c2 = case_make(s, "C02", rosh="low")
    Assessment.objects.create(
        case=c2, ref="A2", date=date(2013, 5, 1), stage="review", instrument="asset", rosh={"level": "medium"}
    )
    Assessment.objects.create(
        case=c2, ref="A3", date=date(2013, 7, 1), stage="review", instrument="asset", rosh={"level": "low"}
    )  # after the as-of date: not yet current
    refs = {c.case: c for c in long_list_read(service=s, as_of=AS_OF)}
    assert refs["C01"].rosh_low is True
    assert refs["C02"].rosh_low is False


# --- exclusions -------------------------------------------------------------------------


def test_exclusions_are_counted_with_their_reasons():
    long_list = [
        cand("C01", sex="not_known"),
        cand("C02", start=None),
        cand("C03", name="Kim Lee", start=date(2013, 4, 1)),
        cand("C04", name="kim  LEE", start=date(2013, 3, 20)),  # same child, earlier order: kept
        cand("C05", name="Kim Lee", dob=date(1998, 1, 1)),  # another child of that name
        cand("C06"),
    ]
    sample = sample_draw(long_list, size=3, as_of=AS_OF, seed=1)
    assert sample.as_dict()["excluded"] == [
        {"case": "C01", "reason": "sex_not_known"},
        {"case": "C02", "reason": "order_not_started"},
        {"case": "C03", "reason": "duplicate_child"},
    ]
    assert sorted(c["case"] for c in sample.as_dict()["cases"]) == ["C04", "C05", "C06"]


# --- strata and allocation --------------------------------------------------------------


def test_strata_are_female_and_male_by_custody_and_rosh():
    assert cand("C1", sex="female", custodial=True, rosh_low=False).stratum == "female"
    assert cand("C2", custodial=True, rosh_low=True).stratum == "male_custodial_rosh_low"
    assert cand("C3", custodial=False, rosh_low=False).stratum == "male_community_rosh_not_low"


def test_allocation_is_proportional_when_it_divides_exactly():
    assert allocate({"a": 20, "b": 10, "c": 10}, 20) == {"a": 10, "b": 5, "c": 5}


def test_rounding_half_up():
    # 10 * 5/20 = 2.5 -> 3 and 10 * 15/20 = 7.5 -> 8: one too many, taken from the largest.
    assert allocate({"big": 15, "small": 5}, 10) == {"big": 7, "small": 3}


def test_a_shortfall_goes_to_the_smallest_strata_first():
    # 10 * 1/3 = 3.33 each -> 3 + 3 + 3 = 9: the one missing goes to the smallest stratum.
    assert allocate({"a": 31, "b": 30, "c": 29}, 10) == {"a": 3, "b": 3, "c": 4}


def test_an_excess_is_taken_from_the_largest_first():
    # 4.5 -> 5, 2.5 -> 3, 3 -> 3: 11 for 10; the largest stratum gives one back.
    assert allocate({"a": 9, "b": 5, "c": 6}, 10) == {"a": 4, "b": 3, "c": 3}
    assert allocate({"a": 11, "b": 9}, 5) == {"a": 3, "b": 2}  # 2.75 -> 3, 2.25 -> 2: no correction
    assert allocate({"a": 13, "b": 7}, 5) == {"a": 3, "b": 2}  # 3.25 -> 3, 1.75 -> 2


def test_an_excess_on_equal_strata_comes_from_the_first_by_name():
    assert allocate({"a": 10, "b": 10}, 7) == {"a": 3, "b": 4}


def test_never_more_than_a_stratum_holds():
    # Weights and capacities differ for reserves: "b" has only 1 left.
    assert allocate({"a": 10, "b": 10}, 4, capacity={"a": 5, "b": 1}) == {"a": 3, "b": 1}
    with pytest.raises(SamplingError):
        allocate({"a": 2, "b": 1}, 4)


def test_a_sample_larger_than_the_eligible_cases_is_refused():
    with pytest.raises(SamplingError, match="sample size 3 is larger than the 2 eligible cases"):
        sample_draw([cand("C1"), cand("C2"), cand("C3", sex="not_known")], size=3, as_of=AS_OF, seed=1)


def _population():
    """60 cases: 12 female, 30 male community low, 12 male community not low, 6 male custodial low."""
    cases = []
    n = 0
    for count, kwargs in [(12, {"sex": "female"}), (30, {}), (12, {"rosh_low": False}), (6, {"custodial": True})]:
        for _ in range(count):
            n += 1
            cases.append(cand(f"C{n:03d}", cm=f"S{n % 10}", **kwargs))
    return cases


def test_sample_shares_follow_the_long_list():
    sample = sample_draw(_population(), size=20, as_of=AS_OF, seed=7)
    by_name = {s["name"]: s for s in sample.as_dict()["strata"]}
    assert [s["name"] for s in sample.as_dict()["strata"]] == list(STRATA)
    assert {name: s["sample"] for name, s in by_name.items()} == {
        "female": 4,
        "male_community_rosh_low": 10,
        "male_community_rosh_not_low": 4,
        "male_custodial_rosh_low": 2,
        "male_custodial_rosh_not_low": 0,
    }
    assert by_name["female"]["long_list"] == 12 and by_name["female"]["share"] == 0.2
    assert by_name["female"]["sample_share"] == 0.2
    drawn = Counter(c["stratum"] for c in sample.as_dict()["cases"])
    assert drawn == Counter({k: v["sample"] for k, v in by_name.items() if v["sample"]})


def test_buffer_adds_reserve_cases_from_the_same_strata():
    sample = sample_draw(_population(), size=20, as_of=AS_OF, seed=7, buffer=25)
    cases = sample.as_dict()["cases"]
    reserves = [c for c in cases if c["reserve"]]
    assert len([c for c in cases if not c["reserve"]]) == 20
    assert len(reserves) == 5  # 25% of 20
    assert Counter(c["stratum"] for c in reserves) == Counter(
        {"male_community_rosh_low": 2, "female": 1, "male_community_rosh_not_low": 1, "male_custodial_rosh_low": 1}
    )
    assert len({c["case"] for c in cases}) == 25  # a reserve is never also in the sample
    assert cases[-1]["reserve"] and not cases[0]["reserve"]


def test_no_case_manager_has_more_than_the_cap_and_the_excess_comes_from_colleagues_in_the_stratum():
    # 10 cases in one stratum: 8 of S1, one each of S2 and S3; sample 5 with a cap of 3.
    long_list = [cand(f"C{i:02d}", cm="S1") for i in range(8)] + [cand("C08", cm="S2"), cand("C09", cm="S3")]
    sample = sample_draw(long_list, size=5, as_of=AS_OF, seed=3, max_per_case_manager=3)
    managers = Counter(c["case_manager"] for c in sample.as_dict()["cases"])
    assert managers == Counter({"S1": 3, "S2": 1, "S3": 1})
    assert sample.shortfall == 0


def test_the_cap_applies_across_strata_and_reports_a_shortfall():
    long_list = [cand(f"C{i:02d}", cm="S1") for i in range(4)] + [
        cand(f"F{i:02d}", sex="female", cm="S1") for i in range(4)
    ]
    sample = sample_draw(long_list, size=4, as_of=AS_OF, seed=3, max_per_case_manager=3)
    assert len(sample.cases) == 3
    assert sample.shortfall == 1


def test_the_same_seed_gives_the_same_sample_whatever_the_input_order():
    population = _population()
    first = sample_draw(population, size=20, as_of=AS_OF, seed=42, buffer=10)
    again = sample_draw(list(reversed(population)), size=20, as_of=AS_OF, seed=42, buffer=10)
    other = sample_draw(population, size=20, as_of=AS_OF, seed=43, buffer=10)
    assert first.as_dict() == again.as_dict()
    assert [c.case for c in first.cases] != [c.case for c in other.cases]


def test_a_case_manager_of_none_is_not_capped():
    long_list = [cand(f"C{i:02d}", cm=None) for i in range(8)]
    assert len(sample_draw(long_list, size=8, as_of=AS_OF, seed=1, max_per_case_manager=2).cases) == 8


# --- the command ------------------------------------------------------------------------


@pytest.fixture
def stored(cast):
    s = cast.service
    managers = [staff_make(s, f"S{i}") for i in range(30, 34)]
    for i in range(24):
        case_make(
            s,
            f"C{i:03d}",
            case_manager=managers[i % 4],
            sex="female" if i % 4 == 0 else "male",
            rosh="medium" if i % 3 == 0 else "low",
        )
    case_make(s, "C900", sex="not_known")
    return s


def test_sample_command_json_shape(stored, capsys):
    call_command("sample", "--size", "10", "--seed", "5", "--as-of", "2013-06-17", "--format", "json", "--buffer", "20")
    out = json.loads(capsys.readouterr().out)
    assert set(out) == {"seed", "size", "as_of", "strata", "excluded", "cases"}
    assert (out["seed"], out["size"], out["as_of"]) == (5, 10, "2013-06-17")
    assert set(out["strata"][0]) == {"name", "long_list", "share", "sample", "sample_share"}
    assert out["excluded"] == [{"case": "C900", "reason": "sex_not_known"}]
    assert set(out["cases"][0]) == {"case", "stratum", "case_manager", "reserve"}
    assert sum(not c["reserve"] for c in out["cases"]) == 10 and sum(c["reserve"] for c in out["cases"]) == 2
    call_command("sample", "--size", "10", "--seed", "5", "--as-of", "2013-06-17", "--format", "json", "--buffer", "20")
    assert json.loads(capsys.readouterr().out) == out


def test_sample_command_text_and_errors(stored, capsys):
    call_command("sample", "--size", "4", "--seed", "5", "--as-of", "2013-06-17")
    out = capsys.readouterr().out
    assert "Sample of 4 cases as of 2013-06-17 (seed 5)" in out
    assert "sex not recorded: 1" in out
    with pytest.raises(CommandError, match="larger than the 24 eligible cases"):
        call_command("sample", "--size", "40", "--as-of", "2013-06-17")
    with pytest.raises(CommandError, match="no service 'XYZ'"):
        call_command("sample", "--size", "4", "--service", "XYZ")
    with pytest.raises(CommandError, match="not a date"):
        call_command("sample", "--size", "4", "--as-of", "17/06/2013")


def test_sample_command_window_options(stored, capsys):
    # Orders started 2013-04-15: inside a window of 8 weeks to 3 months, outside 10 weeks to 3 months.
    call_command(
        "sample", "--size", "2", "--seed", "1", "--as-of", "2013-06-17", "--min-weeks", "8", "--format", "json"
    )
    assert len(json.loads(capsys.readouterr().out)["cases"]) == 2
    with pytest.raises(CommandError, match="larger than the 0 eligible cases"):
        call_command("sample", "--size", "2", "--as-of", "2013-06-17", "--min-weeks", "10")
    with pytest.raises(CommandError, match="The window is empty"):
        call_command("sample", "--size", "2", "--as-of", "2013-06-17", "--min-weeks", "20", "--max-months", "1")


def test_the_sample_command_access_logs_every_case_its_output_names(stored, capsys):
    from casequality.accounts.models import AccessLogEntry

    call_command("sample", "--size", "10", "--seed", "5", "--as-of", "2013-06-17", "--format", "json", "--buffer", "20")
    out = json.loads(capsys.readouterr().out)
    named = {c["case"] for c in out["cases"]} | {e["case"] for e in out["excluded"]}
    entries = AccessLogEntry.objects.filter(actor_name="casequality sample")
    assert {e.case_ref for e in entries} == named and len(named) == 13
    assert {(e.verb, e.payload["seed"]) for e in entries} == {("sample", 5)}
