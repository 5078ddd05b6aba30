"""Sign-in policy: who needs a second factor, the demo database, and TOTP enrolment.

Reads first, then writes (the enrolment of an authenticator app). The pages that use
them are in the web app (web/views/accounts.py, web/middleware.py); the backends that
decide who may sign in at all are accounts/backends.py and accounts/oidc.py.
"""

from __future__ import annotations

import threading
from base64 import b32encode
from io import BytesIO

from django.contrib.auth import BACKEND_SESSION_KEY
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from casequality.accounts.models import DemoMark, User

SSO_BACKEND = "casequality.accounts.oidc.SingleSignOnBackend"
# When the person signed in, for the absolute session lifetime (SESSION_ABSOLUTE_SECONDS).
SIGNED_IN_AT_SESSION_KEY = "casequality_signed_in_at"


# Within one request the answer is read once (the backend, the second-factor check and
# the banner each ask): set by request_started, cleared by request_finished (accounts/apps.py).
_request_state = threading.local()


def demo_database() -> bool:
    """This database was made by `casequality demo` (it holds a DemoMark).

    Read once per request; outside a request (commands, tests between requests), every time.
    """
    cache = getattr(_request_state, "demo", None)
    if cache is None:
        return DemoMark.objects.exists()
    if not cache:
        cache.append(DemoMark.objects.exists())
    return cache[0]


def demo_database_known(value: bool) -> None:
    """The answer demo_database would read, read already with the request's user
    (data/signed_in.py): kept for the rest of the request."""
    cache = getattr(_request_state, "demo", None)
    if cache is not None and not cache:
        cache.append(value)


def request_cache_start(sender=None, **kwargs) -> None:
    _request_state.demo = []


def request_cache_end(sender=None, **kwargs) -> None:
    _request_state.demo = None


def signed_in_by_sso(session) -> bool:
    """The session was opened by single sign-on: the identity provider asked for the second factor."""
    return session.get(BACKEND_SESSION_KEY) == SSO_BACKEND


def second_factor_done(request) -> bool:
    """The signed-in person has passed a second factor, or needs none.

    A local account passes it with its TOTP code (django-otp's `is_verified`). Single
    sign-on leaves it to the identity provider. The demo's logins need none, and only on a
    demo database (their backend refuses them anywhere else).
    """
    user = request.user
    if getattr(user, "is_verified", lambda: False)():
        return True
    if signed_in_by_sso(request.session):
        return True
    return bool(user.is_demo_login and demo_database())


def totp_device(user: User) -> TOTPDevice | None:
    """The user's confirmed authenticator app, if they have enrolled one."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("id").first()


def totp_manual_key(device: TOTPDevice) -> str:
    """The secret as people type it into an app: base32 in groups of four."""
    key = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def totp_qr_svg(device: TOTPDevice) -> str:
    """The enrolment QR code as an inline SVG element, drawn on the server (no script, no third party)."""
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=4)
    out = BytesIO()
    image.save(out)
    svg = out.getvalue().decode()
    return svg[svg.index("<svg") :]  # without the XML declaration, to sit in the page


@transaction.atomic
def totp_enrolment_start(*, user: User) -> TOTPDevice:
    """The unconfirmed device a person is enrolling (the same key until they confirm it)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("id").first()
    return device or TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)


@transaction.atomic
def totp_enrolment_confirm(*, user: User, token: str) -> TOTPDevice | None:
    """Confirm the enrolling device with a code from the app; None if the code is wrong."""
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).order_by("id").first()
    if device is None or not device.verify_token(token):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return device


def totp_devices_reset(*, users) -> int:
    """Remove the authenticator apps of `users` (a lost phone): they enrol again at their next sign-in."""
    deleted, _ = TOTPDevice.objects.filter(user__in=users).delete()
    return deleted


@transaction.atomic
def user_create(*, username: str, role: str, service, password: str, actor_name: str) -> User:
    """A Casequality account with a role (never a superuser), its password checked by
    AUTH_PASSWORD_VALIDATORS; access-logged. Raises ValidationError naming what is wrong."""
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    from casequality.accounts.models import AccessVerb, Role
    from casequality.accounts.services import access_log_record

    if role not in Role.values:
        raise ValidationError(f"Unknown role {role!r}: one of {', '.join(Role.values)}")
    if User.objects.filter(username=username).exists():
        raise ValidationError(f"There is already a user {username!r}")
    user = User(username=username, role=role, service=service)
    validate_password(password, user=user)
    user.set_password(password)
    user.save()
    access_log_record(
        actor=None,
        verb=AccessVerb.CHANGE,
        service=service,
        actor_name=actor_name,
        target=f"user {username} created",
        payload={"role": role},
    )
    return user
