"""The KPIs against a small caseload counted by hand (the counts are in each test's comment).

Period: the first quarter of 2026. Children whose programme or order ended in it: C1, C2,
C3, C4. On the caseload at some time in it: C1, C2, C3, C4, C5, C7, C8 (C6's order ended
before it).
"""

from datetime import date

import pytest

from casequality.reports.kpis import compute_kpis

START, END, AS_OF = date(2026, 1, 1), date(2026, 3, 31), date(2026, 12, 1)


def order(id, type="referral_order", start=None, end=None, court_date=None, release=None):
    return {
        "id": id,
        "type": type,
        "court_date": court_date or start,
        "start": start,
        "end": end,
        "custody_considered": False,
        "custody_release": release,
    }


def ooc(id, type, *, decision, start=None, end=None, intervention=True, completed=None, fte=None):
    return {
        "id": id,
        "type": type,
        "offence": None,
        "referred": decision,
        "panel_date": None,
        "decision_date": decision,
        "order": None,
        "intervention": intervention,
        "start": start,
        "end": end,
        "completed": completed,
        "first_time_entrant": fte,
    }


def at_end(of, day, **parts):
    base = {
        "accommodation": None,
        "ete": None,
        "send": None,
        "mental_health": None,
        "substance_misuse": None,
        "wider_services": None,
    }
    return {"date": day, "point": "end", "of": of, **base, **parts}


def offence(id, day, serious=False, gravity=3):
    return {"id": id, "date": day, "description": "x", "gravity": gravity, "serious_violence": serious}


def victim(
    id,
    identified,
    *,
    offered=None,
    consent="not_asked",
    consent_date=None,
    views=None,
    rj_offered=None,
    engaged=None,
    done=None,
    plan_needed=False,
    plan=None,
):
    return {
        "id": id,
        "offence": None,
        "kind": "person",
        "identified": identified,
        "contact_offered": offered,
        "consent": consent,
        "consent_date": consent_date,
        "views_sought": views,
        "views": None,
        "rj_offered": rj_offered,
        "rj_engaged": engaged,
        "rj_done": done,
        "rj_kind": None,
        "safety_plan_needed": plan_needed,
        "safety_plan": plan,
        "worker": None,
    }


def case(ref, **lists):
    return {
        "id": ref,
        **{key: lists.get(key, []) for key in ("orders", "out_of_court", "circumstances", "offences", "victims")},
    }


