"""GOV.UK's date input in Chromium (decision 0050): the action form sent with an impossible due date,
at 1280 and 390 px: the error summary links to the day, nothing in the page's main part sticks
out, axe finds nothing."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from casequality.reports.models import PlanAction
from tests.conftest import browser_sign_in
from tests.web.browser.test_phone_widths_browser import AXE_OPTIONS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [1280, 390])
def test_an_impossible_due_date_is_shown_with_its_error_and_the_summary_link_moves_to_the_day(
    chromium, live_server, world, width
):
    context = chromium.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    browser_sign_in(page, live_server.url, world.cast.qa_lead.username)
    page.goto(live_server.url + "/board/plan/new/")
    page.fill("#id_title", "Train managers")
    page.fill("#id_owner_role", "Head of Service")
    page.fill("#id_due-day", "30")
    page.fill("#id_due-month", "2")
    page.fill("#id_due-year", "2027")
    page.get_by_role("button", name="Add the action").click()
    page.get_by_role("link", name="The due date must be a real date").click()
    focused = page.evaluate("document.activeElement.id")
    # What the page's main part holds (the header is the navigation's own test's)
    fits = page.evaluate(
        "w => [...document.querySelectorAll('main *')].every(e => e.getBoundingClientRect().right <= w + 1)", width
    )
    violations = Axe().run(page, options=AXE_OPTIONS)
    context.close()
    assert (focused, fits, violations.violations_count) == ("id_due-day", True, 0), violations.generate_report()
    assert not PlanAction.objects.filter(title="Train managers").exists()
