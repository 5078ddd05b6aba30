"""Sampling as HMIP's 2025 programme samples: sizes by caseload, strata, victims' cases."""

import json
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from casequality.audits.frameworks import framework_get
from casequality.audits.sampling import (
    CHILDREN_STRATA,
    VICTIM_STRATA,
    SamplingError,
    children_long_list_read,
    sample_draw,
    sample_size,
    victims_long_list_read,
)
from casequality.cases.models import Case

from .factories import AS_OF, case_make, staff_make


@pytest.fixture
def rules():
    return framework_get("hmip-youth-2025").sampling


# Hand-computed: n0 = 1.2816^2 / 4 / e^2 (97.18 for e = 6.5%, 24.30 for e = 13%), then
# n = ceil(N n0 / (N + n0 - 1)) held between the published least and largest sizes.
@pytest.mark.parametrize(
    ("caseload", "size"),
    [
        (0, 0),
        (5, 5),
        (14, 14),  # at or below the least: every case
        (15, 14),
        (16, 14),  # 13.1 and 13.9: the least
        (17, 15),  # 14.6: the first caseload above the least
        (100, 50),
        (300, 74),
        (1205, 90),
        (1206, 91),  # 89.998 and 90.003: the largest is reached at 1,206
        (100_000, 91),
    ],
)
def test_the_childrens_sample_size_follows_the_caseload_between_14_and_91(rules, caseload, size):
    assert sample_size(caseload, rules.sizes["children"]) == size


@pytest.mark.parametrize(
    ("caseload", "size"),
    [
        (0, 0),
        (9, 9),
        (10, 9),
        (13, 9),
        (14, 10),
        (100, 20),
        (413, 23),
        (414, 24),
        (100_000, 24),
    ],
)
def test_the_victims_sample_size_follows_the_caseload_between_9_and_24(rules, caseload, size):
    assert sample_size(caseload, rules.sizes["victims"]) == size


def test_the_cap_per_case_manager_comes_from_the_framework(rules):
    assert rules.max_per_case_manager == 6


def _children(service):
    managers = [staff_make(service, f"P{i}") for i in range(1, 9)]
    for i in range(40):
        kind = ("detention_and_training_order", "youth_rehabilitation_order", "youth_caution")[i % 3]
        case_make(
            service,
            f"C{i:03d}",
            order_type=kind,
            sex="female" if i % 5 == 0 else "male",
            rosh="high" if i % 4 == 0 else "low",
            case_manager=managers[i % 8],
        )


def test_the_childrens_long_list_holds_court_custody_and_out_of_court_work_in_their_strata(cast):
    s = cast.service
    case_make(s, "C01", order_type="detention_and_training_order", rosh="medium")
    case_make(s, "C02", order_type="youth_conditional_caution", sex="female")
    case_make(s, "C03")
    v2 = case_make(s, "C04", start=date(2013, 1, 1))  # court order before the window ...
    v2.out_of_court = [{"id": "OC1", "type": "outcome_22", "decision_date": "2013-04-02", "start": None}]
    v2.save()  # ... and an outcome 22 decided in it
    stratum = {c.case: c.stratum for c in children_long_list_read(service=s, as_of=AS_OF)}
    assert stratum == {
        "C01": "custody_male_rosh_not_low",
        "C02": "out_of_court_female_rosh_low",
        "C03": "community_male_rosh_low",
        "C04": "out_of_court_male_rosh_low",
    }


def test_without_a_size_the_framework_sizes_the_childrens_sample_from_the_caseload(cast, rules):
    _children(cast.service)
    long_list = children_long_list_read(service=cast.service, as_of=AS_OF)
    sample = sample_draw(
        long_list,
        size=None,
        as_of=AS_OF,
        seed=5,
        strata=CHILDREN_STRATA,
        size_rule=rules.sizes["children"],
        framework="hmip-youth-2025",
    )
    assert (sample.caseload, sample.size) == (40, 29)  # 40 x 97.18 / 136.18 = 28.5
    assert {p.stratum for p in sample.cases} >= {
        "custody_male_rosh_low",
        "out_of_court_male_rosh_low",
        "community_female_rosh_low",
    }
    assert max(sum(1 for p in sample.cases if p.case_manager == m) for m in {p.case_manager for p in sample.cases}) <= 6


def test_the_same_seed_gives_the_same_childrens_sample_and_another_seed_another(cast, rules):
    _children(cast.service)
    long_list = children_long_list_read(service=cast.service, as_of=AS_OF)

    def draw(seed):
        return sample_draw(
            long_list,
            size=None,
            as_of=AS_OF,
            seed=seed,
            strata=CHILDREN_STRATA,
            size_rule=rules.sizes["children"],
            framework="hmip-youth-2025",
        ).as_dict()

    assert draw(7) == draw(7)
    assert draw(7)["cases"] != draw(8)["cases"]


