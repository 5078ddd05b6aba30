from datetime import date

import pytest

from casequality.audits.models import Answer, AuditCase
from casequality.audits.results import audit_results
from casequality.audits.selectors import case_ids_assigned_to
from casequality.audits.services import (
    AnswerInput,
    AuditError,
    audit_case_answers_save,
    audit_cases_assign,
    audit_create,
    audit_load,
    audit_sample_draw,
)
from casequality.cases.models import Event, Plan
from casequality.standards.models import Finding

from .factories import AS_OF, answers_document, case_make


def finding(case, rule, *, resolved=False, kind="finding"):
    return Finding.objects.create(
        service=case.service,
        case=case,
        rule=rule,
        key=f"{rule}-A1",
        kind=kind,
        severity="must",
        owner="CM",
        message="...",
        opened_on=date(2013, 6, 1),
        last_seen_on=date(2013, 6, 17),
        resolved_on=date(2013, 6, 10) if resolved else None,
    )


def test_an_open_rosh_002_finding_suggests_2_1_no_with_full_assessment_missing(cast):
    case = case_make(cast.service, "C001")
    finding(case, "ROSH-002")
    finding(case, "LOR-001", resolved=True)  # resolved: suggests nothing
    audit = audit_load(answers_document(["C001"]))
    s = AuditCase.objects.get(audit=audit).suggestions
    assert s["2.1"] == {"answer": "no", "reasons": ["full_assessment_missing"], "rules": ["ROSH-002"]}
    assert s["1.2"] == {"answer": "yes", "reasons": [], "rules": []}  # its rules did not fire
    assert s["1.5"]["answer"] == "n/a"  # not a custodial order
    assert "4.6a" not in s  # applies, and no rule speaks to it
    answer = Answer.objects.get(audit_case__audit=audit, question="2.1")
    assert (answer.suggested_answer, answer.suggested_reasons, answer.suggested_rules) == (
        "no",
        ["full_assessment_missing"],
        ["ROSH-002"],
    )


def test_a_task_not_yet_late_suggests_nothing(cast):
    case = case_make(cast.service, "C001")
    finding(case, "ROSH-002", kind="task")
    audit = audit_load(answers_document(["C001"]))
    assert AuditCase.objects.get(audit=audit).suggestions["2.1"]["answer"] == "yes"


def test_applicability_suggests_na_from_the_record(cast):
    case = case_make(cast.service, "C001", order_type="detention_and_training_order", rosh="high")
    Plan.objects.create(case=case, ref="P1", date=AS_OF, type="risk_management")
    Event.objects.create(case=case, ref="E1", type="failure_to_comply", date=AS_OF, extra={"acceptable": False})
    audit = audit_load(answers_document(["C001"]))
    s = AuditCase.objects.get(audit=audit).suggestions
    assert s["1.5"]["answer"] != "n/a" and s["2.2"]["answer"] != "n/a" and s["2.4"]["answer"] != "n/a"
    assert s["4.6b"]["answer"] != "n/a"
    assert s["3.2"]["answer"] == "n/a" and s["1.3"]["answer"] == "n/a"


def test_agreement_between_suggestions_and_confirmed_answers_is_per_question(cast):
    for i in range(4):
        case = case_make(cast.service, f"C00{i}")
        if i < 3:
            finding(case, "ROSH-002")
    # The inspector agrees with two of the three ROSH-002 suggestions, and says no where nothing fired.
    confirmed = {"C000": "no", "C001": "no", "C002": "yes", "C003": "no"}
    audit = audit_load(
        answers_document([f"C00{i}" for i in range(4)], answer=lambda ref, q: confirmed[ref] if q == "2.1" else "yes")
    )
    q = audit_results(audit).question("2.1")
    assert (q.suggested, q.suggestion_agreed) == (4, 2)
    assert (q.suggested_no, q.suggested_no_confirmed) == (3, 2)
    [rule] = audit_results(audit).rules
    assert (rule.rule, rule.question, rule.fired, rule.confirmed) == ("ROSH-002", "2.1", 3, 2)


