"""A mock inspection under hmip-youth-2025: the framework draws both samples."""

import pytest

from casequality.audits.services import audit_create, audit_sample_draw

from .factories import AS_OF, case_make, staff_make


@pytest.fixture
def mock(cast):
    managers = [staff_make(cast.service, f"P{i}") for i in range(1, 6)]
    for i in range(30):
        kind = ("detention_and_training_order", "youth_rehabilitation_order", "youth_caution")[i % 3]
        case = case_make(
            cast.service,
            f"C{i:03d}",
            order_type=kind,
            case_manager=managers[i % 5],
            sex="female" if i % 4 == 0 else "male",
        )
        if i % 2 == 0:
            case.victims = [{"id": "V1", "kind": "person", "identified": "2013-04-10", "consent": "given"}]
            case.save()
    audit = audit_create(
        service=cast.service, framework_id="hmip-youth-2025", title="Mock inspection 2013", actor=cast.qa_lead
    )
    audit_sample_draw(audit=audit, actor=cast.qa_lead, as_of=AS_OF)
    audit.refresh_from_db()
    return audit


def test_a_mock_inspection_sizes_its_childrens_sample_from_the_caseload(mock):
    assert mock.sample_size == 24  # 30 x 97.18 / 126.18 = 23.1
    assert mock.sample_analysis["size_rule"]["caseload"] == 30


def test_a_mock_inspection_draws_a_victims_sample_beside_the_childrens(mock):
    victims = mock.sample_analysis["victims"]
    assert victims["size"] == 10  # 15 victims: 15 x 24.30 / 38.30 = 9.5
    in_both_or_victims = {row["case"] for row in victims["cases"]}
    refs = set(mock.cases.values_list("case__ref", flat=True))
    assert in_both_or_victims <= refs


def test_a_victims_only_case_is_suggested_n_a_for_the_childrens_questions_and_a_childrens_case_for_v1(mock):
    children = {row["case"] for row in mock.sample_analysis["cases"]}
    victims = {row["case"] for row in mock.sample_analysis["victims"]["cases"]}
    for ac in mock.cases.select_related("case"):
        ref = ac.case.ref
        if ref not in victims:
            assert ac.suggestions["V1.1"]["answer"] == "n/a"
        if ref not in children:
            assert ac.stratum.startswith("victims/")
            assert ac.suggestions["2.1.1.1"]["answer"] == "n/a"
        if ref in victims:
            assert ac.suggestions.get("V1.1", {}).get("answer") != "n/a"


# --- the standards judged from other evidence (hmip-youth-2018's domain one) --------------
from casequality.audits.models import Audit  # noqa: E402
from casequality.audits.results import audit_results  # noqa: E402
from casequality.audits.services import AuditError, audit_judged_ratings_save, audit_load  # noqa: E402

from .factories import answers_document  # noqa: E402


@pytest.fixture
def inspection_2018(cast):
    refs = [f"H{i:02d}" for i in range(10)]
    for ref in refs:
        case_make(cast.service, ref, order_type="youth_caution" if ref == "H09" else "youth_rehabilitation_order")
    return audit_load(
        answers_document(
            refs,
            framework_id="hmip-youth-2018",
            answer=lambda ref, q: "n/a" if (q.startswith("3.") != (ref == "H09")) else "yes",
        )
    )


def test_with_the_judged_standards_rated_the_2018_overall_rating_is_given(inspection_2018, cast):
    assert audit_results(inspection_2018).overall.missing == ("1.1", "1.2", "1.3", "1.4", "3.4")
    audit_judged_ratings_save(
        audit=inspection_2018,
        actor=cast.qa_lead,
        ratings={
            "1.1": "good",
            "1.2": "good",
            "1.3": "requires_improvement",
            "1.4": "good",
            "3.4": "good",
            "4.1": "outstanding",
        },
    )
    overall = audit_results(Audit.objects.get(pk=inspection_2018.pk)).overall
    # Seven case standards all yes (outstanding, 21) + 2 + 2 + 1 + 2 + 2 = 30: Good; 4.1 is rated apart.
    assert (overall.rating, overall.points, overall.points_to_next_band) == ("good", 30, 1)


def test_an_unknown_judged_standard_or_rating_is_refused_with_every_problem(inspection_2018, cast):
    with pytest.raises(AuditError) as info:
        audit_judged_ratings_save(audit=inspection_2018, actor=cast.qa_lead, ratings={"9.9": "good", "1.1": "great"})
    assert info.value.problems == ["9.9: not a judged standard of hmip-youth-2018", "1.1: 'great' is not a rating"]
    assert Audit.objects.get(pk=inspection_2018.pk).judged_ratings == {}


def test_a_published_audits_judged_ratings_cannot_change(inspection_2018, cast):
    from django.utils import timezone

    from casequality.audits.services import audit_answers_freeze

    audit_answers_freeze(audit=inspection_2018, on=timezone.now())
    with pytest.raises(AuditError, match="The report is published"):
        audit_judged_ratings_save(audit=inspection_2018, actor=cast.qa_lead, ratings={"1.1": "good"})
