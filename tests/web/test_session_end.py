"""Sessions of a person deactivated here or removed at the identity provider end (issue 21).

Deactivated here: signed out at the next request, whichever way they signed in.
Removed at the identity provider: once the sign-in is CASEQUALITY_SSO_RECHECK_MINUTES
old, a page goes to the identity provider without a prompt, whose error answer ends the
session; a form sent when that check is overdue by as long again is refused, unsaved.
"""

from __future__ import annotations

import time
from urllib.parse import parse_qs, urlsplit

from django.conf import settings
from django.test import Client

from casequality.cases.models import Act
from tests.web.test_sso import SSO, claims, sign_in

WINDOW = settings.OIDC_RENEW_ID_TOKEN_EXPIRY_SECONDS


def _sso_client(checked_until: float | None) -> Client:
    client = Client()
    client.force_login(sign_in(claims()), backend=SSO)
    if checked_until is not None:
        session = client.session
        session["oidc_id_token_expiration"] = checked_until
        session.save()
    return client


def _signed_out(client: Client) -> bool:
    response = client.get("/cases/")
    return response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_a_local_account_deactivated_while_signed_in_is_signed_out_at_its_next_request(client, cast):
    client.force_login(cast.cm_a)
    assert client.get("/cases/").status_code == 200
    cast.cm_a.is_active = False
    cast.cm_a.save(update_fields=["is_active"])
    assert _signed_out(client)
    cast.cm_a.is_active = True
    cast.cm_a.save(update_fields=["is_active"])
    assert _signed_out(client)  # the session ended; reactivating does not bring it back


def test_a_person_signed_in_by_single_sign_on_and_deactivated_here_is_signed_out_at_the_next_request(cast):
    client = _sso_client(time.time() + WINDOW)
    assert client.get("/cases/").status_code == 200
    from casequality.accounts.models import User

    User.objects.filter(username="r.jones").update(is_active=False)
    assert _signed_out(client)


def test_a_single_sign_on_session_within_its_window_is_not_sent_to_the_identity_provider(cast):
    assert _sso_client(time.time() + 60).get("/cases/").status_code == 200


def test_a_page_asked_for_once_the_window_is_over_goes_to_the_identity_provider_without_a_prompt(cast):
    response = _sso_client(time.time() - 1).get("/cases/")
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == settings.OIDC_OP_AUTHORIZATION_ENDPOINT
    assert parse_qs(location.query)["prompt"] == ["none"]


def test_a_person_the_identity_provider_no_longer_knows_comes_back_signed_out(cast):
    client = _sso_client(time.time() - 1)
    state = parse_qs(urlsplit(client.get("/cases/")["Location"]).query)["state"][0]
    client.get("/oidc/callback/", {"error": "login_required", "state": state})
    assert _signed_out(client)


def test_a_form_sent_when_the_check_is_overdue_by_a_whole_window_is_refused_and_ends_the_session(cast):
    from tests.web.factories import ensure_finding, import_cases

    case = import_cases(cast, ["N-0001"])["N-0001"]
    ensure_finding(case)
    client = _sso_client(time.time() - WINDOW - 1)
    response = client.post("/oversight/N-0001/assessment/A1/", {"outcome": "approved", "version": "x"})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert not Act.objects.filter(case=case).exists()
    assert _signed_out(client)
