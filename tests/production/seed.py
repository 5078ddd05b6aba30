"""Turn a database `casequality demo --no-serve` built into a service's database as deployed.

Run as a process of its own against the production profile's database (the production
settings, not tests/settings.py): the demo mark goes (no banner, no password-only demo
logins), each login gets a long password and a confirmed authenticator app whose key the
test knows (so it signs in as a person does: password, then the code), and the service
gets an API token. Prints what the test needs as JSON.
"""
from __future__ import annotations

import json
import secrets

import django

django.setup()

from django.db import transaction  # noqa: E402
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402

from casequality.accounts.models import DemoMark, User  # noqa: E402
from casequality.api.services import api_token_create  # noqa: E402

PASSWORD = "production-profile-" + secrets.token_urlsafe(16)

with transaction.atomic():
    DemoMark.objects.all().delete()
    users = {}
    for user in User.objects.order_by("username"):
        User.objects.filter(pk=user.pk).update(is_demo_login=False)
        user.refresh_from_db()
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
        key = secrets.token_hex(20)
        TOTPDevice.objects.filter(user=user).delete()
        TOTPDevice.objects.create(user=user, name="Production profile", key=key, confirmed=True)
        users[user.username] = {"key": key, "role": user.role, "service": user.service_id}
    service = User.objects.get(username="team-manager").service
    _, token = api_token_create(service=service, name="production profile")

print(json.dumps({"password": PASSWORD, "users": users, "api_token": token}))
