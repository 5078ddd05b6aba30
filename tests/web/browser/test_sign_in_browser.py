"""Signing in for the first time in headless Chromium: password, set up the app, in; and
the sign-in pages pass the axe accessibility check.

Set CASEQUALITY_SCREENSHOTS=1 to save the pages to docs/screenshots/ as well.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django_otp.oath import TOTP

from casequality.accounts.models import DemoMark

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[3] / "docs" / "screenshots"


def check(page, name: str | None = None) -> None:
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    if name and os.environ.get("CASEQUALITY_SCREENSHOTS"):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def code_for_key(manual_key: str) -> str:
    from base64 import b32decode

    key = manual_key.replace(" ", "")
    key += "=" * (-len(key) % 8)
    return f"{TOTP(b32decode(key)).token():06d}"


def test_a_first_sign_in_sets_up_the_authenticator_app_from_the_key_on_the_page(page, live_server, cast):
    page.goto(f"{live_server.url}/accounts/login/")
    check(page)  # saved as login.png by test_browser.py
    page.fill("#id_username", "cm_a")
    page.fill("#id_password", "pass")
    page.click("button:has-text('Sign in')")
    assert page.locator("h1").inner_text() == "Set up your authenticator app"
    assert page.locator(".app-qr-code svg").is_visible()
    check(page, "two-factor-set-up")
    page.click("text=I cannot scan the QR code")
    page.fill("#id_token", code_for_key(page.locator(".app-manual-key").inner_text()))
    page.click("button:has-text('Continue')")
    assert "Your authenticator app is set up" in page.locator(".govuk-notification-banner").inner_text()
    assert page.url.endswith("/today/")


def test_the_code_page_and_the_password_page_pass_axe(page, live_server, cast):
    from tests.conftest import totp_code_for, totp_device_for

    totp_device_for(cast.qa_lead)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "qa_lead")
    page.fill("#id_password", "pass")
    page.click("button:has-text('Sign in')")
    page.click("button:has-text('Continue')")  # no code: the error summary
    assert "Enter the 6-digit code" in page.locator(".govuk-error-summary").inner_text()
    check(page, "two-factor")
    page.fill("#id_token", totp_code_for(cast.qa_lead))
    page.click("button:has-text('Continue')")
    assert page.url.endswith("/today/")
    page.goto(f"{live_server.url}/accounts/password/")
    check(page, "password-change")


def test_the_locked_out_page_and_the_demo_banner_pass_axe(page, live_server, cast):
    DemoMark.objects.create()
    page.goto(f"{live_server.url}/accounts/login/")
    for _ in range(10):
        page.fill("#id_username", "cm_b")
        page.fill("#id_password", "wrong password")
        page.click("button:has-text('Sign in')")
    assert "too many failed attempts" in page.locator(".govuk-error-summary").inner_text()
    assert page.locator(".govuk-phase-banner").is_visible()
    check(page, "sign-in-locked-demo")