CASES = [
    case(
        "C1",
        orders=[order("O1", start="2025-10-01", end="2026-02-15")],
        circumstances=[
            at_end(
                "O1",
                "2026-02-15",
                accommodation={"type": "family_home", "suitable": True},
                ete={"status": "full_time", "suitable": True, "hours": 25},
                send={"need": "identified", "plan": "ehcp"},
                mental_health={"screened": True, "need": True, "offered": True, "attended": True},
                substance_misuse={"screened": True, "need": False, "offered": False, "attended": False},
                wider_services=["early_help"],
            )
        ],
        offences=[offence("OF1", "2025-09-01")],
        victims=[victim("V1", "2025-12-01", consent="given", consent_date="2026-01-10")],
    ),
    case(
        "C2",
        orders=[order("O1", "youth_rehabilitation_order", start="2025-09-01", end="2026-03-10")],
        circumstances=[
            at_end(
                "O1",
                "2026-03-10",
                accommodation={"type": "supported", "suitable": False},
                ete={"status": "none", "suitable": False, "hours": None},
                send={"need": "identified", "plan": "none"},
                mental_health={"screened": True, "need": True, "offered": True, "attended": False},
                substance_misuse={"screened": True, "need": True, "offered": False, "attended": False},
                wider_services=["child_protection", "looked_after"],
            )
        ],
        offences=[offence("OF1", "2026-02-01", serious=True, gravity=6)],
        victims=[
            victim(
                "V1",
                "2026-02-02",
                offered="2026-02-05",
                consent="given",
                consent_date="2026-02-06",
                views="2026-02-07",
                rj_offered="2026-02-10",
                engaged=True,
                done="2026-03-01",
                plan_needed=True,
                plan="2026-02-07",
            ),
            victim("V2", "2026-02-02", consent="declined"),
        ],
    ),
    case(
        "C3",
        out_of_court=[
            ooc(
                "OC1",
                "youth_conditional_caution",
                decision="2026-01-05",
                start="2026-01-06",
                end="2026-03-20",
                completed=True,
                fte=True,
            )
        ],
        circumstances=[
            at_end(
                "OC1",
                "2026-03-20",
                ete={"status": "part_time", "suitable": True, "hours": 15},
                send={"need": "not_assessed", "plan": "none"},
            )
        ],
        victims=[
            victim(
                "V1",
                "2026-03-01",
                offered="2026-03-02",
                consent="given",
                consent_date="2026-03-05",
                rj_offered="2026-03-10",
                engaged=False,
            )
        ],
    ),
    case(
        "C4",
        out_of_court=[
            ooc("OC1", "outcome_22", decision="2025-11-01", start="2025-11-01", end="2026-01-30", completed=False),
            ooc("OC2", "community_resolution", decision="2026-02-01", start="2026-02-01", end="2026-03-01"),
        ],
    ),
    case(
        "C5",
        orders=[order("O1", start="2025-06-01")],
        circumstances=[{**at_end("O1", "2025-06-01", wider_services=["child_in_need"]), "point": "start"}],
        offences=[offence("OF1", "2026-03-01", serious=None)],
    ),
    case(
        "C6",
        orders=[order("O1", start="2025-01-01", end="2025-11-30")],
        circumstances=[at_end("O1", "2025-11-30", accommodation={"type": "family_home", "suitable": True})],
    ),
    case("C7", orders=[order("O1", start="2026-02-20")]),
    case(
        "C8",
        orders=[order("O1", "detention_and_training_order", start="2026-03-15")],
        out_of_court=[ooc("OC1", "youth_caution", decision="2025-05-01", intervention=False)],
    ),
]

MEETINGS = [
    {
        "date": "2025-12-01",
        "attendance": dict.fromkeys(
            ("local_authority_childrens_services", "police", "probation", "health", "education"), False
        ),
    },
    {
        "date": "2026-01-15",
        "attendance": {
            "local_authority_childrens_services": True,
            "police": True,
            "probation": False,
            "health": True,
            "education": True,
        },
    },
    {
        "date": "2026-03-12",
        "attendance": {
            "local_authority_childrens_services": True,
            "police": True,
            "probation": None,
            "health": False,
            "education": True,
        },
    },
]


@pytest.fixture(scope="module")
def kpis():
    return {k.id: k for k in compute_kpis(CASES, start=START, end=END, board_meetings=MEETINGS, as_of=AS_OF)}


def sub(kpi, id):
    return next(s for s in kpi.sub_measures if s.id == id)


def figures(item):
    return (item.numerator, item.denominator)


def test_every_kpi_and_national_indicator_is_given_in_order(kpis):
    assert list(kpis) == [
        "kpi-1",
        "kpi-2",
        "kpi-3",
        "kpi-4",
        "kpi-5",
        "kpi-6",
        "kpi-7",
        "kpi-8",
        "kpi-9",
        "kpi-10",
        "fte",
        "reoffending-binary",
        "reoffending-frequency",
        "custody",
    ]


def test_accommodation_counts_suitable_accommodation_of_the_children_ending(kpis):
    # Ending: C1 (suitable), C2 (not), C3 and C4 (none recorded).
    assert figures(kpis["kpi-1"]) == (1, 4)
    assert kpis["kpi-1"].rate == 0.25
    assert kpis["kpi-1"].case_refs == {"numerator": ["C1"], "denominator": ["C1", "C2", "C3", "C4"]}


def test_accommodation_missing_at_the_end_is_flagged_with_its_count(kpis):
    assert kpis["kpi-1"].data_quality == [
        "2 of 4 children ending had no accommodation recorded at the end (counted as not suitable)"
    ]
    assert sub(kpis["kpi-1"], "kpi-1-not-recorded").case_refs["numerator"] == ["C3", "C4"]


