"""Countersigning in one screen, in Chromium (issue 23, item 4; decision 0049): a team
manager opening an item sees what to check and the decision without scrolling at 1280x800,
and approving with a Must open asks first, with or without JavaScript.

Set CASEQUALITY_SCREENSHOTS=1 to keep the pages in /tmp/countersign-*.png.
"""

from __future__ import annotations

import os

import pytest
from axe_playwright_python.sync_playwright import Axe

from casequality.cases.models import Act
from tests.conftest import browser_sign_in
from tests.web.browser.test_phone_widths_browser import AXE_OPTIONS, STICKING_OUT
from tests.web.factories import import_cases

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ITEM = "/oversight/N-0001/assessment/A1/"


@pytest.fixture
def cases(cast):
    """The three cases, imported with the rulebook run on them: N-0001's A1 has Musts open."""
    return import_cases(cast)


def _open(chromium, live_server, width: int, height: int = 800, javascript: bool = True):
    context = chromium.new_context(viewport={"width": width, "height": height}, java_script_enabled=javascript)
    page = context.new_page()
    page.set_default_timeout(15_000)
    browser_sign_in(page, live_server.url, "tm_north")
    page.goto(f"{live_server.url}{ITEM}")
    return context, page


def _shot(page, name: str) -> None:
    if os.environ.get("CASEQUALITY_SCREENSHOTS"):
        page.screenshot(path=f"/tmp/countersign-{name}.png", full_page=True)


def test_a_team_manager_sees_what_to_check_and_the_decision_without_scrolling_at_1280_by_800(
    chromium, live_server, cases
):
    context, page = _open(chromium, live_server, 1280)
    _shot(page, "1280")
    form = page.locator("#decision form").bounding_box()
    checklist = page.locator("#what-to-check").bounding_box()
    button = page.locator("#decision button:has-text('Save')").bounding_box()
    context.close()
    assert form is not None and checklist is not None and button is not None
    assert form["y"] >= 0 and form["y"] + form["height"] <= 800, form
    assert checklist["y"] + checklist["height"] <= 800, checklist
    assert button["y"] + button["height"] <= 800


def test_approving_with_a_must_open_asks_first_and_records_only_when_confirmed(chromium, live_server, cases):
    context, page = _open(chromium, live_server, 1280)
    page.check("input[name=outcome][value=approved]")
    page.click("#decision button:has-text('Save')")
    summary = page.locator(".govuk-error-summary").inner_text()
    musts = page.locator("[data-list=open-musts]").inner_text()
    _shot(page, "asking-1280")
    recorded_before = Act.objects.filter(case__ref="N-0001", subject_ref="A1").count()
    page.check("#id_confirm_open")
    page.click("#decision button:has-text('Save')")
    banner = page.locator(".govuk-notification-banner").inner_text()
    context.close()
    assert "Must finding" in summary and "Confirm that you countersign it" in summary
    assert musts.strip()
    assert recorded_before == 0
    assert "has been countersigned" in banner
    assert Act.objects.filter(case__ref="N-0001", subject_ref="A1", outcome="approved").count() == 1


def test_the_confirmation_works_without_javascript(chromium, live_server, cases):
    context, page = _open(chromium, live_server, 1280, javascript=False)
    page.check("input[name=outcome][value=approved]")
    page.click("#decision button:has-text('Save')")
    assert page.locator("#id_confirm_open").count() == 1
    page.check("#id_confirm_open")
    page.click("#decision button:has-text('Save')")
    banner = page.locator(".govuk-notification-banner").inner_text()
    context.close()
    assert "has been countersigned" in banner


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("asking", [False, True], ids=["item", "asking"])
def test_the_item_page_fits_and_passes_axe(chromium, live_server, cases, width, asking):
    context, page = _open(chromium, live_server, width)
    if asking:
        page.check("input[name=outcome][value=approved]")
        page.click("#decision button:has-text('Save')")
    _shot(page, f"{'asking' if asking else 'item'}-{width}")
    overflow = page.evaluate("document.documentElement.scrollWidth")
    sticking_out = page.evaluate(STICKING_OUT, width)
    results = Axe().run(page, options=AXE_OPTIONS)
    context.close()
    assert overflow <= width, f"the item page is {overflow} px wide at {width}: {sticking_out}"
    assert results.violations_count == 0, results.generate_report()
