"""Who may use the API: tokens (missing, wrong, revoked), never a session; the rate; the CLI."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from casequality.api.models import ApiToken
from tests.cases.documents import example_document

OPERATIONS = [
    ("get", "/api/v1/cases/MAN-0001"),
    ("get", "/api/v1/findings"),
    ("get", "/api/v1/acts"),
    ("post", "/api/v1/imports"),
    ("put", "/api/v1/cases/MAN-0001"),
    ("put", "/api/v1/staff/S1"),
]


def _send(client, method, path, headers):
    body = {} if method == "get" else {"data": "{}", "content_type": "application/json"}
    return getattr(client, method)(path, headers=headers, **body)


@pytest.mark.parametrize(("method", "path"), OPERATIONS)
def test_every_operation_without_a_token_is_401_asking_for_a_bearer_token(client, cast, method, path):
    response = _send(client, method, path, {})
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize(("method", "path"), OPERATIONS)
def test_every_operation_with_a_wrong_token_is_401(api, method, path):
    response = _send(api.client, method, path, {"Authorization": f"Bearer {api.token}x"})
    assert response.status_code == 401


def test_a_revoked_token_is_401(api):
    call_command("api-token", "revoke", "cms", stdout=StringIO())
    assert api.get("/findings").status_code == 401


def test_a_signed_in_session_is_not_a_token(client, cast):
    client.force_login(cast.admin)
    assert client.get("/api/v1/findings").status_code == 401


def test_a_write_needs_no_csrf_token(cast, api):
    api.client.handler.enforce_csrf_checks = True
    assert api.post("/imports", example_document()).status_code == 200


def test_requests_over_the_rate_are_429_with_retry_after(api, settings):
    settings.CASEQUALITY_API_RATE_REQUESTS = 2
    settings.CASEQUALITY_API_RATE_SECONDS = 10**9  # one window for the whole test
    assert [api.get("/findings").status_code for _ in range(3)] == [200, 200, 429]
    refused = api.get("/findings")
    assert int(refused["Retry-After"]) >= 1


def test_the_rate_is_counted_per_token(api, cast, settings):
    settings.CASEQUALITY_API_RATE_REQUESTS = 1
    settings.CASEQUALITY_API_RATE_SECONDS = 10**9
    out = StringIO()
    call_command("api-token", "create", "--service", "MAN", "--name", "second", stdout=out)
    other = out.getvalue().strip().splitlines()[-1]
    assert [api.get("/findings").status_code, api.get("/findings").status_code] == [200, 429]
    assert api.client.get("/api/v1/findings", headers={"Authorization": f"Bearer {other}"}).status_code == 200


def test_api_token_create_prints_the_token_alone_on_its_last_line_and_stores_only_its_hash(cast, client):
    out = StringIO()
    call_command("api-token", "create", "--service", "MAN", "--name", "nightly", stdout=out)
    token = out.getvalue().strip().splitlines()[-1]
    stored = ApiToken.objects.get(name="nightly")
    assert token.startswith(stored.prefix) and len(token) > 40
    assert token not in {stored.digest, stored.prefix}
    assert client.get("/api/v1/findings", headers={"Authorization": f"Bearer {token}"}).status_code == 200


def test_api_token_list_shows_names_and_prefixes_never_tokens(api):
    out = StringIO()
    call_command("api-token", "list", stdout=out)
    assert "cms" in out.getvalue() and api.token[:9] in out.getvalue() and api.token not in out.getvalue()


def test_api_token_revoke_asks_which_service_when_two_share_the_name(api, cast):
    from django.core.management.base import CommandError

    from casequality.api.services import api_token_create
    from casequality.cases.models import Service

    api_token_create(service=Service.objects.create(code="OTH", name="Other"), name="cms")
    with pytest.raises(CommandError, match="--service"):
        call_command("api-token", "revoke", "cms", stdout=StringIO())
    call_command("api-token", "revoke", "cms", "--service", "OTH", stdout=StringIO())
    assert api.get("/findings").status_code == 200


def test_the_admin_revokes_a_token_in_django_admin_and_it_is_logged(api, cast, client):
    from casequality.accounts.models import AccessLogEntry

    token = ApiToken.objects.get(name="cms")
    client.force_login(cast.admin)
    client.post("/admin/api/apitoken/", {"action": "revoke", "_selected_action": [token.pk]})
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert AccessLogEntry.objects.filter(actor=cast.admin, payload__admin="revoked").exists()
    assert api.get("/findings").status_code == 401
