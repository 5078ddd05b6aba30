"""Single sign-on by OpenID Connect: the role and service come from the identity provider's claims.

The backend is driven with a claims dict, as mozilla-django-oidc hands it the userinfo
after the code exchange; no identity provider answers in these tests (see
docs/decisions/0013-sign-in-sso-mfa-lockout.md for the round trip left untested).
"""

from __future__ import annotations

from django.core.exceptions import SuspiciousOperation
from django.test import Client

from casequality.accounts.models import Role, User
from casequality.accounts.oidc import SingleSignOnBackend, role_from_claims

SSO = "casequality.accounts.oidc.SingleSignOnBackend"


def claims(**changes) -> dict:
    base = {
        "sub": "a1b2",
        "preferred_username": "r.jones",
        "given_name": "Rae",
        "family_name": "Jones",
        "email": "rae.jones@example.org",
        "groups": ["staff", "cq-qa"],
        "service": "Manchester YOS",
    }
    return {**base, **changes}


def sign_in(payload: dict) -> User | None:
    """What the backend does with the userinfo once the identity provider has answered."""
    backend = SingleSignOnBackend()
    try:
        if not backend.verify_claims(payload):
            return None
        users = backend.filter_users_by_claims(payload)
        return backend.update_user(users[0], payload) if len(users) == 1 else backend.create_user(payload)
    except SuspiciousOperation:  # mozilla-django-oidc's authenticate() answers None to this
        return None


def test_a_first_single_sign_on_creates_the_person_with_the_role_and_service_of_their_claims(cast):
    user = sign_in(claims())
    assert (user.username, user.role, user.service, user.get_full_name()) == (
        "r.jones",
        Role.QA_LEAD,
        cast.service,
        "Rae Jones",
    )
    assert not user.has_usable_password() and not user.is_superuser


def test_a_changed_group_at_the_identity_provider_changes_the_role_at_the_next_sign_in(cast):
    first = sign_in(claims())
    again = sign_in(claims(groups=["cq-case-managers"]))
    assert again.pk == first.pk and again.role == Role.CASE_MANAGER


def test_claims_that_map_to_no_role_are_refused(cast):
    assert sign_in(claims(groups=["staff"])) is None
    assert not User.objects.filter(username="r.jones").exists()


def test_claims_that_map_to_two_roles_are_refused(cast):
    assert role_from_claims(claims(groups=["cq-qa", "cq-admins"])) is None
    assert sign_in(claims(groups=["cq-qa", "cq-admins"])) is None


def test_an_unknown_service_is_refused(cast):
    assert sign_in(claims(service="Leeds")) is None


def test_a_service_code_in_the_claim_needs_no_mapping(cast):
    assert sign_in(claims(service="MAN")).service == cast.service


def test_single_sign_on_never_takes_over_a_local_account_of_the_same_name(cast):
    assert sign_in(claims(preferred_username="cm_a")) is None
    cast.cm_a.refresh_from_db()
    assert cast.cm_a.role == Role.CASE_MANAGER and cast.cm_a.has_usable_password()


def test_a_person_signed_in_by_single_sign_on_needs_no_second_factor_here(cast):
    user = sign_in(claims())
    client = Client()
    client.force_login(user, backend=SSO)
    assert client.get("/cases/").status_code == 200


def test_a_local_account_signed_in_by_password_still_needs_its_second_factor(cast):
    client = Client()
    client.force_login(cast.qa_lead, backend="casequality.accounts.backends.LocalAccountBackend")
    assert client.get("/cases/").status_code == 302


def test_single_sign_on_starts_at_the_identity_provider(client, db):
    response = client.get("/oidc/authenticate/")
    assert response.status_code == 302
    assert response["Location"].startswith("https://sso.example.invalid/authorize?")
    assert "client_id=casequality-tests" in response["Location"]
