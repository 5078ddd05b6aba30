"""The YJB's National Standards 2019 as a framework a service self-assesses against
(issue 24, item 7; decision 0053): its five standards, suggestions from the rulebook, a report."""

from __future__ import annotations

from django.urls import reverse

from casequality.audits.frameworks import framework_get
from casequality.reports.services import report_body_html
from casequality.standards.rulebook import rulebook
from tests.audits import factories

STANDARDS = (
    "Standard 1: Out of court disposals",
    "Standard 2: At court",
    "Standard 3: In the community (court disposals)",
    "Standard 4: In secure settings",
    "Standard 5: On transition and resettlement",
)


def test_the_framework_has_the_five_standards_of_2019_in_order():
    assert tuple(theme.title for theme in framework_get("yjb-standards-2019").themes) == STANDARDS


def test_every_rule_that_suggests_an_answer_is_in_the_rulebook():
    framework = framework_get("yjb-standards-2019")
    named = {s.rule for qid in framework.question_ids() for s in framework.question(qid).suggested_by}
    assert named - set(rulebook().rules) == set()


def national_standards_audit(cast):
    return factories.national_standards_audit(cast.service)


def test_a_national_standards_self_assessment_report_is_rendered_with_each_standard(cast):
    html = report_body_html(national_standards_audit(cast))

    assert all(standard in html for standard in STANDARDS)


def test_the_answer_page_says_each_questions_wording_is_casequalitys_assumption(client, cast):
    audit = national_standards_audit(cast)
    client.force_login(cast.qa_lead)

    html = client.get(reverse("audits:case", kwargs={"pk": audit.pk, "case_pk": audit.cases.first().pk})).content

    assert "the framework's published wording was not available (framework assumption A1)" in html.decode()


def test_the_self_assessment_report_says_its_thresholds_for_strengths_are_assumed(cast):
    html = report_body_html(national_standards_audit(cast))

    assert 'id="assumed-thresholds"' in html
    assert "self-assessment bandings were not read" in html.split('id="assumed-thresholds"')[1]


def test_a_framework_without_an_assumed_threshold_says_nothing_of_one(cast):
    assert framework_get("sqs-2013").report_assumptions() == []
