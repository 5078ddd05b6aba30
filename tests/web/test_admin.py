"""Django's admin: the admin role manages users, services, teams and staff, never a child's record."""

from __future__ import annotations

import importlib

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.db import IntegrityError, transaction
from django.test import override_settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from casequality.accounts.models import AccessLogEntry, Role
from casequality.cases.models import Team
from tests.conftest import totp_device_for


def user_form(user, **changes) -> dict:
    """What the admin's change form posts for `user`, with `changes`."""
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "role": user.role,
        "service": user.service_id or "",
        "staff": user.staff_id or "",
        "team": user.team_id or "",
        "is_active": "on",
        "_save": "Save",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_an_admin_posting_is_superuser_for_itself_gets_no_superuser(client, cast):
    client.force_login(cast.admin)
    permission = Permission.objects.get(codename="view_case")
    response = client.post(
        f"/admin/accounts/user/{cast.admin.pk}/change/",
        user_form(cast.admin, is_superuser="on", is_staff="on", user_permissions=[permission.pk], groups=[]),
    )
    assert response.status_code == 302
    cast.admin.refresh_from_db()
    assert not cast.admin.is_superuser and not cast.admin.is_staff
    assert not cast.admin.user_permissions.exists()


def test_the_user_form_offers_no_field_outside_the_role_table(client, cast):
    client.force_login(cast.admin)
    html = client.get(f"/admin/accounts/user/{cast.cm_a.pk}/change/").content.decode()
    for field in ("is_superuser", "is_staff", "user_permissions", "groups"):
        assert f'name="{field}"' not in html, field
    assert 'name="role"' in html


def test_an_admin_cannot_change_their_own_role(client, cast):
    client.force_login(cast.admin)
    client.post(f"/admin/accounts/user/{cast.admin.pk}/change/", user_form(cast.admin, role=Role.QA_LEAD))
    cast.admin.refresh_from_db()
    assert cast.admin.role == Role.ADMIN


def test_an_admin_gives_another_person_a_role_from_the_role_table(client, cast):
    client.force_login(cast.admin)
    client.post(f"/admin/accounts/user/{cast.cm_c.pk}/change/", user_form(cast.cm_c, role=Role.TEAM_MANAGER))
    cast.cm_c.refresh_from_db()
    assert cast.cm_c.role == Role.TEAM_MANAGER


def test_the_database_refuses_a_superuser(cast):
    cast.board.is_superuser = True
    with pytest.raises(IntegrityError), transaction.atomic():
        cast.board.save()


def test_a_permission_written_into_the_database_grants_nothing(cast):
    cast.admin.user_permissions.add(Permission.objects.get(codename="view_case"))
    cast.admin = type(cast.admin).objects.get(pk=cast.admin.pk)  # no cached permissions
    assert not cast.admin.has_perm("cases.view_case")


def test_no_model_of_a_childs_record_is_in_django_admin():
    registered = {model._meta.label for model in admin.site._registry}
    assert (
        not {"cases.Case", "cases.Order", "cases.Assessment", "cases.Plan", "cases.Report", "cases.Event"} & registered
    )
    assert not any(label.startswith(("standards.", "audits.", "oversight.", "reports.")) for label in registered)


def test_the_admin_gets_not_found_at_the_old_case_admin_address(client, cast):
    client.force_login(cast.admin)
    assert client.get("/admin/cases/case/").status_code == 404


def test_every_admin_change_writes_an_access_log_entry(client, cast):
    client.force_login(cast.admin)
    client.post("/admin/cases/team/add/", {"service": cast.service.pk, "name": "East", "_save": "Save"})
    east = Team.objects.get(name="East")
    client.post(
        f"/admin/cases/team/{east.pk}/change/", {"service": cast.service.pk, "name": "East Side", "_save": "Save"}
    )
    entries = AccessLogEntry.objects.filter(actor=cast.admin, target__startswith="admin: ").order_by("id")
    assert [e.payload["admin"] for e in entries] == ["added", "changed"]
    assert all(e.payload["model"] == "cases.team" and e.payload["object_ids"] == [str(east.pk)] for e in entries)
    assert entries[0].service_id == cast.service.pk


def test_lifting_a_sign_in_lockout_in_the_admin_writes_an_access_log_entry(client, cast):
    from axes.models import AccessAttempt

    attempt = AccessAttempt.objects.create(
        username="cm_a",
        failures_since_start=10,
        ip_address="127.0.0.1",
        user_agent="test",
        get_data="",
        post_data="",
        http_accept="",
        path_info="/accounts/login/",
    )
    client.force_login(cast.admin)
    client.post(f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"})
    assert not AccessAttempt.objects.exists()
    entry = AccessLogEntry.objects.get(actor=cast.admin, payload__admin="deleted")
    assert entry.payload["model"] == "axes.accessattempt"


def test_every_model_the_admin_role_may_change_in_django_admin_is_access_logged(cast, rf):
    from casequality.accounts.admin import AccessLoggedAdmin

    request = rf.get("/admin/")
    request.user = cast.admin
    for model, model_admin in admin.site._registry.items():
        writable = (
            model_admin.has_add_permission(request)
            or model_admin.has_change_permission(request)
            or model_admin.has_delete_permission(request)
        )
        assert isinstance(model_admin, AccessLoggedAdmin) or not writable, model._meta.label


def test_the_admin_resets_a_persons_lost_authenticator_app_and_it_is_logged(client, cast):
    totp_device_for(cast.cm_a)
    client.force_login(cast.admin)
    client.post("/admin/accounts/user/", {"action": "reset_second_factor", "_selected_action": [cast.cm_a.pk]})
    assert not TOTPDevice.objects.filter(user=cast.cm_a).exists()
    assert AccessLogEntry.objects.filter(actor=cast.admin, payload__admin="reset the second factor of").exists()


def test_the_authenticator_keys_are_not_in_django_admin():
    assert not admin.site.is_registered(TOTPDevice)


def test_the_admin_path_is_a_setting():
    import casequality.urls

    try:
        with override_settings(ADMIN_PATH="back-office/"):
            urls = importlib.reload(casequality.urls)
            assert "back-office/" in {str(p.pattern) for p in urls.urlpatterns}
            assert "admin/" not in {str(p.pattern) for p in urls.urlpatterns}
    finally:
        importlib.reload(casequality.urls)
