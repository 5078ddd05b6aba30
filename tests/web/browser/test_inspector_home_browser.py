"""An inspector's home in Chromium (issue 24, item 4; decision 0049): signing in lands on
their marking, and one click opens the first case left to mark."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_inspector_signs_in_to_their_marking_and_opens_the_first_case_left_in_one_click(page, sign_in, world):
    sign_in("inspector")
    assert page.url.endswith("/audits/marking/")
    assert page.locator("h1").inner_text() == "Your marking"
    page.click("a.govuk-button:has-text('Mark case S-0001')")
    assert page.locator("h1").inner_text() == "Case S-0001"
