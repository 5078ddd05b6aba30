"""Failed sign-ins (django-axes): 10 failures lock a username for 15 minutes, on every login page."""

from __future__ import annotations

import re
from datetime import timedelta

from axes.models import AccessAttempt
from django.test import Client
from django.utils import timezone

from tests.conftest import PASSWORD

LOCKED = "There have been too many failed attempts to sign in with this username. Wait 15 minutes, then try again"


def fail(client: Client, username: str, times: int, path: str = "/accounts/login/"):
    response = None
    for _ in range(times):
        response = client.post(path, {"username": username, "password": "wrong password"})
    return response


def test_eleven_wrong_passwords_lock_the_account_and_a_right_one_is_then_refused(cast):
    client = Client()
    fail(client, "cm_a", 11)
    response = client.post("/accounts/login/", {"username": "cm_a", "password": PASSWORD})
    assert response.status_code == 429
    assert LOCKED in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_nine_wrong_passwords_still_let_the_right_one_in(cast):
    client = Client()
    fail(client, "cm_a", 9)
    assert client.post("/accounts/login/", {"username": "cm_a", "password": PASSWORD}).status_code == 302


def test_the_lockout_page_reads_the_same_for_an_account_that_does_not_exist(cast):
    real = fail(Client(), "cm_a", 10).content.decode()
    ghost = fail(Client(), "no_such_person", 10).content.decode()
    assert LOCKED in real and LOCKED in ghost
    # The CSRF token and the Content-Security-Policy nonce differ on every response.
    strip = lambda html: re.sub(r'nonce="[^"]*"', 'nonce=""', html.split('name="csrfmiddlewaretoken" value="')[0])  # noqa: E731
    assert strip(real) == strip(ghost)


def test_failures_on_the_admin_login_page_count_and_lock_too(cast):
    client = Client()
    fail(client, "admin", 10, path="/admin/login/")
    response = client.post("/accounts/login/", {"username": "admin", "password": PASSWORD})
    assert response.status_code == 429 and LOCKED in response.content.decode()


def test_a_locked_account_signs_in_again_after_fifteen_minutes(cast):
    client = Client()
    fail(client, "cm_a", 10)
    AccessAttempt.objects.filter(username="cm_a").update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert client.post("/accounts/login/", {"username": "cm_a", "password": PASSWORD}).status_code == 302


def test_another_persons_failures_do_not_lock_you(cast):
    client = Client()
    fail(client, "cm_b", 12)
    assert client.post("/accounts/login/", {"username": "cm_a", "password": PASSWORD}).status_code == 302


def test_each_failed_sign_in_is_recorded_with_its_username(cast):
    fail(Client(), "cm_a", 3)
    assert AccessAttempt.objects.get(username="cm_a").failures_since_start == 3
