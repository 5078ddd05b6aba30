"""End to end on the deployed stack (tests/production/conftest.py): two gunicorn instances
sharing Redis as page cache, PostgreSQL, RabbitMQ with a worker, and Chromium.

Every page a person of each role reaches is loaded through one instance and then the
other (a kept page is then served by the process that did not render it), and must keep
to its Content-Security-Policy (no violation in Chromium, GOV.UK Frontend's inline start
run) and carry no mark of a per-request value. Forms are submitted from pages another
process kept; a countersignature is re-evaluated by the worker through the broker; the
broker is cut by the test's proxy."""

from __future__ import annotations

import json
import re
from urllib.parse import urljoin, urlsplit

import pytest
import time_machine

from tests.production.conftest import API_RATE, get

pytestmark = [pytest.mark.production]

MARKS = ("cqcsrf", "cqnonce")
# Where each role starts; every page linked from these (one per URL pattern) is walked too.
STARTS = {
    "case-manager": ["/", "/cases/", "/self-audit/", "/rules/"],
    "team-manager": [
        "/",
        "/cases/",
        "/oversight/",
        "/supervision/",
        "/self-audit/",
        "/measures/",
        "/kpis/",
        "/board/plan/",
    ],
    "qa-lead": ["/", "/cases/", "/oversight/", "/audits/", "/reports/", "/board/", "/access-log/", "/kpis/"],
    "inspector": ["/", "/audits/"],
    "board": ["/", "/board/", "/reports/", "/kpis/"],
    "admin": ["/", "/rules/", "/access-log/", "/admin/"],
}
# Links not walked: signing out, downloads (not HTML), and the admin's own pages past its index.
NOT_WALKED = re.compile(r"^/(accounts/logout/|static/|oidc/|admin/.+|.*\.(pdf|csv|zip)$|.*/pdf/$|.*/download)")

WATCH_CSP = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation',
  e => window.__cspViolations.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' ' + e.sourceFile));
"""


def totp_code(key_hex: str) -> str:
    """The code the person's authenticator app shows now (the machine's clock, not the tests' pinned one)."""
    from django_otp.oath import TOTP

    totp = TOTP(bytes.fromhex(key_hex), step=30, t0=0, digits=6, drift=0)
    totp.time = time_machine.escape_hatch.time.time()
    return f"{totp.token():06d}"


class Person:
    """One person's browser (its own cookies), signed in through the real pages of one instance."""

    def __init__(self, chromium, stack, username: str):
        self.stack, self.username = stack, username
        self.context = chromium.new_context(viewport={"width": 1280, "height": 900})
        self.context.add_init_script(WATCH_CSP)
        self.page = self.context.new_page()
        self.page.set_default_timeout(20_000)
        self.console: list[str] = []
        self.page.on("console", lambda m: self.console.append(m.text))
        self.page.on("pageerror", lambda e: self.console.append(f"page error: {e}"))

    def sign_in(self, base: str) -> None:
        page = self.page
        page.goto(f"{base}/accounts/login/")
        page.fill("#id_username", self.username)
        page.fill("#id_password", self.stack.password)
        page.click("button:has-text('Sign in')")
        page.wait_for_load_state()
        assert "/accounts/two-factor/" in page.url, f"{self.username}: {page.url}\n{page.content()[:2000]}"
        page.fill("#id_token", totp_code(self.stack.users[self.username]["key"]))
        page.click("button:has-text('Continue')")
        page.wait_for_load_state()
        assert "/accounts/" not in urlsplit(page.url).path, f"{self.username} not signed in: {page.url}"

    def visit(self, url: str) -> Visit:
        self.console.clear()
        response = self.page.goto(url)
        self.page.wait_for_load_state("load")
        body = response.body().decode("utf-8", "replace")
        violations = self.page.evaluate("window.__cspViolations || []")
        violations += [m for m in self.console if "Content Security Policy" in m or "Content-Security-Policy" in m]
        started = self.page.evaluate(
            "document.body !== null && document.body.classList.contains('govuk-frontend-supported')"
        )
        return Visit(
            url=url,
            status=response.status,
            body=body,
            violations=violations,
            started=started,
            links=self.page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))"),
        )


