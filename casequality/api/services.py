"""Writes of the API app: making and revoking integrations' tokens, marking their use."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from casequality.api.models import ApiToken
from casequality.cases.models import Service

TOKEN_PREFIX = "cq_"
# The characters of a token kept in the clear, so that people can tell tokens apart.
VISIBLE = len(TOKEN_PREFIX) + 6
# A token's last use is written at most this often: a write per request would make every
# read of the API also a write (and, on SQLite, wait for an import).
LAST_USED_PRECISION = timedelta(minutes=1)


class TokenError(Exception):
    """A token that cannot be made or revoked as asked; the message says why."""


def token_digest(token: str) -> str:
    """The stored form of a token: its SHA-256 in hex (the token has 256 random bits, so
    a slow password hash would add nothing but time to every request)."""
    return hashlib.sha256(token.encode()).hexdigest()


def api_token_create(*, service: Service, name: str) -> tuple[ApiToken, str]:
    """Make a token for the integration `name` of `service`. Returns it and the token
    itself, which is never stored and cannot be shown again. Raises TokenError."""
    name = name.strip()
    if not name or len(name) > ApiToken._meta.get_field("name").max_length:
        raise TokenError("The name must be 1 to 100 characters")
    if ApiToken.objects.filter(service=service, name=name).exists():
        raise TokenError(
            f"Service {service.code} already has a token named {name!r} (revoke it, or choose another name)"
        )
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    record = ApiToken.objects.create(service=service, name=name, prefix=token[:VISIBLE], digest=token_digest(token))
    return record, token


def api_token_revoke(*, token: ApiToken) -> ApiToken:
    """Revoke the token: it is refused from the next request on. Kept, for the record."""
    with transaction.atomic():
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
    return token


def api_token_mark_used(*, token: ApiToken) -> None:
    """Record that the token was used now (to the minute)."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
