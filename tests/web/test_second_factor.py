"""The second factor of a local account: enrolled at first sign-in, asked at every one after.

These tests sign in through the real pages with a plain Client (not the cast's
SignedInClient, whose force_login passes the second factor).
"""

from __future__ import annotations

import pytest
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import PASSWORD, totp_code_for, totp_device_for


def code(device: TOTPDevice) -> str:
    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token():06d}"


@pytest.fixture
def browser(cast) -> Client:
    """A person's browser that has just given cm_a's right password."""
    client = Client()
    assert client.post("/accounts/login/", {"username": "cm_a", "password": PASSWORD}).status_code == 302
    return client


def test_after_the_password_a_first_timer_is_sent_to_set_up_an_authenticator_app(browser):
    response = browser.get("/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/accounts/two-factor/set-up/")


def test_no_page_opens_before_the_second_factor(browser):
    response = browser.get("/cases/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/two-factor/?next=%2Fcases%2F"


def test_django_admin_is_behind_the_second_factor_too(cast):
    client = Client()
    client.post("/accounts/login/", {"username": "admin", "password": PASSWORD})
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/two-factor/")


def test_the_set_up_page_shows_a_qr_code_drawn_on_the_server_and_the_key_to_type(browser, cast):
    html = browser.get("/accounts/two-factor/set-up/").content.decode()
    device = TOTPDevice.objects.get(user=cast.cm_a, confirmed=False)
    assert "<svg" in html and 'aria-label="QR code that adds Casequality to your authenticator app"' in html
    from base64 import b32encode

    key = b32encode(device.bin_key).decode().rstrip("=")
    assert key[:4] + " " + key[4:8] in html


def test_a_right_code_at_set_up_confirms_the_app_and_opens_the_site(browser, cast):
    browser.get("/accounts/two-factor/set-up/")
    device = TOTPDevice.objects.get(user=cast.cm_a, confirmed=False)
    response = browser.post("/accounts/two-factor/set-up/", {"token": code(device), "next": "/cases/"})
    assert response.status_code == 302 and response["Location"] == "/cases/"
    assert TOTPDevice.objects.get(user=cast.cm_a).confirmed
    assert browser.get("/cases/").status_code == 200


def test_a_wrong_code_at_set_up_is_refused_and_the_app_stays_unconfirmed(browser, cast):
    browser.get("/accounts/two-factor/set-up/")
    device = TOTPDevice.objects.get(user=cast.cm_a, confirmed=False)
    wrong = f"{(int(code(device)) + 1) % 1_000_000:06d}"
    response = browser.post("/accounts/two-factor/set-up/", {"token": wrong})
    assert response.status_code == 200
    assert "That code is not right" in response.content.decode()
    assert not TOTPDevice.objects.get(user=cast.cm_a).confirmed
    assert browser.get("/cases/").status_code == 302


def test_letters_in_the_code_get_an_error_in_govuk_words(browser, cast):
    totp_device_for(cast.cm_a)
    response = browser.post("/accounts/two-factor/", {"token": "12a456"})
    html = response.content.decode()
    assert "govuk-error-summary" in html and "The code is 6 digits, with no letters" in html


def test_an_enrolled_person_gives_the_code_from_their_app_and_is_sent_on(browser, cast):
    totp_device_for(cast.cm_a)
    assert browser.get("/accounts/two-factor/?next=/cases/").status_code == 200
    response = browser.post("/accounts/two-factor/", {"token": totp_code_for(cast.cm_a), "next": "/cases/"})
    assert response["Location"] == "/cases/"
    assert browser.get("/cases/").status_code == 200


def test_a_code_is_good_only_once(cast):
    token = totp_code_for(cast.cm_a)
    first, second = Client(), Client()
    for client in (first, second):
        client.post("/accounts/login/", {"username": "cm_a", "password": PASSWORD})
    assert first.post("/accounts/two-factor/", {"token": token})["Location"] == "/"
    response = second.post("/accounts/two-factor/", {"token": token})
    assert response.status_code == 200 and "has been used" in response.content.decode()


def test_the_next_address_may_not_lead_off_the_site(cast):
    client = Client()
    client.post("/accounts/login/", {"username": "cm_a", "password": PASSWORD})
    totp_device_for(cast.cm_a)
    response = client.post(
        "/accounts/two-factor/", {"token": totp_code_for(cast.cm_a), "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"