def test_a_child_whose_order_ended_before_the_period_is_not_counted(kpis):
    assert "C6" not in kpis["kpi-1"].case_refs["denominator"]


def test_ete_counts_suitable_ete_with_status_sub_measures(kpis):
    # C1 full-time suitable, C3 part-time suitable, C2 none; C4 nothing recorded.
    assert figures(kpis["kpi-2"]) == (2, 4)
    assert figures(sub(kpis["kpi-2"], "kpi-2-full-time")) == (1, 4)
    assert figures(sub(kpis["kpi-2"], "kpi-2-none")) == (1, 4)
    assert kpis["kpi-2"].data_quality == [
        "1 of 4 children ending had no ETE recorded at the end (counted as not suitable)"
    ]


def test_send_counts_formal_plans_of_children_with_an_identified_need(kpis):
    # Identified: C1 (EHCP), C2 (no plan). C3 not assessed and C4 nothing: left out, flagged.
    assert figures(kpis["kpi-3"]) == (1, 2)
    assert figures(sub(kpis["kpi-3"], "kpi-3-ehcp")) == (1, 2)
    assert figures(sub(kpis["kpi-3"], "kpi-3-plan-and-suitable-ete")) == (1, 2)
    assert kpis["kpi-3"].data_quality[0].startswith("2 of 4 children ending had no SEND/ALN need recorded")


def test_mental_health_cascades_from_need_to_offered_to_attending(kpis):
    # Need: C1, C2 of 4; offered: both; attending: C1.
    kpi = kpis["kpi-4"]
    assert figures(kpi) == (2, 4)
    assert figures(sub(kpi, "kpi-4-offered")) == (2, 2)
    assert figures(sub(kpi, "kpi-4-attended")) == (1, 2)
    assert kpi.data_quality == [
        "2 of 4 children ending had no mental health need recorded at the end (counted as no need)"
    ]


def test_substance_misuse_cascade_with_nobody_offered_has_no_attending_rate(kpis):
    # Need: C2 only; not offered; so nobody to attend.
    kpi = kpis["kpi-5"]
    assert figures(kpi) == (1, 4)
    assert figures(sub(kpi, "kpi-5-offered")) == (0, 1)
    assert sub(kpi, "kpi-5-attended").rate is None


def test_out_of_court_counts_children_who_completed_their_intervention(kpis):
    # C3 completed; C4's outcome 22 not completed and its community resolution unknown.
    kpi = kpis["kpi-6"]
    assert figures(kpi) == (1, 2)
    assert figures(sub(kpi, "kpi-6-youth-conditional-caution")) == (1, 1)
    assert figures(sub(kpi, "kpi-6-outcome-22")) == (0, 1)
    assert kpi.data_quality[0].startswith("1 of 2 children whose out-of-court intervention ended had no completion")


def test_board_attendance_counts_partner_places_at_meetings_in_the_period(kpis):
    # January: 4 of 5; March: 3 of 4 recorded (probation not recorded). December is outside.
    kpi = kpis["kpi-7"]
    assert figures(kpi) == (7, 9)
    assert figures(sub(kpi, "kpi-7-health")) == (1, 2)
    assert figures(sub(kpi, "kpi-7-probation")) == (0, 1)
    assert kpi.data_quality == ["1 of 10 partner places at board meetings had no attendance recorded (left out)"]


def test_board_attendance_names_no_case(kpis):
    assert kpis["kpi-7"].case_refs == {"numerator": [], "denominator": []}


def test_wider_services_counts_the_caseload_with_any_wider_service(kpis):
    # Caseload C1 C2 C3 C4 C5 C7 C8; C1 early help, C2 CP and looked after, C5 child in need.
    kpi = kpis["kpi-8"]
    assert figures(kpi) == (3, 7)
    assert figures(sub(kpi, "kpi-8-child-protection")) == (1, 7)
    assert kpi.data_quality == ["4 of 7 children on the caseload had no wider services recorded (counted as none)"]


