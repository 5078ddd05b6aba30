"""Headless Chromium (Debian's package) driven by Playwright, against pytest-django's live server."""

from __future__ import annotations

import os

import pytest

from tests.conftest import browser_sign_in

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
        browser_sign_in(page, live_server.url, username, password)

    return sign_in_as
