"""Find a child from the header and sort the caseload, in Chromium (decision 0048): the
search reaches the child, the caseload's header links sort it, and both pages pass axe and
fit a 390 px phone."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.conftest import browser_sign_in
from tests.web.browser.test_phone_widths_browser import AXE_OPTIONS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _search_from_the_header(page, text: str) -> None:
    page.fill("#app-header-search-q", text)
    page.click(".app-header-search__button")


def test_a_case_manager_finds_a_child_by_name_from_the_header_and_opens_their_case(page, live_server, world):
    browser_sign_in(page, live_server.url, world.cast.cm_a.username)
    _search_from_the_header(page, "JORDAN example")
    assert "/search/?q=" in page.url
    page.get_by_role("link", name="Jordan Example").click()
    assert page.url.endswith("/cases/N-0001/")


def test_a_reference_typed_in_the_header_goes_straight_to_the_case(page, live_server, world):
    browser_sign_in(page, live_server.url, world.cast.qa_lead.username)
    _search_from_the_header(page, "s-0001")
    assert page.url.endswith("/cases/S-0001/")


def test_the_board_has_no_search_in_its_header(page, live_server, world):
    browser_sign_in(page, live_server.url, world.cast.board.username)
    assert page.locator("#app-header-search-q").count() == 0


def _children(page) -> list[str]:
    return page.locator("table.govuk-table tbody tr td:nth-child(2) bdi").all_inner_texts()


def test_the_caseload_sorts_by_a_column_from_its_header_one_way_then_the_other(page, live_server, world):
    browser_sign_in(page, live_server.url, world.cast.qa_lead.username)
    page.goto(live_server.url + "/cases/")
    page.get_by_role("link", name="Child", exact=True).click()
    assert page.locator("th[aria-sort=ascending]").inner_text().startswith("Child")
    names = _children(page)
    assert names == sorted(names) and len(names) == 3
    page.get_by_role("link", name="Child", exact=True).click()
    assert page.locator("th[aria-sort=descending]").inner_text().startswith("Child")
    assert _children(page) == sorted(names, reverse=True)


@pytest.mark.parametrize("path", ["/search/?q=example", "/search/?q=14%2F3%2F2010", "/cases/?sort=child&show=overdue"])
def test_the_search_results_and_the_sorted_caseload_fit_a_phone_and_pass_axe(chromium, live_server, world, path):
    context = chromium.new_context(viewport={"width": 390, "height": 800})
    page = context.new_page()
    browser_sign_in(page, live_server.url, world.cast.qa_lead.username)
    page.goto(live_server.url + path)
    wide = page.evaluate("document.documentElement.scrollWidth")
    results = Axe().run(page, options=AXE_OPTIONS)
    text = page.locator("main").inner_text()
    context.close()
    assert wide <= 390, f"{path} is {wide} px wide"
    assert results.violations_count == 0, results.generate_report()
    if path.startswith("/search/"):
        assert re.search(r"\d+ child(ren)? found", text)