class Visit:
    def __init__(self, *, url, status, body, violations, started, links):
        self.url, self.status, self.body, self.violations, self.started, self.links = (
            url,
            status,
            body,
            violations,
            started,
            links,
        )

    def faults(self) -> list[str]:
        found = [f"{self.url}: CSP violation {v}" for v in self.violations]
        found += [f"{self.url}: the mark {m}... left in the page" for m in MARKS if m in self.body]
        if self.status == 200 and "govuk-template" in self.body[:2000] and not self.started:
            found.append(f"{self.url}: GOV.UK Frontend's inline start did not run (its nonce refused?)")
        return found


@pytest.fixture(scope="module")
def people(stack, chromium):
    made: dict[str, Person] = {}

    def person(username: str) -> Person:
        if username not in made:
            made[username] = Person(chromium, stack, username)
            made[username].sign_in(stack.web[0])
        return made[username]

    yield person
    for one in made.values():
        one.context.close()


def _route(path: str) -> str:
    """The URL pattern a path belongs to (one page of each is walked)."""
    from django.urls import Resolver404, resolve

    try:
        return resolve(path).route
    except Resolver404:
        return path


@pytest.mark.parametrize("username", sorted(STARTS))
def test_every_page_a_role_reaches_keeps_its_csp_and_carries_no_mark_through_either_process(stack, people, username):
    person = people(username)
    a, b = stack.web
    seen_routes, to_visit, faults, visited = set(), list(STARTS[username]), [], []
    while to_visit:
        path = to_visit.pop(0)
        route = _route(urlsplit(path).path)
        if route in seen_routes:
            continue
        seen_routes.add(route)
        # Rendered (and kept, if it is a kept page) by one process, then served by the other.
        for base in (a, b):
            visit = person.visit(base + path)
            assert visit.status < 500, f"{visit.url} answered {visit.status}\n{stack.logs()}"
            faults += visit.faults()
        visited.append(path)
        for href in visit.links:
            target = urlsplit(urljoin(base + path, href))
            if target.netloc == urlsplit(base).netloc and not NOT_WALKED.match(target.path):
                to_visit.append(target.path + (f"?{target.query}" if target.query else ""))
    print(f"\n{username}: {len(visited)} pages through both processes: {' '.join(visited)}")
    assert len(visited) >= len(STARTS[username]) - 1
    assert faults == [], "\n".join(faults)


def test_a_kept_page_served_by_the_other_process_names_this_responses_nonce(stack, people):
    person = people("team-manager")
    a, b = stack.web
    person.visit(a + "/cases/")
    response = person.page.goto(b + "/cases/")
    body, headers = response.body().decode(), response.headers
    nonce = body.split('<script nonce="', 1)[1].split('"', 1)[0]
    assert f"'nonce-{nonce}'" in headers["content-security-policy"]
    assert not any(mark in body for mark in MARKS)


def test_a_note_on_a_finding_is_saved_from_a_case_page_the_other_process_kept(stack, people):
    person = people("case-manager")
    a, b = stack.web
    caseload = person.visit(a + "/cases/")
    case = next(h for h in caseload.links if re.fullmatch(r"/cases/[^/?]+/", h))
    person.visit(a + case)  # rendered and kept by A
    kept = person.visit(b + case)  # served by B from the shared cache
    answer = next((h for h in kept.links if "/findings/" in h), None)
    if answer is None:  # a case of this caseload with a finding to answer
        for other in [h for h in caseload.links if re.fullmatch(r"/cases/[^/?]+/", h)]:
            person.visit(a + other)
            kept = person.visit(b + other)
            answer = next((h for h in kept.links if "/findings/" in h), None)
            if answer:
                break
    assert answer, "no finding to answer on any case of the caseload"
    link = person.page.locator(f"a[href='{answer}']:visible")
    if link.count():
        with person.page.expect_navigation():
            link.first.click()
    else:  # the link is on a part of the page shown by a tab
        person.page.goto(b + answer)
    assert person.page.url.startswith(b)
    person.page.fill("textarea", "Checked with the child's social worker (production profile).")
    with person.page.expect_navigation():
        person.page.click("button:has-text('Save note')")
    assert "Forbidden" not in person.page.content() and "CSRF" not in person.page.content()
    assert (
        stack.query("SELECT count(*) FROM oversight_findingnote WHERE text LIKE %s", ("%(production profile)%",))[0][0]
        == 1
    )


