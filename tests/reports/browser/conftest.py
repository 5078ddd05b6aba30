"""Headless Chromium (Debian's package) driven by Playwright, as the web helper's browser tests do."""

from __future__ import annotations

import os

import pytest

from tests.conftest import browser_sign_in

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs an event loop in this thread


@pytest.fixture
def browse(chromium, live_server):
    """browse(username) -> a page signed in as that member of the cast, in its own context."""
    contexts = []

    def signed_in(username: str):
        context = chromium.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(20_000)
        browser_sign_in(page, live_server.url, username)
        return page

    yield signed_in
    for context in contexts:
        context.close()


def fill_date(page, field_id: str, iso: str) -> None:
    """Type a date into GOV.UK's date input (day, month, year) as a person would."""
    year, month, day = iso.split("-")
    page.fill(f"{field_id}-day", str(int(day)))
    page.fill(f"{field_id}-month", str(int(month)))
    page.fill(f"{field_id}-year", year)
