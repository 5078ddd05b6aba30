"""Every page type on a phone, a small phone and a tablet (issue 23, item 6).

Each page of the site (tests/web/test_every_url.py's table) is opened once, in Chromium,
by the first person of the cast who may open it: at 390 px wide axe runs with the WCAG 2.2
rules (target size included) and must find nothing; then the same page, resized to 320 and
768 px, must not be wider than the window (wide tables scroll inside their own region).
The navigation must fit on one line at 1280 px for every role.

Set CASEQUALITY_SCREENSHOTS=1 to keep a screenshot of each page at each width in /tmp/phone/.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse

from tests.conftest import browser_sign_in
from tests.web.test_every_url import ADMIN_EXPECTED, EXPECTED, PEOPLE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (320, 390, 768)
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]},
    "rules": {"target-size": {"enabled": True}},
    "resultTypes": ["violations"],
}
# Not pages a person reads: files, and single sign-on's hand-offs.
NOT_PAGES = {
    "web:plan_pdf",
    "web:caseload_csv",
    "web:oversight_csv",
    "reports:pdf",
    "oidc_authentication_init",
    "oidc_authentication_callback",
    "oidc_logout",
}
# Django's own admin pages beyond its index are Django's markup and styles, not ours: an
# administrator's landing page (the access log) and the admin's index are checked here.
DJANGO_ADMIN_CHECKED = {"admin:index"}
ROLES = ["cm_a", "tm_north", "qa_lead", "inspector", "board", "admin"]


def _pages_of(person: str) -> list[str]:
    """The page types `person` is the first of the cast to be allowed to open."""
    pages = []
    for name, (_, statuses) in {**EXPECTED, **ADMIN_EXPECTED}.items():
        if name in NOT_PAGES or (name.startswith("admin:") and name not in DJANGO_ADMIN_CHECKED):
            continue
        allowed = [p for p, status in zip(PEOPLE, statuses.split()) if status == "200"]
        first = next((p for p in ROLES if p in allowed), None)
        if first == person:
            pages.append(name)
    return pages


# What sticks out past the window's right edge (the innermost elements), to name in a failure.
STICKING_OUT = """width => [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > width + 1 && e.getBoundingClientRect().width > 0)
    .filter(e => ![...e.children].some(c => c.getBoundingClientRect().right > width + 1))
    .slice(0, 3)
    .map(e => `${e.tagName.toLowerCase()}.${e.className} ${Math.round(e.getBoundingClientRect().right)}px`)"""


def _widths_of(page, url: str, name: str) -> dict[int, str]:
    page.set_viewport_size({"width": 390, "height": 800})
    response = page.goto(url)
    assert response.status == 200, f"{name}: {response.status}"
    widths = {}
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        wide = page.evaluate("document.documentElement.scrollWidth")
        if wide > width:
            widths[width] = f"{wide} px ({', '.join(page.evaluate(STICKING_OUT, width))})"
        if os.environ.get("CASEQUALITY_SCREENSHOTS"):
            Path("/tmp/phone").mkdir(exist_ok=True)
            page.screenshot(path=f"/tmp/phone/{name.replace(':', '-')}-{width}.png", full_page=True)
    return widths


@pytest.mark.parametrize("person", ROLES)
def test_no_page_a_person_opens_is_wider_than_a_phone_or_tablet_or_fails_axe(chromium, live_server, world, person):
    context = chromium.new_context(viewport={"width": 390, "height": 800})
    page = context.new_page()
    browser_sign_in(page, live_server.url, getattr(world.cast, person).username)
    too_wide, violations = [], []
    for name in _pages_of(person):
        kwargs, _ = {**EXPECTED, **ADMIN_EXPECTED}[name]
        url = live_server.url + reverse(name, kwargs=kwargs(world))
        widths = _widths_of(page, url, name)
        too_wide += [f"{name} is {got} wide at {width}" for width, got in widths.items()]
        page.set_viewport_size({"width": 390, "height": 800})
        results = Axe().run(page, options=AXE_OPTIONS)
        if results.violations_count:
            violations.append(f"{name}:\n{results.generate_report()}")
    context.close()
    assert too_wide + violations == [], "\n".join(too_wide + violations)


@pytest.mark.parametrize("person", ROLES)
def test_the_navigation_fits_on_one_line_at_1280_px(chromium, live_server, world, person):
    context = chromium.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    browser_sign_in(page, live_server.url, getattr(world.cast, person).username)
    page.goto(live_server.url + "/")
    tops = page.eval_on_selector_all(
        ".govuk-service-navigation__item", "items => items.map(item => Math.round(item.getBoundingClientRect().top))"
    )
    context.close()
    assert tops, "no navigation"
    assert len(set(tops)) == 1, f"the navigation wraps: item tops {tops}"
