"""Real pages in headless Chromium: countersigning from the queue, scope, accessibility.

Set CASEQUALITY_SCREENSHOTS=1 to save the main pages to docs/screenshots/ as well.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from casequality.standards.models import Finding
from tests.conftest import browser_sign_in
from tests.web.factories import import_cases

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[3] / "docs" / "screenshots"


@pytest.fixture
def cases(cast):
    """The three cases, imported with the rulebook run on them (transactions commit here)."""
    return import_cases(cast)


def test_a_team_manager_countersigns_an_assessment_from_the_queue_and_the_finding_closes(
    page, live_server, sign_in, cases
):
    assert Finding.objects.filter(case__ref="N-0001", rule="OVS-001", resolved_on__isnull=True).exists()
    sign_in("tm_north")
    page.click(".govuk-service-navigation__link:has-text('Oversight')")
    assert page.locator("h1").inner_text() == "Oversight"
    row = page.locator("tr", has_text="N-0001").filter(has_text="OVS-001")
    assert row.count() == 1
    row.get_by_role("link", name="Open assessment A1").click()
    assert "N-0001" in page.locator(".govuk-caption-l").inner_text()
    page.check("input[name=outcome][value=approved]")
    page.click("button:has-text('Save')")
    # A1 has Musts open: the page asks before it records the approval (decision 0049).
    page.check("#id_confirm_open")
    page.click("button:has-text('Save')")
    assert "has been countersigned" in page.locator(".govuk-notification-banner").inner_text()
    assert page.locator("tr", has_text="N-0001").filter(has_text="OVS-001").count() == 0
    finding = Finding.objects.get(case__ref="N-0001", rule="OVS-001")
    assert finding.resolved_on is not None
    page.goto(f"{live_server.url}/cases/N-0001/")
    resolved = page.locator("h3:has-text('Resolved findings') + .cq-table-scroll table").text_content()
    assert "OVS-001" in resolved


def test_a_case_manager_cannot_open_another_teams_case(page, live_server, sign_in, cases):
    sign_in("cm_a")
    response = page.goto(f"{live_server.url}/cases/S-0001/")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "Page not found"
    assert "Casey Southward" not in page.content()


def test_the_pages_work_without_javascript(chromium, live_server, cases):
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    browser_sign_in(page, live_server.url, "tm_north")  # password, then the authenticator's code
    page.goto(f"{live_server.url}/oversight/N-0001/assessment/A1/")
    page.click("button:has-text('Save')")  # nothing chosen: the server answers with the error summary
    assert "There is a problem" in page.locator(".govuk-error-summary").inner_text()
    page.check("input[name=outcome][value=returned]")
    page.fill("textarea[name=comment]", "Name the victims.")
    page.click("button:has-text('Save')")
    assert "returned to the case manager" in page.locator(".govuk-notification-banner").inner_text()
    context.close()


MAIN_PAGES = [
    ("login", None, "/accounts/login/"),
    ("caseload", "tm_north", "/cases/"),
    ("case", "tm_north", "/cases/N-0001/"),
    ("oversight", "tm_north", "/oversight/"),
    ("oversight-item", "tm_north", "/oversight/N-0001/assessment/A1/"),
    ("rules", "qa_lead", "/rules/"),
    ("self-audit", "cm_a", "/self-audit/cases/N-0001/"),
    ("supervision", "tm_north", "/supervision/"),
    ("access-log", "qa_lead", "/access-log/"),
    ("board", "board", "/board/"),
    ("measures", "tm_north", "/measures/"),
]


@pytest.mark.parametrize("name,person,path", MAIN_PAGES, ids=[p[0] for p in MAIN_PAGES])
def test_the_main_pages_pass_the_axe_accessibility_check(page, live_server, sign_in, cases, name, person, path):
    if person:
        sign_in(person)
    page.goto(f"{live_server.url}{path}")
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    if os.environ.get("CASEQUALITY_SCREENSHOTS"):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def test_the_page_loads_every_asset_and_starts_govuk_frontend(page, live_server, sign_in, cases):
    failures, errors = [], []
    page.on("response", lambda r: failures.append(r.url) if r.status >= 400 else None)
    # Chromium may cancel its own request for the tab's icon (net::ERR_ABORTED) when a page
    # is replaced by the next: not an asset the page failed to load (a 404 still counts).
    page.on(
        "requestfailed",
        lambda r: None if "favicon" in r.url else failures.append(r.url),
    )
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    sign_in("tm_north")
    page.goto(f"{live_server.url}/oversight/N-0001/assessment/A1/")
    page.wait_for_load_state("networkidle")
    assert failures == [] and errors == []
    assert "govuk-frontend-supported" in page.locator("body").get_attribute("class")
    # GOV.UK Frontend's radios module ran (it marks each conditional-reveal-capable input).
    assert page.locator("[data-module=govuk-radios]").first.get_attribute("data-govuk-radios-init") is not None