def test_results_per_question_and_theme_with_reasons_and_interval(cast):
    refs = [f"C{i:03d}" for i in range(10)]
    for ref in refs:
        case_make(cast.service, ref)

    def answer(ref, q):
        i = int(ref[1:])
        if q == "1.2":
            if i < 4:
                return {
                    "answer": "no",
                    "reasons": ["evidence_insufficient_or_unclear"]
                    + (["known_information_left_out"] if i == 0 else []),
                }
            return "yes"
        if q == "1.5":
            return "n/a" if i < 8 else "no"
        return "yes"

    results = audit_results(audit_load(answers_document(refs, answer=answer)))
    assert results.cases == 10
    q12 = results.question("1.2")
    assert (q12.share.k, q12.share.n, q12.share.words, q12.share.percent_text()) == (6, 10, "well over half", "60%")
    assert q12.reasons == [
        ("evidence_insufficient_or_unclear", "evidence insufficient or unclear", 4),
        ("known_information_left_out", "known information left out", 1),
    ]
    assert q12.share.interval_text() == "35% to 81%"  # 90% Wilson: 0.3516 to 0.8058
    q15 = results.question("1.5")
    assert (q15.share.k, q15.share.n, q15.not_applicable) == (0, 2, 8)
    theme1 = results.themes[0]
    # 1.1, 1.1b, 1.3, 1.4 all yes (40), 1.2 6 of 10, 1.5 0 of 2
    assert (theme1.share.k, theme1.share.n) == (46, 52)


def test_moderation_lists_disagreements_and_kappa_per_question_and_overall(cast):
    refs = [f"C{i:03d}" for i in range(6)]
    for ref in refs:
        case_make(cast.service, ref)
    first = {"C000": "yes", "C001": "yes", "C002": "no", "C003": "no", "C004": "yes", "C005": "no"}
    second = {"C000": "yes", "C001": "no", "C002": "no", "C003": "no", "C004": "yes", "C005": "yes"}
    extra = [{"case": r, "question": "1.2", "answer": second[r], "auditor": "S21"} for r in refs]
    audit = audit_load(answers_document(refs, answer=lambda ref, q: first[ref] if q == "1.2" else "yes", extra=extra))
    results = audit_results(audit)
    q = results.question("1.2")
    assert q.moderation_pairs == 6
    assert [(d.case_ref, d.first, d.second) for d in q.disagreements] == [("C001", "yes", "no"), ("C005", "no", "yes")]
    # 4 of 6 agree (p_o = 2/3), each marker 3 yes 3 no (p_e = 1/2): kappa = 1/3.
    assert q.kappa.kappa == pytest.approx(1 / 3)
    assert results.kappa.kappa == pytest.approx(1 / 3)
    assert results.moderated_cases == 6
    assert results.question("1.4").kappa is None  # nobody double-marked it
    # The moderation answers never count in the figures.
    assert (q.share.k, q.share.n) == (3, 6)


def test_hmip_audit_is_rated_per_standard_by_its_lowest_key_question(cast):
    refs = [f"C{i:03d}" for i in range(10)]
    for ref in refs:
        case_make(cast.service, ref)
    low = {"2.1.2": 7, "2.2.3": 5, "2.3.1": 4}  # yes answers out of 10 for these questions

    def answer(ref, q):
        if q.startswith("3."):
            return "n/a"  # court cases: the out-of-court standards do not apply
        return "yes" if int(ref[1:]) < low.get(q, 9) else "no"

    results = audit_results(audit_load(answers_document(refs, framework_id="hmip-youth-2018", answer=answer)))
    assert [t.rating for t in results.themes] == [
        "good",
        "requires_improvement",
        "inadequate",
        "outstanding",
        None,
        None,
        None,
    ]
    assert results.themes[0].rating_basis.question.id == "2.1.2"


