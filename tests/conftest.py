"""The fixed test cast every test knows (docs/developing.md).

Service MAN with teams North and South:
- case manager A (`cm_a`, staff S1) and case manager B (`cm_b`, S2) in North,
  managed by the North team manager (`tm_north`, S9);
- case manager C (`cm_c`, S3) in South, managed by `tm_south` (S8);
- a QA lead, an inspector, a board member and an administrator.
Each person is a `User` with the role of their name; password "pass".
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from dataclasses import dataclass

import pytest
import time_machine
from django.test import Client

from casequality.accounts.models import Role, User
from casequality.cases.models import Service, Staff, StaffRole, Team

PASSWORD = "pass"

# The day every test runs on: a Wednesday, at 10:00 in London (UTC in winter). No test
# depends on the day the suite runs (the timeline test once failed on 21 November, when
# "1 Nov 2025" was found inside "21 Nov 2025"). The clock ticks on from this instant, so
# code that measures durations still sees time pass. Processes a test starts (commands,
# workers, servers) keep the machine's clock: those tests give dates explicitly (--as-of).
# A test that needs another day travels there itself (time_machine.travel, nested).
PINNED_NOW = dt.datetime(2026, 12, 2, 10, 0, tzinfo=dt.UTC)
_pinned_clock = time_machine.travel(PINNED_NOW, tick=True)


def pytest_configure(config):
    """Start the pinned clock before any fixture or test module is set up (each xdist
    worker runs this too), so that session fixtures see the same day as the tests."""
    _pinned_clock.start()


def pytest_unconfigure(config):
    _pinned_clock.stop()


# A test that touches no database gives the same answer on SQLite and PostgreSQL, so the
# PostgreSQL run (`make test-postgres`, "not once") need not repeat it. pytest-django lets a
# test reach the database only through these fixtures (a django_db mark adds the helper);
# a test that skips itself by the database's kind keeps its chance on the other.
_DATABASE_FIXTURES = {"db", "transactional_db", "_django_db_helper", "django_db_reset_sequences", "live_server"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if _DATABASE_FIXTURES.isdisjoint(getattr(item, "fixturenames", ())) and not any(item.iter_markers("skipif")):
            item.add_marker(pytest.mark.once)


@dataclass
class Cast:
    service: Service
    north: Team
    south: Team
    cm_a: User
    cm_b: User
    cm_c: User
    tm_north: User
    tm_south: User
    qa_lead: User
    inspector: User
    board: User
    admin: User

    def staff_document(self) -> list[dict]:
        """The cast's staff as they appear in an interchange file."""
        return [
            {
                "id": s.ref,
                "name": s.name,
                "role": s.role,
                "team": s.team.name if s.team else None,
                "manager": s.manager.ref if s.manager else None,
            }
            for s in Staff.objects.filter(service=self.service).select_related("team", "manager").order_by("ref")
        ]


def _user(username: str, role: str, service: Service, staff: Staff | None = None, team: Team | None = None) -> User:
    user = User.objects.create_user(
        username=username,
        password=PASSWORD,
        role=role,
        service=service,
        staff=staff,
        team=team or (staff.team if staff else None),
        first_name=username.replace("_", " ").title(),
    )
    return user


