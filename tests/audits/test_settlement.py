"""The QA lead settles a disagreement between the two markers (issue 24, item 4): the final
answer is the audit's answer in the figures, and agreement is reported before and after."""

from __future__ import annotations

import pytest
from django.urls import reverse

from casequality.audits.models import AuditCase, Settlement
from casequality.audits.results import audit_results
from casequality.audits.services import AuditError, audit_load, disagreement_settle

from .factories import answers_document, case_make, page_version


@pytest.fixture
def moderated(cast):
    """Two cases answered yes throughout by S20; M1's 1.2 marked again, no, by S21."""
    for ref in ("M1", "M2"):
        case_make(cast.service, ref)
    extra = [
        {"case": "M1", "question": "1.2", "answer": "no", "auditor": "S21", "reasons": ["known_information_left_out"]},
        {"case": "M2", "question": "1.2", "answer": "yes", "auditor": "S21"},
    ]
    audit = audit_load(answers_document(["M1", "M2"], extra=extra))
    return audit, AuditCase.objects.get(audit=audit, case__ref="M1")


def test_a_settled_answer_replaces_the_inspectors_in_the_figures(cast, moderated):
    audit, m1 = moderated
    before = audit_results(audit).question("1.2").share
    disagreement_settle(
        audit_case=m1,
        question="1.2",
        answer="no",
        reasons=("known_information_left_out",),
        note="Both agreed the risk information was left out.",
        actor=cast.qa_lead,
    )
    after = audit_results(audit).question("1.2").share
    assert (before.k, before.n) == (2, 2) and (after.k, after.n) == (1, 2)


def test_agreement_is_given_before_and_after_settling(cast, moderated):
    audit, m1 = moderated
    assert audit_results(audit).kappa_settled is None
    disagreement_settle(
        audit_case=m1,
        question="1.2",
        answer="no",
        reasons=("known_information_left_out",),
        note="Agreed.",
        actor=cast.qa_lead,
    )
    results = audit_results(audit)
    assert results.kappa.observed == 0.5 and results.kappa_settled.observed == 1.0 and results.settled == 1
    assert results.question("1.2").disagreements[0].settled == "no"


def test_a_question_the_markers_agree_on_cannot_be_settled(cast, moderated):
    audit, _ = moderated
    m2 = AuditCase.objects.get(audit=audit, case__ref="M2")
    with pytest.raises(AuditError) as error:
        disagreement_settle(audit_case=m2, question="1.2", answer="no", note="x", actor=cast.qa_lead)
    assert "nothing to settle" in error.value.problems[0]
    assert not Settlement.objects.exists()


def test_the_qa_lead_settles_on_the_page_and_the_moderation_page_says_so(client, cast, moderated):
    audit, m1 = moderated
    client.force_login(cast.qa_lead)
    moderation = client.get(reverse("audits:moderation", kwargs={"pk": audit.pk})).content.decode()
    url = reverse("audits:settle", kwargs={"pk": audit.pk}) + f"?case={m1.pk}&question=1.2"
    assert f"?case={m1.pk}&amp;question=1.2" in moderation
    page = client.get(url).content.decode()
    assert "Settle question 1.2" in page and "Second marker (S21)" in page
    refused = client.post(
        url, {"answer": "no", "reasons": ["known_information_left_out"], "version": page_version(client, url)}
    ).content.decode()
    assert "Say how the disagreement was settled" in refused and not Settlement.objects.exists()
    response = client.post(
        url,
        {
            "answer": "no",
            "reasons": ["known_information_left_out"],
            "note": "Agreed: no.",
            "version": page_version(client, url),
        },
    )
    assert response.status_code == 302
    moderation = client.get(reverse("audits:moderation", kwargs={"pk": audit.pk})).content.decode()
    assert "Settled: <strong>no</strong>" in moderation and "After the QA lead settled 1 disagreement" in moderation


def test_the_report_gives_kappa_before_and_after_settling(client, cast, moderated):
    audit, m1 = moderated
    disagreement_settle(
        audit_case=m1,
        question="1.2",
        answer="no",
        reasons=("known_information_left_out",),
        note="Agreed.",
        actor=cast.qa_lead,
    )
    client.force_login(cast.qa_lead)
    report = client.get(reverse("reports:detail", kwargs={"pk": audit.pk})).content.decode()
    assert "Cohen&#x27;s kappa" in report or "Cohen's kappa" in report
    assert "The QA lead settled 1 of the disagreements" in report and "after settling, kappa" in report
