"""Headless Chromium (Debian's package) driven by Playwright, against pytest-django's live server."""
from __future__ import annotations

import os

import pytest

# Playwright's sync API runs an event loop in this thread; Django would otherwise refuse
# ORM calls from the test body.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


@pytest.fixture
def page(chromium):
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def sign_in(page, live_server):
    def sign_in_as(username: str, password: str = "pass"):
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("button:has-text('Sign in')")
        page.wait_for_load_state()

    return sign_in_as
