"""A QA lead creates an audit and draws its sample; an inspector answers a case; the
report renders and its PDF opens. Set CASEQUALITY_SCREENSHOTS=1 to save a report page
and a PDF page to docs/screenshots/."""

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


@pytest.fixture
def stored_cases(cast):
    managers = [cast.cm_a.staff, cast.cm_b.staff, cast.cm_c.staff]
    return [
        case_make(
            cast.service,
            f"B{i:03d}",
            case_manager=managers[i % 3],
            name=f"Barnaby{i} Whitlock",
            sex="female" if i % 4 == 0 else "male",
        )
        for i in range(9)
    ]


def test_qa_lead_creates_and_samples_an_inspector_answers_and_the_report_and_pdf_render(
    browse, live_server, stored_cases
):
    # The QA lead creates the audit and draws its sample.
    qa = browse("qa_lead")
    qa.goto(f"{live_server.url}/audits/")
    qa.click("text=Create an audit")
    qa.check("input[name=framework][value='sqs-2013']")
    qa.fill("#id_title", "Short Quality Screening of youth offending work in Manchester")
    qa.fill("#id_sample_size", "3")
    qa.fill("#id_seed", "2013")
    fill_date(qa, "#id_as_of", "2013-06-17")
    fill_date(qa, "#id_fieldwork_start", "2013-06-17")
    fill_date(qa, "#id_fieldwork_end", "2013-06-19")
    qa.click("button:has-text('Create the audit')")
    assert "now draw its sample" in qa.locator(".govuk-notification-banner").inner_text()
    qa.click(".govuk-task-list__link:has-text('Draw the sample')")
    qa.click("button:has-text('Draw the sample')")
    assert "Sample drawn: 3 cases (seed 2013)" in qa.locator(".govuk-notification-banner").inner_text()
    assert qa.locator("#strata").is_visible()
    audit = Audit.objects.get()
    first = audit.cases.filter(reserve=False).order_by("position").first()

    # ... and assigns the first case to the inspector.
    qa.click(".govuk-task-list__link:has-text('Assign cases to inspectors')")
    qa.select_option(f"#id_inspector_{first.pk}", label="Inspector (Inspector)")
    qa.click("button:has-text('Save the assignments')")
    assert "Cases assigned" in qa.locator(".govuk-notification-banner").inner_text()

    # The inspector answers the case's questions, with the record beside the form.
    inspector = browse("inspector")
    inspector.goto(f"{live_server.url}/audits/{audit.pk}/")
    inspector.click(f"#audit-cases a:has-text('{first.case.ref}')")
    assert inspector.locator("#case-record-heading").inner_text() == "The case record"
    assert first.case.child_name in inspector.locator(".cq-case-record").inner_text()
    for question in ["1.1", "1.1b", "1.3", "1.5", "2.2", "2.3", "2.4", "3.2", "3.3", "3.4", "4.2", "4.5", "4.6b"]:
        inspector.check(f"#question-{question.replace('.', '\\.')} input[type=radio][value='n/a']")
    for question in ["1.4", "2.1", "3.1", "4.1", "4.3", "4.4", "4.6a"]:
        inspector.check(f"#question-{question.replace('.', '\\.')} input[type=radio][value='yes']")
    inspector.check("#question-1\\.2 input[type=radio][value='no']")
    inspector.check("#question-1\\.2 input[type=checkbox][value='evidence_insufficient_or_unclear']")
    inspector.click("button:has-text('Save the answers')")
    assert "(21 of 21 questions)" in inspector.locator(".govuk-notification-banner").inner_text()
    assert Answer.objects.filter(audit_case=first, is_moderation=False).count() == 21

    # The report renders, in words, with no child's name.
    qa.goto(f"{live_server.url}/reports/{audit.pk}/")
    paragraph = qa.locator("[id='q-1.2']").inner_text()
    assert "none of the initial assessments of the likelihood of reoffending were sufficient (0 of 1, 0%)" in paragraph
    assert "evidence insufficient or unclear (1)" in paragraph
    assert "Whitlock" not in qa.content()

    # The PDF downloads and opens.
    with qa.expect_download() as download_info:
        qa.click("#download-pdf")
    pdf = Path(download_info.value.path()).read_bytes()
    reader = PdfReader(io.BytesIO(pdf))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "Report of Short Quality Screening of youth offending work in Manchester" in text
    assert "none of the initial assessments of the likelihood of reoffending were sufficient" in text
    assert "Whitlock" not in text


def test_the_47_case_report_reads_like_2013_in_the_browser_and_its_pdf(browse, live_server, cast, chromium, tmp_path):
    from tests.reports.factories import manchester_2013_audit

    audit = manchester_2013_audit(cast.service)
    qa = browse("qa_lead")
    qa.goto(f"{live_server.url}/reports/{audit.pk}/")
    assert "just over half" in qa.locator("[id='q-1.2']").inner_text()
    assert qa.locator("svg.cq-chart").count() == 5
    if os.environ.get("CASEQUALITY_SCREENSHOTS"):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        qa.locator("#theme-1").scroll_into_view_if_needed()
        qa.screenshot(path=str(SCREENSHOTS / "report-page.png"))
    with qa.expect_download() as download_info:
        qa.click("#download-pdf")
    path = tmp_path / "report.pdf"
    download_info.value.save_as(str(path))
    reader = PdfReader(str(path))
    assert len(reader.pages) >= 3
    assert "just over half of the initial assessments" in " ".join(
        " ".join(p.extract_text() for p in reader.pages).split()
    )
    if os.environ.get("CASEQUALITY_SCREENSHOTS"):
        # Chromium's own PDF viewer shows the page as a reader sees it.
        viewer = chromium.new_page(viewport={"width": 900, "height": 1200})
        viewer.goto(path.as_uri())
        viewer.wait_for_timeout(2000)  # the viewer renders after load; only for the picture, never asserted
        viewer.screenshot(path=str(SCREENSHOTS / "report-pdf-page.png"))
        viewer.close()


@pytest.mark.parametrize(
    "path",
    [
        "/audits/{audit}/",
        "/audits/{audit}/cases/{case}/",
        "/audits/{audit}/moderation/",
        "/reports/{audit}/",
        "/reports/{audit}/edit/",
        "/audits/new/",
    ],
)
def test_the_audit_and_report_pages_pass_the_axe_accessibility_check(browse, live_server, cast, path):
    from axe_playwright_python.sync_playwright import Axe

    from tests.reports.factories import manchester_2013_audit

    audit = manchester_2013_audit(cast.service)
    qa = browse("qa_lead")
    qa.goto(live_server.url + path.format(audit=audit.pk, case=audit.cases.first().pk))
    results = Axe().run(qa)
    assert results.violations_count == 0, results.generate_report()
