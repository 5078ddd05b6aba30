"""Signing in and out."""
from __future__ import annotations

from tests.conftest import PASSWORD


def test_the_sign_in_page_uses_the_govuk_page_template(client, db):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-template__body" in html
    assert "/static/govuk/govuk-frontend.min.css" in html


def test_a_blank_sign_in_shows_an_error_summary_and_messages(client, db):
    response = client.post("/accounts/login/", {"username": "", "password": ""})
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert html.count('class="govuk-error-message"') == 2
    assert "Enter your username" in html


def test_a_wrong_password_is_refused(client, cast):
    response = client.post("/accounts/login/", {"username": "cm_a", "password": "wrong"})
    assert response.status_code == 200
    assert "Enter a correct username and password" in response.content.decode()


def test_a_case_manager_signs_in_and_is_sent_on(client, cast):
    response = client.post("/accounts/login/", {"username": "cm_a", "password": PASSWORD})
    assert response.status_code == 302


def test_signing_out_needs_a_post(client, cast):
    client.force_login(cast.cm_a)
    assert client.get("/accounts/logout/").status_code == 200
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert client.get("/cases/").status_code == 302  # signed out: sent to sign in


def test_the_session_idles_out_after_thirty_minutes(settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
