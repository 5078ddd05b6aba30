"""Your email settings in Chromium: at a desktop's and a phone's width, no sideways scrolling
and axe clean; an email turned off with JavaScript off, from the link at the foot of a page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from casequality.notifications.models import EmailPreference
from tests.conftest import browser_sign_in
from tests.reports.browser.test_inspection_pages_browser import WIDTHS, _look

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", WIDTHS)
def test_the_email_settings_page_fits_and_passes_axe(cast, chromium, live_server, width):
    heading = _look(chromium, live_server, "cm_a", reverse("web:email_settings"), width, "email-settings")
    assert heading == "Your email settings"


def test_a_person_turns_the_digest_off_without_javascript_from_the_foot_of_a_page(cast, chromium, live_server):
    context = chromium.new_context(viewport={"width": 390, "height": 800}, java_script_enabled=False)
    page = context.new_page()
    browser_sign_in(page, live_server.url, "cm_a")
    page.goto(live_server.url + reverse("web:caseload"))
    page.get_by_role("link", name="Your email settings").click()
    page.get_by_label("A daily email of my actions").uncheck()
    page.get_by_role("button", name="Save email settings").click()
    banner = page.locator(".govuk-notification-banner").inner_text()
    context.close()
    assert "Your email settings have been saved" in banner
    preference = EmailPreference.objects.get(user=cast.cm_a)
    assert (preference.daily_digest, preference.at_once) == (False, True)
