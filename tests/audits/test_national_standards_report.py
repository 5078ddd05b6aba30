"""The National Standards self-assessment's report in the YJB's layout (issue 24, item 7;
decision 0055): results, each standard's strategic and operational self-assessment and
bandings, improvement and oversight, improvement tracking; the strategic part written by the
service, saved, never written over, frozen once published, kept to the service."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from casequality.accounts.models import Role, User
from casequality.audits.models import StandardSelfAssessment
from casequality.cases.models import Service
from casequality.reports.services import report_publish
from tests.audits.factories import national_standards_audit

HEADINGS = (
    "Standard 1: out of court disposals",
    "Standard 2: at court",
    "Standard 3: in the community",
    "Standard 4: in secure settings",
    "Standard 5: on transition",
)


def self_assessment_of(service, refs_from: int = 0, title: str = "National Standards self-assessment"):
    return national_standards_audit(service, first=refs_from, title=title)


@pytest.fixture
def audit(cast):
    return self_assessment_of(cast.service)


def page(client, user, audit) -> str:
    client.force_login(user)
    response = client.get(reverse("audits:self_assessment", kwargs={"pk": audit.pk}))
    assert response.status_code == 200
    return response.content.decode()


def edit_url(audit, standard="1") -> str:
    return reverse("audits:self_assessment_standard", kwargs={"pk": audit.pk, "standard": standard})


def posted(version=0, **fields) -> dict:
    return {
        "version": str(version),
        "strategic": "",
        "evidence": "",
        "strategic_band": "",
        "actions": "",
        "actions_owner": "",
        "actions_due_day": "",
        "actions_due_month": "",
        "actions_due_year": "",
    } | fields


def test_the_report_shows_the_five_standards_in_the_yjbs_order(client, cast, audit):
    html = page(client, cast.qa_lead, audit)

    found = re.findall(r'<h2 class="govuk-heading-l" id="standard-\d-title">([^<]+)</h2>', html)
    assert tuple(found) == HEADINGS


def test_each_standard_has_a_strategic_and_an_operational_part_and_its_bandings(client, cast, audit):
    html = page(client, cast.qa_lead, audit)

    for n in "12345":
        section = html.split(f'id="standard-{n}-title"')[1].split("</section>")[0]
        assert "Strategic self-assessment" in section and "Operational self-assessment" in section
        assert f'id="standard-{n}-bandings"' in section


def test_the_report_follows_the_guides_sections_in_order(client, cast, audit):
    html = page(client, cast.qa_lead, audit)

    ids = ['id="results"', 'id="standard-1"', 'id="standard-5"', 'id="bandings"', 'id="improvement"', 'id="tracking"']
    assert [html.index(i) for i in ids] == sorted(html.index(i) for i in ids)


def test_a_standards_operational_banding_is_counted_from_its_case_answers(client, cast, audit):
    # Three answers in four say yes (75%): Good on the assumed bands (65% or more, below 80%).
    html = page(client, cast.qa_lead, audit)

    bandings = html.split('id="standard-1-bandings"')[1].split("</dl>")[0]
    assert 'Operational</dt><dd class="govuk-summary-list__value">Good' in bandings


def test_the_operational_part_names_the_rules_that_prefill_its_evidence(client, cast, audit):
    html = page(client, cast.qa_lead, audit)

    operational = html.split('id="standard-1-operational"')[1].split('id="standard-1-banding"')[0]
    assert "Pre-filled from rules PDAT-001, OOC-001, OOC-002" in operational


def test_the_qa_lead_saves_a_standards_narrative_and_the_report_shows_it(client, cast, audit):
    client.force_login(cast.qa_lead)
    response = client.post(
        edit_url(audit),
        posted(
            strategic="The board reviews every out-of-court decision quarterly.",
            evidence="Board minutes, March 2026",
            strategic_band="Good",
            actions="Join the police's panel",
            actions_owner="Head of service",
            actions_due_day="31",
            actions_due_month="3",
            actions_due_year="2027",
        ),
    )

    assert response.status_code == 302
    html = page(client, cast.qa_lead, audit)
    assert "The board reviews every out-of-court decision quarterly." in html.split('id="standard-1-narrative"')[1]
    assert "Join the police&#x27;s panel" in html.split('id="improvement-table"')[1]
    assert "31 March 2027" in html.split('id="improvement-table"')[1]


def test_a_narrative_saved_over_a_version_someone_else_saved_since_is_refused_and_kept_in_the_form(client, cast, audit):
    client.force_login(cast.qa_lead)
    client.post(edit_url(audit), posted(strategic="First editor's text"))

    response = client.post(edit_url(audit), posted(version=0, strategic="Second editor's text"))

    assert response.status_code == 200
    assert StandardSelfAssessment.objects.get(audit=audit, standard="1").strategic == "First editor's text"
    html = response.content.decode()
    assert "govuk-error-summary" in html and "Second editor&#x27;s text" in html and 'id="saved-meanwhile"' in html


def test_a_narrative_form_without_its_version_saves_nothing(client, cast, audit):
    client.force_login(cast.qa_lead)
    data = posted(strategic="Text")
    del data["version"]

    response = client.post(edit_url(audit), data)

    assert response.status_code == 200 and "govuk-error-summary" in response.content.decode()
    assert not StandardSelfAssessment.objects.filter(audit=audit).exists()


def test_actions_without_an_owner_are_refused_with_a_govuk_error(client, cast, audit):
    client.force_login(cast.qa_lead)

    response = client.post(edit_url(audit), posted(actions="Train the panel"))

    html = response.content.decode()
    assert 'href="#id_actions_owner"' in html and "Enter who owns the actions" in html
    assert "govuk-form-group--error" in html


def test_a_published_reports_narrative_cannot_be_edited(client, cast, audit):
    client.force_login(cast.qa_lead)
    client.post(edit_url(audit), posted(strategic="As published"))
    report_publish(audit=audit, actor=cast.qa_lead)

    client.post(edit_url(audit), posted(version=1, strategic="Changed after publication"))

    assert StandardSelfAssessment.objects.get(audit=audit, standard="1").strategic == "As published"


def test_a_published_report_offers_no_form_to_edit(client, cast, audit):
    report_publish(audit=audit, actor=cast.qa_lead)
    client.force_login(cast.qa_lead)

    html = client.get(edit_url(audit)).content.decode()

    assert "<form" not in html.split('id="main-content"')[-1] and 'id="published-notice"' in html


def test_the_board_reads_a_published_self_assessment_without_any_childs_identity(client, cast, audit):
    report_publish(audit=audit, actor=cast.qa_lead)

    html = page(client, cast.board, audit)

    assert "Child NS" not in html and "NS00" not in html


def test_the_board_does_not_read_a_draft_self_assessment(client, cast, audit):
    client.force_login(cast.board)

    assert client.get(reverse("audits:self_assessment", kwargs={"pk": audit.pk})).status_code == 404


def another_services_qa_lead() -> User:
    other = Service.objects.create(code="OTH", name="Other Youth Justice Service")
    return User.objects.create_user(username="other_qa", password="x", role=Role.QA_LEAD, service=other)


def test_another_services_user_cannot_read_the_report(client, cast, audit):
    client.force_login(another_services_qa_lead())

    assert client.get(reverse("audits:self_assessment", kwargs={"pk": audit.pk})).status_code == 404


def test_another_services_user_cannot_write_the_narrative(client, cast, audit):
    client.force_login(another_services_qa_lead())

    response = client.post(edit_url(audit), posted(strategic="Not theirs"))

    assert response.status_code == 404 and not StandardSelfAssessment.objects.filter(audit=audit).exists()


def test_a_case_manager_may_not_write_the_narrative(client, cast, audit):
    client.force_login(cast.cm_a)

    assert client.post(edit_url(audit), posted(strategic="Not theirs")).status_code == 403


def test_the_bandings_are_shown_as_assumed(client, cast, audit):
    html = page(client, cast.qa_lead, audit)

    assert 'id="assumed-bandings"' in html and "A3: The YJB&#x27;s self-assessment bandings" in html


def test_the_strategic_prompts_are_shown_as_assumed(client, cast, audit):
    html = page(client, cast.qa_lead, audit)

    assert 'id="assumed-strategic-1"' in html and "A4: The questions of the YJB&#x27;s strategic" in html


def test_each_questions_wording_is_shown_as_assumed(client, cast, audit):
    html = page(client, cast.qa_lead, audit)

    operational = html.split('id="standard-3-operational"')[1].split('id="standard-3-banding"')[0]
    assert operational.count("Casequality's question (A1)") == 3


def test_improvement_tracking_is_shown_as_assumed(client, cast, audit):
    html = page(client, cast.qa_lead, audit)

    assert 'id="assumed-tracking"' in html and 'id="no-tracking"' in html


def test_improvement_tracking_compares_with_the_last_published_self_assessment_and_its_actions(client, cast):
    before = self_assessment_of(cast.service, title="Self-assessment 2025")
    client.force_login(cast.qa_lead)
    client.post(edit_url(before), posted(actions="Join the police's panel", actions_owner="Head of service"))
    report_publish(audit=before, actor=cast.qa_lead)
    now = self_assessment_of(cast.service, refs_from=20, title="Self-assessment 2026")

    tracking = page(client, cast.qa_lead, now).split('id="tracking-table"')[1]

    assert "Join the police&#x27;s panel (Head of service)" in tracking and "0.0 points" in tracking


def test_the_audit_page_links_the_self_assessment_and_its_task(client, cast, audit):
    client.force_login(cast.qa_lead)

    html = client.get(reverse("audits:detail", kwargs={"pk": audit.pk})).content.decode()

    assert reverse("audits:self_assessment", kwargs={"pk": audit.pk}) in html
    assert "Write the strategic self-assessment of each standard" in html


def test_a_framework_without_a_self_assessment_layout_has_no_such_report(client, cast):
    from casequality.audits.services import audit_create

    audit = audit_create(service=cast.service, framework_id="sqs-2013", title="SQS", actor=cast.qa_lead)
    client.force_login(cast.qa_lead)

    assert client.get(reverse("audits:self_assessment", kwargs={"pk": audit.pk})).status_code == 404


def test_the_board_reaches_the_yjb_layout_from_the_published_report(client, cast, audit):
    report_publish(audit=audit, actor=cast.qa_lead)
    client.force_login(cast.board)

    html = client.get(reverse("reports:detail", kwargs={"pk": audit.pk})).content.decode()

    assert f'href="{reverse("audits:self_assessment", kwargs={"pk": audit.pk})}"' in html


def test_a_report_of_another_framework_offers_no_yjb_layout(client, cast):
    from casequality.audits.services import audit_create

    audit = audit_create(service=cast.service, framework_id="sqs-2013", title="SQS", actor=cast.qa_lead)
    client.force_login(cast.qa_lead)

    response = client.get(reverse("reports:detail", kwargs={"pk": audit.pk}))

    assert response.status_code == 200 and 'id="yjb-layout"' not in response.content.decode()
