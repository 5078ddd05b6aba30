"""Demo stays demo: the demo's logins, their password and their freedom from a second factor
work only on a database `casequality demo` marked, and every page there says so."""

from __future__ import annotations

import pytest
from django.test import Client

from casequality.accounts.models import DemoMark, User
from casequality.demo.management.commands.demo import LOGINS, PASSWORD, Command

BANNER = "This is a demo database of made-up children"


@pytest.fixture
def demo_logins(cast):
    """The demo's logins, made as `casequality demo` makes them (which marks the database)."""
    Command.create_logins(cast.service)
    return {u.username: u for u in User.objects.filter(username__in=LOGINS)}


def sign_in(username: str) -> Client:
    client = Client()
    client.post("/accounts/login/", {"username": username, "password": PASSWORD})
    return client


def test_making_the_demo_logins_marks_the_database_as_a_demo(demo_logins):
    assert DemoMark.objects.count() == 1
    assert all(user.is_demo_login for user in demo_logins.values())


def test_on_a_demo_database_the_demo_logins_sign_in_with_no_second_factor(demo_logins):
    client = sign_in("qa-lead")
    assert client.get("/cases/").status_code == 200


def test_every_page_of_a_demo_database_says_it_is_a_demo(demo_logins):
    client = sign_in("qa-lead")
    for path in ("/cases/", "/rules/", "/accounts/logout/"):
        html = client.get(path).content.decode()
        assert "govuk-phase-banner" in html and BANNER in html, path
    assert BANNER in Client().get("/accounts/login/").content.decode()


def test_the_demo_logins_fail_on_a_database_not_marked_demo(demo_logins):
    DemoMark.objects.all().delete()
    for username in LOGINS:
        client = sign_in(username)
        assert "_auth_user_id" not in client.session, username


def test_a_demo_session_ends_when_the_database_is_no_longer_marked_demo(demo_logins):
    client = sign_in("qa-lead")
    DemoMark.objects.all().delete()
    assert client.get("/cases/").status_code == 302


def test_a_database_not_marked_demo_shows_no_demo_banner(client, cast):
    client.force_login(cast.qa_lead)
    assert BANNER not in client.get("/cases/").content.decode()


def test_other_people_on_a_demo_database_still_need_their_second_factor(demo_logins, cast):
    client = Client()
    client.post("/accounts/login/", {"username": "qa_lead", "password": "pass"})
    assert client.get("/cases/").status_code == 302