def test_a_countersignature_saved_on_one_process_is_re_evaluated_by_the_worker_through_the_broker(stack, people):
    person = people("team-manager")
    a, b = stack.web
    person.visit(a + "/oversight/")
    queue = person.visit(b + "/oversight/")  # the queue another process kept
    items = [h for h in queue.links if re.fullmatch(r"/oversight/[^/]+/(assessment|plan)/[^/]+/", h)]
    assert items, "no item waiting for countersignature in the queue"
    before = stack.query("SELECT coalesce(max(enqueued_at), 'epoch') FROM tasks_taskrun")[0][0]
    saved = None
    for item in items[:5]:
        person.visit(b + item)
        person.page.check("input[name='outcome'][value='approved']")
        with person.page.expect_navigation():
            person.page.click("button:has-text('Save')")
        if "There is a problem" not in person.page.content():
            saved = item
            break
    assert saved, f"no item could be countersigned: {person.page.content()[:3000]}"
    rows = stack.wait_for(
        "SELECT worker, status FROM tasks_taskrun WHERE task_path LIKE %s AND enqueued_at > %s "
        "AND status = 'SUCCESSFUL'",
        ("%cases_reevaluate", before),
        what="the case's re-evaluation on the worker",
    )
    assert rows[0][0], "the re-evaluation ran in the web process, not on a worker"


def test_with_the_broker_cut_pages_still_answer_and_readyz_says_the_broker_is_down(stack, people, broker_restored):
    person = people("qa-lead")
    a, b = stack.web
    stack.broker_proxy.cut()
    for base in (a, b):
        assert person.visit(base + "/cases/").status == 200
        status, body, _ = get(base + "/readyz", timeout=30)
        checks = json.loads(body)["checks"]
        assert (status, checks["broker"]["state"], checks["database"]["state"], checks["cache"]["state"]) == (
            503,
            "unavailable",
            "ok",
            "ok",
        )
    stack.broker_proxy.restore()
    for base in (a, b):
        stack.wait_ready(base, timeout=60)


def test_with_the_shared_cache_cut_pages_are_rendered_and_readyz_says_the_cache_is_down(stack, people, cache_restored):
    person = people("team-manager")
    a, b = stack.web
    stack.cache_proxy.cut()
    for base in (a, b):
        visit = person.visit(base + "/oversight/")
        assert (visit.status, visit.faults()) == (200, [])
        status, body, _ = get(base + "/readyz", timeout=30)
        checks = json.loads(body)["checks"]
        assert (status, checks["cache"]["state"], checks["database"]["state"]) == (503, "unavailable", "ok")
    stack.cache_proxy.restore()
    for base in (a, b):
        stack.wait_ready(base, timeout=60)


def test_with_the_database_cut_readyz_says_so_and_healthz_still_answers(stack, database_restored):
    a, _ = stack.web
    stack.database_proxy.cut()
    status, body, _ = get(a + "/readyz", timeout=60)
    assert (status, json.loads(body)["checks"]["database"]["state"]) == (503, "unavailable")
    assert get(a + "/healthz")[0] == 200
    stack.database_proxy.restore()
    stack.wait_ready(a, timeout=60)


def test_the_api_rate_limit_is_counted_across_every_web_process(stack):
    import urllib.error
    import urllib.request

    def status(base: str) -> int:
        request = urllib.request.Request(
            base + "/api/v1/findings?limit=1", headers={"Authorization": f"Bearer {stack.api_token}"}
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    a, b = stack.web
    answered = [status(a if n % 2 else b) for n in range(API_RATE + 2)]
    assert answered[:API_RATE] == [200] * API_RATE
    assert answered[API_RATE:] == [429, 429]
