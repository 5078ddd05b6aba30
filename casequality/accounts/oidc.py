"""Single sign-on by OpenID Connect (mozilla-django-oidc), with role and service from claims.

The identity provider says who the person is and, through settings, what they are:
`OIDC_ROLE_CLAIM` (default `groups`) holds values that `OIDC_ROLE_MAP` turns into one
Casequality role; `OIDC_SERVICE_CLAIM` (default `service`) holds the service, mapped by
`OIDC_SERVICE_MAP` or taken as a service code. A person whose claims map to no role, to
two different roles, or to no known service is refused: the role table is the only
source of access, and a guess would grant too much. The role and service are set again at
every sign-in, so a change at the identity provider takes effect at the next one.

Accounts made here have no usable password, and single sign-on never takes over a local
account (one with a password) that happens to share the username.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from casequality.accounts.backends import NoStoredPermissions
from casequality.accounts.models import Role, User
from casequality.cases.models import Service

logger = logging.getLogger(__name__)


def _values(claim) -> list[str]:
    if claim is None:
        return []
    if isinstance(claim, (list, tuple, set)):
        return [str(v) for v in claim]
    return [str(claim)]


def role_from_claims(claims: dict) -> str | None:
    """The one role the claims map to (settings.OIDC_ROLE_MAP), or None."""
    mapping = settings.OIDC_ROLE_MAP
    roles = {mapping[v] for v in _values(claims.get(settings.OIDC_ROLE_CLAIM)) if v in mapping}
    roles &= set(Role.values)
    return roles.pop() if len(roles) == 1 else None


def service_from_claims(claims: dict) -> Service | None:
    """The service the claims name (settings.OIDC_SERVICE_MAP, else the value as a service code)."""
    values = _values(claims.get(settings.OIDC_SERVICE_CLAIM))
    if len(values) != 1:
        return None
    code = settings.OIDC_SERVICE_MAP.get(values[0], values[0])
    return Service.objects.filter(code=code).first()


class SingleSignOnBackend(NoStoredPermissions, OIDCAuthenticationBackend):
    def get_user(self, user_id):
        """The session's user with their staff record (their scope), in one query."""
        from casequality.accounts.backends import session_user

        return session_user(user_id)

    def get_username(self, claims) -> str:
        return str(claims.get(settings.OIDC_USERNAME_CLAIM) or "")[:150]

    def verify_claims(self, claims) -> bool:
        ok = (
            bool(self.get_username(claims))
            and role_from_claims(claims) is not None
            and service_from_claims(claims) is not None
        )
        if not ok:
            logger.warning(
                "Single sign-on refused: the claims map to no single role and known service "
                "(OIDC_ROLE_MAP, OIDC_SERVICE_MAP)"
            )
        return ok

    def filter_users_by_claims(self, claims):
        # Only accounts made by single sign-on (no usable password): never a local account.
        return User.objects.filter(username=self.get_username(claims), password__startswith="!")

    def describe_user_by_claims(self, claims) -> str:
        return f"username {self.get_username(claims)}"

    def create_user(self, claims) -> User:
        username = self.get_username(claims)
        if User.objects.filter(username=username).exists():
            # A local account holds the name: refused (the library answers with the
            # sign-in failure page), never merged.
            raise SuspiciousOperation(f"Single sign-on for {username!r}: a local account has that username")
        user = User(username=username)
        user.set_unusable_password()
        return self.update_user(user, claims)

    def update_user(self, user: User, claims) -> User:
        """Name, email, role and service as the identity provider says today."""
        user.first_name = str(claims.get("given_name") or "")[:150]
        user.last_name = str(claims.get("family_name") or "")[:150]
        user.email = str(claims.get("email") or "")[:254]
        user.role = role_from_claims(claims)
        user.service = service_from_claims(claims)
        user.is_staff = user.is_superuser = False
        user.save()
        return user

    def user_can_authenticate(self, user) -> bool:
        return super().user_can_authenticate(user) and not getattr(user, "is_demo_login", False)