@pytest.fixture
def sampled(cast):
    for i in range(12):
        case_make(
            cast.service,
            f"C{i:03d}",
            case_manager=[cast.cm_a.staff, cast.cm_b.staff, cast.cm_c.staff][i % 3],
            sex="female" if i % 4 == 0 else "male",
        )
    audit = audit_create(
        service=cast.service,
        framework_id="sqs-2013",
        title="Quarterly audit",
        actor=cast.qa_lead,
        sample_size=6,
        seed=11,
        buffer=20,
    )
    audit_sample_draw(audit=audit, actor=cast.qa_lead, as_of=AS_OF)
    return audit


def test_drawing_a_sample_stores_its_cases_and_analysis(sampled):
    assert sampled.cases.filter(reserve=False).count() == 6
    assert sampled.cases.filter(reserve=True).count() == 1
    assert sampled.sample_analysis["seed"] == 11 and sampled.sample_analysis["size"] == 6
    assert {s["name"] for s in sampled.sample_analysis["strata"]} >= {"female", "male_community_rosh_low"}


def test_assigning_and_answering_a_case_and_scoping_to_the_inspector(cast, sampled):
    first, second = list(sampled.cases.filter(reserve=False))[:2]
    audit_cases_assign(audit=sampled, inspectors={first.id: cast.inspector, second.id: cast.qa_lead})
    assert list(case_ids_assigned_to(cast.inspector)) == [first.case_id]
    assert list(case_ids_assigned_to(cast.cm_a)) == []
    with pytest.raises(AuditError):
        audit_cases_assign(audit=sampled, inspectors={}, moderators={first.id: cast.inspector})
    with pytest.raises(AuditError) as info:
        audit_case_answers_save(
            audit_case=first,
            actor=cast.inspector,
            complete=True,
            answers=[
                AnswerInput("1.2", "no", ("evidence_insufficient_or_unclear",)),
                AnswerInput("2.1", "yes", ("not_concise",)),
            ],
        )
    assert "2.1: reasons are given only where the answer is no" in info.value.problems
    assert "1.1: not answered" in info.value.problems
    audit_case_answers_save(
        audit_case=first,
        actor=cast.inspector,
        answers=[AnswerInput("1.2", "no", ("evidence_insufficient_or_unclear",))],
    )
    audit_case_answers_save(audit_case=first, actor=cast.inspector, answers=[AnswerInput("1.2", "yes")])  # changed
    answer = Answer.objects.get(audit_case=first)
    assert (answer.answer, answer.auditor, answer.is_moderation) == ("yes", "S21", False)
    with pytest.raises(AuditError, match="can no longer be redrawn"):
        audit_sample_draw(audit=sampled)


def test_a_sampled_case_is_replaced_by_the_next_reserve_of_its_stratum(cast, sampled):
    from casequality.audits.services import audit_case_replace

    reserve = sampled.cases.get(reserve=True)
    target = sampled.cases.filter(reserve=False, stratum=reserve.stratum).first()
    audit_cases_assign(audit=sampled, inspectors={target.id: cast.inspector})
    target = AuditCase.objects.get(pk=target.pk)
    replaced_ref = target.case.ref
    now_sampled = audit_case_replace(audit_case=target, actor=cast.qa_lead)
    assert now_sampled.pk == reserve.pk and not now_sampled.reserve
    assert now_sampled.inspector == cast.inspector  # takes over the assignment
    assert sampled.cases.filter(reserve=False).count() == 6 and not sampled.cases.filter(reserve=True).exists()
    sampled.refresh_from_db()
    assert sampled.sample_analysis["replaced"] == [{"case": replaced_ref, "by": reserve.case.ref}]
    with pytest.raises(AuditError, match="No reserve case is left"):
        audit_case_replace(audit_case=sampled.cases.filter(reserve=False, stratum=reserve.stratum).first())
