"""Today in Chromium (issue 23): a case manager reaches their most overdue action in one click
from signing in; a returned item names the manager and the reason; the page of each role with
a Today list has no sideways scrolling at 1280 and 390 px and passes axe."""

from __future__ import annotations

import os
from datetime import timedelta

import pytest
from django.utils import timezone

from casequality.oversight.services import item_countersign
from casequality.standards.models import Finding
from tests.conftest import browser_sign_in
from tests.web.factories import ensure_finding, import_cases

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = [1280, 390]
# axe with WCAG 2.2's target size on (issue 23: "axe 0 violations with WCAG 2.2 rules on").
AXE_OPTIONS = {"resultTypes": ["violations"], "rules": {"target-size": {"enabled": True}}}


@pytest.fixture
def busy(cast):
    cases = import_cases(cast, refs=("N-0001", "N-0002", "S-0001"))
    today = timezone.localdate()
    for case in cases.values():
        ensure_finding(case)  # OVS-001 on A1, as the rulebook raises it
    worst = ensure_finding(cases["N-0001"], rule="LOR-001", owner="CM", kind="finding", due=today - timedelta(days=6))
    ensure_finding(cases["N-0001"], rule="PLAN-001", owner="CM", kind="finding", due=today - timedelta(days=2))
    ensure_finding(cases["N-0001"], rule="CMP-004", owner="CM", kind="task", due=today + timedelta(days=3))
    ensure_finding(cases["N-0002"], rule="LOR-001", owner="CM", kind="finding", due=today - timedelta(days=5))
    ensure_finding(cases["S-0001"], rule="OVS-005", owner="TM", kind="finding", due=today - timedelta(days=2))
    item_countersign(
        actor=cast.tm_north,
        item=cases["N-0001"].assessments.get(ref="A1"),
        outcome="returned",
        comment="Say who is at risk from Jordan's friends",
    )
    return worst


def test_a_case_manager_reaches_their_most_overdue_action_in_one_click_from_sign_in(page, live_server, cast, busy):
    browser_sign_in(page, live_server.url, "cm_a")
    assert page.url.endswith("/today/")
    page.locator(".app-today__item a").first.click()
    page.wait_for_load_state()
    assert "/cases/" in page.url and "#finding-" in page.url
    clicked = Finding.objects.get(pk=int(page.url.rsplit("#finding-", 1)[1]))
    theirs = Finding.objects.filter(
        case__case_manager=cast.cm_a.staff, owner__in=("CM", "CM,TM"), resolved_on__isnull=True, actionable=True
    )
    assert clicked.due == min(f.due for f in theirs if f.due) < timezone.localdate()
    assert page.locator(f"#finding-{clicked.pk}").is_visible()


def test_the_case_managers_today_list_shows_who_returned_an_item_and_why(page, live_server, busy):
    browser_sign_in(page, live_server.url, "cm_a")
    returned = page.locator(".app-today__item", has_text="Returned by")
    assert returned.count() == 1
    assert "Returned by Alex Brown on 2 December 2026: Say who is at risk from Jordan's friends" in (
        returned.inner_text()
    )


def test_every_count_on_the_today_page_equals_its_list(page, live_server, busy):
    for username in ("cm_a", "tm_north", "qa_lead"):
        page.context.clear_cookies()
        browser_sign_in(page, live_server.url, username)
        for counter in page.locator("[data-count]").all():
            section = counter.get_attribute("data-count")
            rows = page.locator(f'[data-list="{section}"] .app-today__item').count()
            assert int(counter.inner_text()) == rows, (username, section)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("username", ["cm_a", "tm_north", "qa_lead"])
def test_the_today_page_fits_and_passes_axe(chromium, live_server, busy, username, width):
    from axe_playwright_python.sync_playwright import Axe

    context = chromium.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    browser_sign_in(page, live_server.url, username)
    assert page.url.endswith("/today/")
    if os.environ.get("CASEQUALITY_SCREENSHOTS"):
        page.screenshot(path=f"/tmp/today-{username}-{width}.png", full_page=True)
    overflow = page.evaluate("document.documentElement.scrollWidth")
    results = Axe().run(page, options=AXE_OPTIONS)
    context.close()
    assert overflow <= width, f"Today is {overflow} px wide at {width} for {username}"
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize("width", WIDTHS)
def test_the_case_page_with_a_returned_item_fits_and_passes_axe(chromium, live_server, busy, width):
    from axe_playwright_python.sync_playwright import Axe

    context = chromium.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    browser_sign_in(page, live_server.url, "cm_a")
    page.goto(f"{live_server.url}/cases/N-0001/#returned-assessment-A1")
    if os.environ.get("CASEQUALITY_SCREENSHOTS"):
        page.screenshot(path=f"/tmp/today-case-returned-{width}.png", full_page=True)
    text = page.locator("#returned-assessment-A1").inner_text()
    # This part of the page (the actions table above it is wider at 390 px: issue 23, item 6).
    right = page.evaluate("document.querySelector('#countersigned').getBoundingClientRect().right")
    results = Axe().run(page, context="#countersigned", options=AXE_OPTIONS)
    context.close()
    assert "Returned by Alex Brown on 2 December 2026" in text
    assert right <= width, f"who countersigned what reaches {right} px at {width}"
    assert results.violations_count == 0, results.generate_report()


@pytest.fixture
def long_list(cast):
    """South's team manager's 30 overdue actions: the QA lead's list, two pages."""
    cases = import_cases(cast, refs=("S-0001",))
    today = timezone.localdate()
    for i in range(30):
        due = today - timedelta(days=1 + i)
        ensure_finding(cases["S-0001"], rule="OVS-005", subject=f"Y{i}", subject_type="order", owner="TM", due=due)


def test_a_long_lists_pages_work_without_javascript_and_hold_its_count(chromium, live_server, long_list):
    context = chromium.new_context(viewport={"width": 1280, "height": 800}, java_script_enabled=False)
    page = context.new_page()
    browser_sign_in(page, live_server.url, "qa_lead")
    count = int(page.locator('[data-count="managers-overdue"]').inner_text())
    rows = page.locator('[data-list="managers-overdue"] .app-today__item').count()
    page.locator(".govuk-pagination__next a").click()
    page.wait_for_load_state()
    second = page.locator('[data-list="managers-overdue"] .app-today__item').count()
    url = page.url
    context.close()
    assert (count, rows, second) == (30, 25, 5)
    assert "page-managers-overdue=2" in url and url.endswith("#managers-overdue")


@pytest.mark.parametrize("width", WIDTHS)
def test_a_paged_list_fits_and_passes_axe(chromium, live_server, long_list, width):
    from axe_playwright_python.sync_playwright import Axe

    context = chromium.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    browser_sign_in(page, live_server.url, "qa_lead")
    page.goto(f"{live_server.url}/today/?page-managers-overdue=2")
    if os.environ.get("CASEQUALITY_SCREENSHOTS"):
        page.screenshot(path=f"/tmp/today-qa_lead-page2-{width}.png", full_page=True)
    overflow = page.evaluate("document.documentElement.scrollWidth")
    results = Axe().run(page, options=AXE_OPTIONS)
    context.close()
    assert overflow <= width, f"Today's second page is {overflow} px wide at {width}"
    assert results.violations_count == 0, results.generate_report()
