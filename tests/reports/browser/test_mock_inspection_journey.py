"""A QA lead runs a mock inspection under HMIP's 2025 framework from sample to PDF: the
framework sizes and draws the children's and victims' samples, an inspector answers a
case, the QA lead double-marks it, and the report (ratings table, findings per standard,
recommendations) renders and its PDF opens. Every page is checked with axe; set
CASEQUALITY_SCREENSHOTS=1 to save the pages to docs/screenshots/."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from pypdf import PdfReader

from casequality.audits.models import Answer, Audit
from tests.audits.factories import case_make
from tests.reports.browser.conftest import fill_date

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[3] / "docs" / "screenshots"
# Assessing, planning, implementation and delivery, each for three lenses; reviewing is asked
# within implementation and delivery (2.1.3.6-2.1.3.8, decision 0054).
KEY = [f"2.1.{a}.{lens}" for a in range(1, 4) for lens in range(1, 4)] + ["2.1.3.6", "2.1.3.7", "2.1.3.8"]
NOT_APPLICABLE = ["2.1.1.4", "2.1.3.4", "2.1.3.5", "V1.1", "V1.1.1"]


def _css(question: str) -> str:
    return "#question-" + question.replace(".", "\\.")


def _axe_clean(page) -> None:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def _shot(page, name: str) -> None:
    if os.environ.get("CASEQUALITY_SCREENSHOTS"):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / name), full_page=True)


@pytest.fixture
def caseload(cast):
    managers = [cast.cm_a.staff, cast.cm_b.staff, cast.cm_c.staff]
    for i in range(16):
        kind = ("youth_rehabilitation_order", "detention_and_training_order", "youth_caution", "referral_order")[i % 4]
        case = case_make(
            cast.service,
            f"M{i:03d}",
            case_manager=managers[i % 3],
            name=f"Marnie{i} Quillfeather",
            order_type=kind,
            sex="female" if i % 4 == 0 else "male",
            rosh="medium" if i % 3 == 0 else "low",
        )
        if i % 3 == 0:
            case.victims = [
                {"id": "V1", "kind": "person", "identified": "2013-04-10", "consent": "given", "worker": None}
            ]
            case.save()


def test_a_qa_lead_runs_a_2025_mock_inspection_from_sample_to_pdf(browse, live_server, cast, caseload):
    qa = browse("qa_lead")
    qa.goto(f"{live_server.url}/audits/new/")
    qa.check("input[name=framework][value='hmip-youth-2025']")
    qa.fill("#id_title", "Mock inspection of youth justice work with children and victims")
    qa.fill("#id_seed", "2025")
    fill_date(qa, "#id_as_of", "2013-06-17")
    qa.click("button:has-text('Create the audit')")
    qa.click(".govuk-task-list__link:has-text('Draw the sample')")
    assert "set from the caseload by the framework" in qa.locator(".govuk-summary-list").inner_text()
    qa.click("button:has-text('Draw the sample')")
    # 16 cases on the long list: 16 x 97.18 / 112.18 = 13.9, so the least, 14.
    assert "Sample drawn: 14 cases (seed 2025)" in qa.locator(".govuk-notification-banner").inner_text()
    assert "14 children's cases from a caseload of 16" in qa.locator("#size-rule").inner_text()
    assert "Victims' sample: 6 victims' cases" in qa.locator("#victims-sample summary").inner_text()
    _axe_clean(qa)
    _shot(qa, "mock-inspection-audit.png")

    audit = Audit.objects.get()
    first = audit.cases.filter(reserve=False).exclude(stratum__startswith="victims/").order_by("position").first()
    qa.click(".govuk-task-list__link:has-text('Assign cases to inspectors')")
    qa.select_option(f"#id_inspector_{first.pk}", label="Inspector (Inspector)")
    qa.select_option(f"#id_moderator_{first.pk}", value=str(cast.qa_lead.pk))
    qa.click("button:has-text('Save the assignments')")
    assert "Cases assigned" in qa.locator(".govuk-notification-banner").inner_text()

    def answer(page, *, no: str):
        for q in KEY:
            page.check(f"{_css(q)} input[type=radio][value='{'no' if q == no else 'yes'}']")
        for q in NOT_APPLICABLE:
            page.check(f"{_css(q)} input[type=radio][value='n/a']")
        page.check(f"{_css(no)} input[type=checkbox]:first-of-type")
        page.click("button:has-text('Save the answers')")

    inspector = browse("inspector")
    inspector.goto(f"{live_server.url}/audits/{audit.pk}/cases/{first.pk}/")
    assert "positive change" in inspector.locator(_css("2.1.1.1")).inner_text()
    _axe_clean(inspector)
    _shot(inspector, "mock-inspection-answer.png")
    answer(inspector, no="2.1.1.3")
    assert "(17 of 17 questions)" in inspector.locator(".govuk-notification-banner").inner_text()

    # The QA lead double-marks the case and disagrees on one question.
    qa.goto(f"{live_server.url}/audits/{audit.pk}/cases/{first.pk}/?as=moderator")
    answer(qa, no="2.1.2.3")
    assert Answer.objects.filter(audit_case=first, is_moderation=True).count() == 17
    qa.goto(f"{live_server.url}/audits/{audit.pk}/moderation/")
    assert "Cohen's kappa" in qa.locator("#overall-kappa").inner_text()
    _axe_clean(qa)

    # The report: ratings table with intervals, findings per standard, recommendations.
    qa.goto(f"{live_server.url}/reports/{audit.pk}/")
    summary = qa.locator("#summary").inner_text()
    assert "2.1.1 Assessing" in summary and "V1 Work with victims" in summary
    assert "90% interval" in summary
    assert "waits for: V1" in qa.locator("#overall-rating").inner_text()  # no victims' case answered yet
    assert "Recommendations" in qa.locator("#areas-requiring-improvement h2").inner_text()
    assert "Quillfeather" not in qa.content()
    _axe_clean(qa)
    _shot(qa, "mock-inspection-report.png")

    with qa.expect_download() as download_info:
        qa.click("#download-pdf")
    reader = PdfReader(io.BytesIO(Path(download_info.value.path()).read_bytes()))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "Report of Mock inspection of youth justice work with children and victims" in text
    assert "2.1.1 Assessing" in text and "Recommendations" in text
    assert "Quillfeather" not in text


def test_the_judged_standards_page_rates_a_2018_inspection_and_passes_axe(browse, live_server, cast):
    from casequality.audits.services import audit_create

    audit = audit_create(
        service=cast.service, framework_id="hmip-youth-2018", title="Inspection 2018", actor=cast.qa_lead
    )
    qa = browse("qa_lead")
    qa.goto(f"{live_server.url}/audits/{audit.pk}/judged/")
    _axe_clean(qa)
    _shot(qa, "judged-standards.png")
    qa.check('[id="id_rating-1.1"]')  # the first choice: Outstanding
    qa.click("button:has-text('Save the ratings')")
    assert "Ratings saved" in qa.locator(".govuk-notification-banner").inner_text()
    assert Audit.objects.get(pk=audit.pk).judged_ratings == {"1.1": "outstanding"}
