"""What a phone downloads: each main page within a byte budget on a first visit, next to
nothing on a repeat visit, and no request that fails (decision 0044).

Bytes are what Chromium received over the network (its DevTools `encodedDataLength`:
compressed bodies and headers), counted for every request a page load makes.
"""

from __future__ import annotations

import pytest

from tests.web.factories import import_cases

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The five main pages, each as the person who uses it.
MAIN_PAGES = [
    ("cm_a", "/cases/"),
    ("cm_a", "/cases/N-0001/"),
    ("tm_north", "/oversight/"),
    ("qa", "/audits/"),
    ("board", "/board/"),
]

# First visit: the page, GOV.UK Frontend's style sheet and script (about 15 + 6 KB
# compressed), ours and the favicon. Repeat visit: the page itself; everything else is
# kept by the browser for a year under its hashed name.
FIRST_VISIT_BUDGET = 50_000
REPEAT_VISIT_BUDGET = 15_000


@pytest.fixture
def cases(cast):
    return import_cases(cast)


def _load(page, url: str, *, empty_cache: bool = False) -> tuple[int, list[str]]:
    """Bytes received and failed requests for one load of `url` in `page`."""
    session = page.context.new_cdp_session(page)
    session.send("Network.enable")
    if empty_cache:
        session.send("Network.clearBrowserCache")
    received: list[int] = []
    session.on("Network.loadingFinished", lambda event: received.append(event["encodedDataLength"]))
    failed: list[str] = []
    page.on("response", lambda response: failed.append(response.url) if response.status >= 400 else None)
    page.goto(url, wait_until="load")
    page.wait_for_timeout(300)  # the last loadingFinished events arrive just after "load"
    session.detach()
    return sum(received), failed


@pytest.mark.parametrize(("username", "path"), MAIN_PAGES, ids=[path for _, path in MAIN_PAGES])
def test_a_main_page_is_light_on_a_first_visit_and_lighter_on_a_repeat_visit(
    page, live_server, sign_in, cases, username, path
):
    sign_in(username)
    first, failed_first = _load(page, live_server.url + path, empty_cache=True)
    repeat, failed_repeat = _load(page, live_server.url + path)
    assert failed_first == [] and failed_repeat == []
    assert first <= FIRST_VISIT_BUDGET, f"{path}: {first:,} bytes on a first visit"
    assert repeat <= REPEAT_VISIT_BUDGET, f"{path}: {repeat:,} bytes on a repeat visit"
    assert repeat < first


def test_a_repeat_visit_fetches_no_style_sheet_or_script(page, live_server, sign_in, cases):
    sign_in("cm_a")
    page.goto(live_server.url + "/cases/")
    session = page.context.new_cdp_session(page)
    session.send("Network.enable")
    responses: dict[str, dict] = {}
    from_cache: set[str] = set()
    session.on("Network.responseReceived", lambda event: responses.update({event["requestId"]: event["response"]}))
    session.on("Network.requestServedFromCache", lambda event: from_cache.add(event["requestId"]))
    page.goto(live_server.url + "/cases/N-0001/", wait_until="load")
    page.wait_for_timeout(300)
    fetched = [
        response["url"]
        for request, response in responses.items()
        if request not in from_cache and not response.get("fromDiskCache")
    ]
    assert any("/cases/N-0001/" in url for url in fetched)
    assert [url for url in fetched if url.split("?")[0].endswith((".css", ".js"))] == []
