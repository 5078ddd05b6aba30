"""The national administrator: granted only by a command, access-logged (decision 0030)."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from casequality.accounts.models import AccessLogEntry


def national_admin(*args: str) -> str:
    out = io.StringIO()
    call_command("national-admin", *args, stdout=out)
    return out.getvalue()


def test_the_command_grants_an_administrator_every_service_and_logs_it(cast):
    national_admin("grant", "admin")
    cast.admin.refresh_from_db()
    assert cast.admin.national_admin
    entry = AccessLogEntry.objects.get(target="national administrator granted to admin")
    assert entry.actor is None and "national-admin" in entry.actor_name


def test_the_command_withdraws_it_and_logs_it(cast):
    national_admin("grant", "admin")
    national_admin("revoke", "admin")
    cast.admin.refresh_from_db()
    assert not cast.admin.national_admin
    assert AccessLogEntry.objects.filter(target="national administrator withdrawn from admin").exists()


def test_only_an_administrator_can_be_made_national_administrator(cast):
    with pytest.raises(CommandError, match="only an administrator"):
        national_admin("grant", "qa_lead")
    cast.qa_lead.refresh_from_db()
    assert not cast.qa_lead.national_admin


def test_an_unknown_person_is_refused_by_name(db):
    with pytest.raises(CommandError, match="No user 'nobody'"):
        national_admin("grant", "nobody")


def test_the_list_names_every_national_administrator(cast):
    national_admin("grant", "admin")
    assert national_admin("list").splitlines() == ["admin", "1 national administrator(s)."]


def test_a_national_administrator_who_loses_the_admin_role_reaches_no_service(cast):
    from casequality.accounts.selectors import admin_scope

    national_admin("grant", "admin")
    cast.admin.role = "qa_lead"
    cast.admin.save()
    assert admin_scope(cast.admin) == set()