@pytest.fixture
def cast(db) -> Cast:
    service = Service.objects.create(code="MAN", name="Manchester Youth Offending Service")
    north = Team.objects.create(service=service, name="North")
    south = Team.objects.create(service=service, name="South")
    s9 = Staff.objects.create(service=service, ref="S9", name="Alex Brown", role=StaffRole.TEAM_MANAGER, team=north)
    s8 = Staff.objects.create(service=service, ref="S8", name="Jo Green", role=StaffRole.TEAM_MANAGER, team=south)
    s1 = Staff.objects.create(
        service=service, ref="S1", name="Sam Patel", role=StaffRole.CASE_MANAGER, team=north, manager=s9
    )
    s2 = Staff.objects.create(
        service=service, ref="S2", name="Chris Wood", role=StaffRole.CASE_MANAGER, team=north, manager=s9
    )
    s3 = Staff.objects.create(
        service=service, ref="S3", name="Pat Khan", role=StaffRole.CASE_MANAGER, team=south, manager=s8
    )
    s20 = Staff.objects.create(service=service, ref="S20", name="Robin Hale", role=StaffRole.QA_LEAD)
    s21 = Staff.objects.create(service=service, ref="S21", name="Lee Inspector", role=StaffRole.INSPECTOR)
    return Cast(
        service=service,
        north=north,
        south=south,
        cm_a=_user("cm_a", Role.CASE_MANAGER, service, s1),
        cm_b=_user("cm_b", Role.CASE_MANAGER, service, s2),
        cm_c=_user("cm_c", Role.CASE_MANAGER, service, s3),
        tm_north=_user("tm_north", Role.TEAM_MANAGER, service, s9),
        tm_south=_user("tm_south", Role.TEAM_MANAGER, service, s8),
        qa_lead=_user("qa_lead", Role.QA_LEAD, service, s20),
        inspector=_user("inspector", Role.INSPECTOR, service, s21),
        board=_user("board", Role.BOARD, service),
        admin=_user("admin", Role.ADMIN, service),
    )


def totp_device_for(user: User):
    """The user's confirmed authenticator app (made if missing), as if they had enrolled."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="Test authenticator", confirmed=True)


def totp_code_for(user: User) -> str:
    """The code the user's app shows now. The device forgets its last used code first, so
    that a test may sign the same person in twice within one 30-second step."""
    from django_otp.oath import TOTP

    device = totp_device_for(user)
    device.last_t = -1
    device.save(update_fields=["last_t"])
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


class SignedInClient(Client):
    """Django's test client whose force_login also passes the second factor.

    Most tests are about what a signed-in person sees, not how they signed in: this puts
    a verified authenticator app in the session exactly as django_otp.login does after a
    right code. The sign-in journey itself is tested with a plain Client
    (tests/web/test_second_factor.py) and in the browser.
    """

    def force_login(self, user, backend=None):
        super().force_login(user, backend)
        from django_otp import DEVICE_ID_SESSION_KEY

        session = self.session
        session[DEVICE_ID_SESSION_KEY] = totp_device_for(user).persistent_id
        session.save()


@pytest.fixture
def client() -> Client:
    """pytest-django's client, with the second factor passed at force_login (SignedInClient)."""
    return SignedInClient()


def browser_sign_in(page, base_url: str, username: str, password: str = PASSWORD) -> None:
    """Sign in through the real pages: password, then the code of the person's authenticator app
    (enrolled beforehand; tests/web/browser/test_sign_in_browser.py sets one up through the page)."""
    person = User.objects.filter(username=username).first()
    if person is not None:
        totp_device_for(person)
    page.goto(f"{base_url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button:has-text('Sign in')")
    page.wait_for_load_state()
    if "/accounts/two-factor/" in page.url:
        page.fill("#id_token", totp_code_for(person))
        page.click("button:has-text('Continue')")
        page.wait_for_load_state()


# Headless Chromium (Debian's package, never a downloaded browser) driven by Playwright.
# One browser per test process: two sync Playwright instances cannot run in one thread,
# so every browser test (tests/*/browser/) shares this fixture.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def chromium():
    if not shutil.which(CHROMIUM):
        pytest.fail("Install Debian's chromium package for the browser tests: make browser-deps")
    # Playwright's sync API runs an event loop in this thread; Django would otherwise refuse
    # ORM calls from the test body.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


def _served_by_the_application(application):
    """The live server's static handler: none. Static files reach WhiteNoise's middleware,
    which serves the collected, hashed files as a deployment does (decision 0044); Django's
    own handler looks in the source folders, which hold no hashed name."""
    return application


@pytest.fixture(scope="session")
def live_server(request):
    """pytest-django's live server, with static files served as deployed."""
    from pytest_django.live_server_helper import LiveServer

    address = request.config.getvalue("liveserver") or os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS") or "localhost"
    server = LiveServer(address, start=False)
    server.thread.static_handler = _served_by_the_application
    server.start()
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def _empty_page_cache():
    """Each test starts with no page kept (data/page_cache.py): a page kept by another
    test's database, rolled back since, must not be taken for this one's."""
    from django.core.cache import caches

    caches["pages"].clear()
    yield