def test_serious_violence_counts_caseload_children_with_such_an_offence_in_the_period(kpis):
    kpi = kpis["kpi-9"]
    assert figures(kpi) == (1, 7)
    assert kpi.case_refs["numerator"] == ["C2"]
    assert kpi.data_quality[0].startswith("1 of 7 children on the caseload had an offence in the period not classified")


def test_victims_counts_rj_engagement_of_victims_who_consented_in_the_period(kpis):
    # Consented in the period: C1/V1 (engagement unknown), C2/V1 (engaged), C3/V1 (not). C2/V2 declined.
    kpi = kpis["kpi-10"]
    assert figures(kpi) == (1, 3)
    assert figures(sub(kpi, "kpi-10-contact-offered")) == (2, 3)
    assert figures(sub(kpi, "kpi-10-safety-plan")) == (1, 1)
    assert kpi.data_quality == [
        "1 of 3 victims who consented to contact had no RJ engagement recorded (counted as not engaged)"
    ]


def test_first_time_entrants_are_a_count_without_a_population_rate(kpis):
    # C3's caution is marked a first entry; C7's referral order is its first outcome; C8 had a caution before.
    kpi = kpis["fte"]
    assert kpi.numerator == 2 and kpi.rate is None
    assert kpi.case_refs["numerator"] == ["C3", "C7"]
    assert "1 of 2 first-time entrants" in kpi.data_quality[1]


def test_use_of_custody_is_custodial_sentences_among_court_sentences(kpis):
    assert figures(kpis["custody"]) == (1, 2)
    assert kpis["custody"].case_refs["numerator"] == ["C8"]


def test_reoffending_is_not_given_before_the_12_month_follow_up_has_passed(kpis):
    kpi = kpis["reoffending-binary"]
    assert kpi.numerator is None and kpi.rate is None
    assert "runs to 31 March 2027" in kpi.data_quality[0]


REOFFENDING = [
    case(
        "R1",
        out_of_court=[ooc("OC1", "youth_caution", decision="2025-02-01", intervention=False)],
        offences=[offence("OF1", "2025-06-01"), offence("OF2", "2025-09-01"), offence("OF3", "2026-03-01")],
    ),
    case("R2", orders=[order("O1", start="2025-03-10")], offences=[offence("OF1", "2025-03-01")]),
    case(
        "R3",
        orders=[order("O1", "detention_and_training_order", start="2024-10-01", release="2025-01-20")],
        offences=[offence("OF1", "2025-12-31")],
    ),
    case("R4", orders=[order("O1", start="2025-04-02")], offences=[offence("OF1", "2025-05-01")]),
]


def reoffending():
    return {
        k.id: k
        for k in compute_kpis(
            REOFFENDING, start=date(2025, 1, 1), end=date(2025, 3, 31), board_meetings=[], as_of=AS_OF
        )
    }


def test_reoffending_binary_counts_the_cohort_with_an_offence_within_12_months():
    # Cohort R1 (caution), R2 (sentence), R3 (release); R1 and R3 reoffend; R4's sentence is after the period.
    kpi = reoffending()["reoffending-binary"]
    assert figures(kpi) == (2, 3)
    assert kpi.case_refs == {"numerator": ["R1", "R3"], "denominator": ["R1", "R2", "R3"]}


def test_reoffending_frequency_is_reoffences_per_reoffender():
    # R1: 2 within 12 months (the third is after), R3: 1.
    kpi = reoffending()["reoffending-frequency"]
    assert figures(kpi) == (3, 2)
    assert kpi.rate == 1.5


def test_a_period_that_ends_before_it_starts_is_refused():
    with pytest.raises(ValueError, match="ends"):
        compute_kpis([], start=END, end=START, board_meetings=[])


def test_a_caseload_with_nothing_recorded_gives_no_rates_and_no_error():
    kpis = compute_kpis([case("Z1")], start=START, end=END, board_meetings=[], as_of=AS_OF)
    assert all(k.rate is None for k in kpis)


def test_a_kpi_reads_as_a_dict_too(kpis):
    assert kpis["kpi-1"]["rate"] == kpis["kpi-1"].as_dict()["rate"] == 0.25
