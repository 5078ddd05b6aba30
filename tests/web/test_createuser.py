"""`casequality createuser`: the way to a service's first administrator, with no superuser."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from casequality.accounts.models import AccessLogEntry, Role, User


def createuser(*args: str, password: str) -> str:
    import sys

    out, stdin = io.StringIO(), sys.stdin
    sys.stdin = io.StringIO(password + "\n")
    try:
        call_command("createuser", *args, "--password-stdin", stdout=out)
    finally:
        sys.stdin = stdin
    return out.getvalue()


def test_the_first_administrator_is_made_national_with_the_admin_role_and_no_superuser(db):
    output = createuser("jo.admin", "--role", "national_admin", password="copper-harbour-92-kite")
    user = User.objects.get(username="jo.admin")
    assert user.role == Role.ADMIN and not user.is_superuser and user.check_password("copper-harbour-92-kite")
    assert user.national_admin
    assert "authenticator app" in output
    assert AccessLogEntry.objects.filter(target="user jo.admin created", actor_name__contains="createuser").exists()


def test_a_short_password_is_refused_and_nothing_is_made(db):
    with pytest.raises(CommandError, match="at least 12 characters"):
        createuser("jo.admin", "--role", "national_admin", password="short-1")
    assert not User.objects.exists()


def test_a_caseworker_needs_a_known_service(cast):
    with pytest.raises(CommandError, match="No service with the code 'XYZ'"):
        createuser("sam", "--role", "qa_lead", "--service", "XYZ", password="copper-harbour-92-kite")
    createuser("sam", "--role", "qa_lead", "--service", "MAN", password="copper-harbour-92-kite")
    assert User.objects.get(username="sam").service == cast.service


def test_a_services_administrator_needs_their_service(cast):
    with pytest.raises(CommandError, match="--service CODE"):
        createuser("jo.admin", "--role", "admin", password="copper-harbour-92-kite")
    createuser("jo.admin", "--role", "admin", "--service", "MAN", password="copper-harbour-92-kite")
    user = User.objects.get(username="jo.admin")
    assert (user.service, user.national_admin) == (cast.service, False)


def test_an_existing_username_is_refused(cast):
    with pytest.raises(CommandError, match="already a user 'cm_a'"):
        createuser("cm_a", "--role", "admin", "--service", "MAN", password="copper-harbour-92-kite")
