"""The case page with format 2's records (out-of-court outcomes, PDAT, victims, AssetPlus) in
headless Chromium: every new section open, axe finds nothing, and a finding's link opens its record."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.web.factories import ensure_finding
from tests.web.test_case_page_format2 import SUBJECTS, _format_2_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def diverted(cast):
    case = _format_2_case(cast)
    for rule, subject_type, subject in SUBJECTS:
        ensure_finding(
            case, rule=rule, subject=subject, subject_type=subject_type, owner="CM", kind="finding", severity="should"
        )
    return case


def test_the_case_page_with_its_new_sections_open_passes_axe(page, live_server, sign_in, diverted):
    sign_in("cm_a")
    page.goto(f"{live_server.url}/cases/{diverted.ref}/")
    for section in ("#out-of-court", "#victims", "#assetplus"):
        page.locator(f"{section} summary").click()
    assert page.locator("#victim-V1").is_visible()
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def test_a_victim_findings_link_opens_the_victims_record(page, live_server, sign_in, diverted):
    sign_in("cm_a")
    page.goto(f"{live_server.url}/cases/{diverted.ref}/")
    row = page.locator("tr", has_text="VIC-001")
    row.locator("summary").click()
    row.get_by_role("link", name="Victim V1").click()
    assert page.locator("#victim-V1").is_visible()
