"""Signing in and out."""

from __future__ import annotations

import re
from datetime import timedelta

from django.contrib.sessions.models import Session
from django.utils import timezone

from tests.conftest import PASSWORD


def test_the_sign_in_page_uses_the_govuk_page_template(client, db):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-template__body" in html
    assert re.search(r'href="/static/govuk/frontend\.[0-9a-f]{12}\.css"', html)


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


def test_each_request_keeps_the_session_alive_for_thirty_more_minutes(client, cast):
    client.force_login(cast.cm_a)
    client.get("/cases/")
    session = Session.objects.get(session_key=client.session.session_key)
    left = session.expire_date - timezone.now()
    assert timedelta(minutes=29) < left <= timedelta(minutes=30)


def test_a_session_idle_for_thirty_minutes_is_signed_out(client, cast):
    client.force_login(cast.cm_a)
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    response = client.get("/cases/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_each_role_starts_on_its_own_first_page(client, cast):
    starts = {
        "cm_a": "/today/",
        "tm_north": "/today/",
        "qa_lead": "/today/",
        "inspector": "/audits/marking/",  # Your marking (decision 0049)
        "board": "/board/",
        "admin": "/access-log/",
    }
    for person, page in starts.items():
        client.force_login(getattr(cast, person))
        assert client.get("/")["Location"] == page, person


def test_the_service_navigation_shows_only_the_roles_pages(client, cast):
    client.force_login(cast.board)
    nav = client.get("/board/").content.decode().split('id="navigation"', 1)[1].split("</ul>", 1)[0]
    assert "/board/" in nav and "/cases/" not in nav and "/access-log/" not in nav
    assert 'aria-current="true"' in nav  # the dashboard's place, Performance


def test_a_session_ends_ten_hours_after_sign_in_however_busy(client, cast):
    import time

    client.force_login(cast.cm_a)
    session = client.session
    session["casequality_signed_in_at"] = int(time.time()) - 10 * 60 * 60 - 1
    session.save()
    response = client.get("/cases/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert "_auth_user_id" not in client.session


def test_a_session_nine_hours_old_goes_on(client, cast):
    import time

    client.force_login(cast.cm_a)
    session = client.session
    session["casequality_signed_in_at"] = int(time.time()) - 9 * 60 * 60
    session.save()
    assert client.get("/cases/").status_code == 200


def test_the_sign_in_page_offers_the_organisations_single_sign_on(client, db):
    html = client.get("/accounts/login/").content.decode()
    assert 'href="/oidc/authenticate/"' in html and "Sign in with your organisation's account" in html


def test_a_request_within_a_minute_of_the_last_renewal_does_not_write_the_session(client, cast, settings):
    settings.SESSION_RENEW_SECONDS = 60
    client.force_login(cast.cm_a)
    client.get("/cases/")  # renews: the session has no renewal time yet
    key = client.session.session_key
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() + timedelta(minutes=10))
    client.get("/cases/")
    left = Session.objects.get(session_key=key).expire_date - timezone.now()
    assert left <= timedelta(minutes=10)


def test_a_request_a_minute_after_the_last_renewal_keeps_the_session_alive_for_thirty_more_minutes(
    client, cast, settings
):
    settings.SESSION_RENEW_SECONDS = 60
    client.force_login(cast.cm_a)
    client.get("/cases/")
    session = client.session
    session["casequality_renewed_at"] -= 61
    session.save()
    Session.objects.filter(session_key=session.session_key).update(expire_date=timezone.now() + timedelta(minutes=10))
    client.get("/cases/")
    left = Session.objects.get(session_key=session.session_key).expire_date - timezone.now()
    assert timedelta(minutes=29) < left <= timedelta(minutes=30)


def test_a_demo_login_is_refused_on_the_next_request_once_the_database_is_no_longer_a_demo(client, db):
    from casequality.accounts.models import DemoMark, Role, User

    DemoMark.objects.create()
    user = User.objects.create_user("demo-cm", password="x" * 12, role=Role.QA_LEAD, is_demo_login=True)
    client.force_login(user)
    assert client.get("/cases/").status_code == 200
    DemoMark.objects.all().delete()
    assert client.get("/cases/").status_code == 302


def test_sign_out_is_in_the_header_not_among_the_pages(client, cast):
    client.force_login(cast.qa_lead)
    html = client.get("/today/").content.decode()
    nav = html.split('id="navigation"', 1)[1].split("</ul>", 1)[0]
    assert "/accounts/logout/" not in nav and "Sign out" not in nav
    assert 'class="govuk-link govuk-link--inverse app-header-sign-out"' in html


def test_a_place_with_several_pages_lists_them_under_the_navigation(client, cast):
    client.force_login(cast.qa_lead)
    html = client.get("/supervision/").content.decode()
    nav = html.split('id="navigation"', 1)[1].split("</ul>", 1)[0]
    assert "Oversight" in nav and "Supervision" not in nav
    pages = html.split('class="app-subnav"', 1)[1].split("</nav>", 1)[0]
    assert "/oversight/" in pages and "/supervision/" in pages and "/self-audit/" in pages
    assert 'href="/supervision/" aria-current="page"' in pages