def _victims(service):
    for i in range(30):
        case = case_make(service, f"V{i:03d}")
        case.victims = [
            {
                "id": "V1",
                "kind": "person" if i % 3 else "business",
                "identified": "2013-04-10",
                "consent": "given" if i % 2 else "declined",
                "worker": f"W{i % 4}",
            },
        ]
        if i % 10 == 0:  # a second victim of the same offence
            case.victims.append(
                {"id": "V2", "kind": "person", "identified": "2013-04-12", "consent": "given", "worker": "W9"}
            )
        if i == 29:  # learned of before the window: not on the list
            case.victims = [{"id": "V1", "kind": "person", "identified": "2012-01-01", "consent": "given"}]
        case.save()


def test_the_victims_long_list_holds_victims_learned_of_in_the_window_by_kind_and_consent(cast):
    _victims(cast.service)
    long_list = victims_long_list_read(service=cast.service, as_of=AS_OF)
    assert len(long_list) == 29 + 3
    first = next(c for c in long_list if c.case == "V001")
    assert (first.victim, first.stratum, first.case_manager) == ("V1", "person_consented", "W1")
    assert next(c for c in long_list if c.case == "V000").stratum == "business_or_other_not_consented"


def test_a_victims_sample_takes_one_victim_per_case_and_says_why_it_left_the_others(cast, rules):
    _victims(cast.service)
    sample = sample_draw(
        victims_long_list_read(service=cast.service, as_of=AS_OF),
        size=None,
        as_of=AS_OF,
        seed=3,
        strata=VICTIM_STRATA,
        size_rule=rules.sizes["victims"],
        framework="hmip-youth-2025",
        population="victims",
    )
    shape = sample.as_dict()
    assert shape["excluded"] == [
        {"case": f"V0{i}0", "reason": "another_victim_of_the_case", "victim": "V2"} for i in range(3)
    ]
    assert (shape["size_rule"]["caseload"], shape["size"]) == (29, 14)  # 29 x 24.30 / 52.30 = 13.5
    assert all(row["victim"] == "V1" for row in shape["cases"])


def test_the_same_seed_gives_the_same_victims_sample(cast, rules):
    _victims(cast.service)
    long_list = victims_long_list_read(service=cast.service, as_of=AS_OF)

    def draw(seed):
        return sample_draw(
            long_list,
            size=None,
            as_of=AS_OF,
            seed=seed,
            strata=VICTIM_STRATA,
            size_rule=rules.sizes["victims"],
            framework="hmip-youth-2025",
            population="victims",
        ).as_dict()

    assert draw(11) == draw(11)


def test_without_a_size_or_a_size_rule_the_draw_is_refused(cast):
    with pytest.raises(SamplingError, match="give a sample size"):
        sample_draw([], size=None, as_of=AS_OF, seed=1)


def test_the_sample_command_sizes_by_the_framework_and_prints_json(cast, capsys):
    _children(cast.service)
    call_command("sample", "--framework", "hmip-youth-2025", "--seed", "5", "--as-of", "2013-06-17", "--format", "json")
    shape = json.loads(capsys.readouterr().out)
    assert (shape["framework"], shape["population"], shape["size"]) == ("hmip-youth-2025", "children", 29)
    assert shape["size_rule"]["minimum"] == 14 and shape["size_rule"]["assumed"] == "A6"
    call_command("sample", "--framework", "hmip-youth-2025", "--seed", "5", "--as-of", "2013-06-17", "--format", "json")
    assert json.loads(capsys.readouterr().out) == shape


def test_the_sample_command_draws_victims_cases(cast, capsys):
    _victims(cast.service)
    call_command(
        "sample", "--framework", "hmip-youth-2025", "--population", "victims", "--seed", "2", "--as-of", "2013-06-17"
    )
    out = capsys.readouterr().out
    assert "Sample of 14 victims' cases" in out and "Size 14 from a caseload of 29 eligible cases (9 to 24;" in out
    assert "V000/V2\tanother_victim_of_the_case" in out


def test_the_sample_command_without_size_or_framework_is_refused(cast):
    with pytest.raises(CommandError, match="--size is needed without --framework"):
        call_command("sample", "--as-of", "2013-06-17")


def test_a_framework_without_sampling_rules_is_refused_by_the_command(cast):
    with pytest.raises(CommandError, match="sqs-2013 has no sampling rule for children's cases"):
        call_command("sample", "--framework", "sqs-2013", "--as-of", "2013-06-17")


def test_the_2013_sample_json_keeps_its_shape(cast, capsys):
    for i in range(8):
        case_make(cast.service, f"C{i:03d}")
    call_command("sample", "--size", "4", "--seed", "1", "--as-of", "2013-06-17", "--format", "json")
    assert set(json.loads(capsys.readouterr().out)) == {"seed", "size", "as_of", "strata", "excluded", "cases"}
    assert Case.objects.count() == 8
