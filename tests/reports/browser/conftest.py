"""Headless Chromium (Debian's package) driven by Playwright, as the web helper's browser tests do."""
from __future__ import annotations

import os
import shutil

import pytest

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs an event loop in this thread

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="session")
def chromium():
    if not shutil.which(CHROMIUM):
        pytest.fail("Install Debian's chromium package for the browser tests: make browser-deps")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def browse(chromium, live_server):
    """browse(username) -> a page signed in as that member of the cast, in its own context."""
    contexts = []

    def signed_in(username: str):
        context = chromium.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(20_000)
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", "pass")
        page.click("button:has-text('Sign in')")
        page.wait_for_load_state()
        return page

    yield signed_in
    for context in contexts:
        context.close()
