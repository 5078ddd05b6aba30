"""Admins kept to their service: service A's administrator against service B's objects on
every registered admin page and action (decision 0030, docs/security.md "Who may grant what").

The tests are parametrised over `admin.site._registry`: a newly registered admin fails here
until it has a maker of a service's object below (MAKERS) and scopes it, or the admin role
has no permission on it at all (CLOSED).
"""

from __future__ import annotations

import re
import uuid

import pytest
from django.contrib import admin
from django.tasks import TaskResultStatus
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from casequality.accounts.models import AccessLogEntry, Role, User
from casequality.accounts.services import access_log_record
from casequality.cases.models import Service, Staff, StaffRole, Team
from tests.conftest import PASSWORD, totp_device_for

MARK = "Zebrafinch"  # in every name of service B's objects: it must never show on A's admin's pages


def _user(service: Service, name: str, role=Role.CASE_MANAGER) -> User:
    return User.objects.create_user(
        username=f"{name}-{service.code.lower()}", password=PASSWORD, role=role, service=service, first_name=name
    )


def _token(service: Service):
    from casequality.api.models import ApiToken

    return ApiToken.objects.create(
        service=service, name=f"{service.name} CMS", prefix="cq_x", digest=uuid.uuid4().hex * 2
    )


def _lockout(service: Service):
    from axes.models import AccessAttempt

    user = _user(service, f"{service.name} Locked")
    return AccessAttempt.objects.create(
        username=user.username,
        failures_since_start=10,
        ip_address="192.0.2.1",
        user_agent=f"{service.name} agent",
        get_data="",
        post_data="",
        http_accept="",
        path_info="/accounts/login/",
    )


def _task(service: Service):
    from casequality.tasks.models import TaskRun

    return TaskRun.objects.create(
        id=uuid.uuid4().hex,
        task_path="casequality.standards.tasks.sweep_part",
        args=[service.pk, "2026-12-01", []],
        kwargs={"sweep": service.name},
        status=TaskResultStatus.FAILED,
        error=f"{service.name} failed",
        enqueued_at=timezone.now(),
    )


def _entry(service: Service):
    return access_log_record(
        actor=None, actor_name=f"{service.name} reader", verb="view", service=service, target=f"{service.name} page"
    )


# One object of a service, for each registered model the admin role may open.
MAKERS = {
    "accounts.User": lambda s: _user(s, f"{s.name} Person"),
    "cases.Service": lambda s: s,
    "cases.Team": lambda s: Team.objects.create(service=s, name=f"{s.name} Team"),
    "cases.Staff": lambda s: Staff.objects.create(
        service=s, ref=f"{s.code}-1", name=f"{s.name} Staff", role=StaffRole.CASE_MANAGER
    ),
    "accounts.AccessLogEntry": _entry,
    "axes.AccessAttempt": _lockout,
    "api.ApiToken": _token,
    "tasks.TaskRun": _task,
}
# Registered, but the admin role has no permission on them at all (403 for every administrator).
CLOSED = {"auth.Group", "axes.AccessLog", "axes.AccessFailureLog"}

REGISTERED = sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)
LABELS = [model._meta.label for model, _ in REGISTERED]


def url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def snapshot(obj) -> dict:
    obj = type(obj).objects.filter(pk=obj.pk).first()
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields} if obj else {}


@pytest.fixture
def two(cast):
    """Service A (the cast's MAN, its administrator `cast.admin`) and service B."""
    other = Service.objects.create(code="ZEB", name=MARK)
    return cast, other


def test_every_registered_admin_is_scoped_or_closed():
    assert [label for label in LABELS if label not in MAKERS and label not in CLOSED] == [], (
        "a new admin: add a maker to MAKERS in this file and scope it (accounts.admin.ServiceScopedAdmin)"
    )


@pytest.mark.parametrize("label", sorted(CLOSED))
def test_an_admin_the_role_has_no_permission_on_is_refused(client, cast, label):
    model = next(m for m in admin.site._registry if m._meta.label == label)
    client.force_login(cast.admin)
    assert client.get(url(model, "changelist")).status_code == 403


def scoped() -> list:
    return [pytest.param(model, id=model._meta.label) for model, _ in REGISTERED if model._meta.label in MAKERS]


@pytest.mark.parametrize("model", scoped())
def test_service_a_admin_lists_their_own_objects_and_none_of_service_b(client, two, model):
    cast, other = two
    own, theirs = MAKERS[model._meta.label](cast.service), MAKERS[model._meta.label](other)
    client.force_login(cast.admin)
    html = client.get(url(model, "changelist")).content.decode()
    assert url(model, "change", own.pk) in html
    assert url(model, "change", theirs.pk) not in html and MARK not in html


@pytest.mark.parametrize("model", scoped())
def test_the_national_administrator_lists_both_services_objects(client, two, model):
    cast, other = two
    theirs = MAKERS[model._meta.label](other)
    cast.admin.national_admin = True
    cast.admin.save()
    client.force_login(cast.admin)
    assert url(model, "change", theirs.pk) in client.get(url(model, "changelist")).content.decode()


@pytest.mark.parametrize("model", scoped())
def test_service_a_admin_cannot_open_or_change_service_b_objects(client, two, model):
    cast, other = two
    theirs = MAKERS[model._meta.label](other)
    before = snapshot(theirs)
    client.force_login(cast.admin)
    for view in ("change", "history", "delete"):
        response = client.get(url(model, view, theirs.pk))
        assert response.status_code in (302, 403, 404), view
        assert MARK not in response.content.decode()
    client.post(url(model, "change", theirs.pk), {"name": "changed", "username": "changed", "_save": "Save"})
    client.post(url(model, "delete", theirs.pk), {"post": "yes"})
    assert snapshot(theirs) == before


@pytest.mark.parametrize("model", scoped())
def test_no_action_of_service_a_admin_touches_service_b_objects(client, two, model):
    cast, other = two
    theirs = MAKERS[model._meta.label](other)
    if model is User:
        totp_device_for(theirs)
    before = snapshot(theirs)
    model_admin = admin.site._registry[model]
    client.force_login(cast.admin)
    request = client.get(url(model, "changelist")).wsgi_request
    if not model_admin.get_actions(request):
        pytest.skip("this admin offers an administrator no action")
    for action in model_admin.get_actions(request):
        client.post(url(model, "changelist"), {"action": action, "_selected_action": [theirs.pk], "post": "yes"})
    assert snapshot(theirs) == before
    if model is User:
        assert TOTPDevice.objects.filter(user=theirs).exists()


@pytest.mark.parametrize("model", scoped())
def test_service_a_admins_filters_and_search_never_show_service_b(client, two, model):
    cast, other = two
    theirs = MAKERS[model._meta.label](other)
    client.force_login(cast.admin)
    for query in (
        {"q": MARK},
        {"q": str(theirs.pk)},
        {"service__id__exact": other.pk},
        {"service": other.pk},
        {"id__exact": theirs.pk},
        {"username": getattr(theirs, "username", "")},
    ):
        html = client.get(url(model, "changelist"), query).content.decode()
        assert url(model, "change", theirs.pk) not in html, query
        assert MARK not in re.sub(rf'(="?|%3D|&quot;){MARK}', "", html), query


def relations() -> list:
    """(the model with the field, the field, the model it points to) for every relation
    between registered models: what the admin's autocomplete could be asked for."""
    found = []
    for source, _ in REGISTERED:
        for field in source._meta.get_fields():
            target = getattr(field, "related_model", None)
            if field.concrete and target is not None and target._meta.label in MAKERS:
                found.append(pytest.param(source, field.name, target, id=f"{source._meta.label}.{field.name}"))
    return found


@pytest.mark.parametrize(("source", "field_name", "model"), relations())
def test_autocomplete_never_offers_service_a_admin_a_service_b_object(client, two, source, field_name, model):
    cast, other = two
    theirs = MAKERS[model._meta.label](other)
    client.force_login(cast.admin)
    response = client.get(
        "/admin/autocomplete/",
        {
            "app_label": source._meta.app_label,
            "model_name": source._meta.model_name,
            "field_name": field_name,
            "term": MARK,
        },
    )
    body = response.content.decode()
    assert MARK not in body and f'"id": "{theirs.pk}"' not in body


def test_service_a_admin_cannot_set_service_b_people_password(client, two):
    cast, other = two
    theirs = _user(other, "Target")
    client.force_login(cast.admin)
    page = f"/admin/accounts/user/{theirs.pk}/password/"
    assert client.get(page).status_code == 404
    client.post(
        page, {"password1": "copper-harbour-92-kite", "password2": "copper-harbour-92-kite", "usable_password": "true"}
    )
    theirs.refresh_from_db()
    assert theirs.check_password(PASSWORD)


def test_service_a_admin_cannot_move_a_person_into_service_b(client, two):
    cast, other = two
    client.force_login(cast.admin)
    client.post(
        f"/admin/accounts/user/{cast.cm_c.pk}/change/",
        {"username": "cm_c", "role": Role.CASE_MANAGER, "service": other.pk, "is_active": "on", "_save": "Save"},
    )
    cast.cm_c.refresh_from_db()
    assert cast.cm_c.service == cast.service


def test_service_a_admin_cannot_grant_service_b_as_an_extra_service(client, two):
    cast, other = two
    client.force_login(cast.admin)
    client.post(
        f"/admin/accounts/user/{cast.qa_lead.pk}/change/",
        {
            "username": "qa_lead",
            "role": Role.QA_LEAD,
            "service": cast.service.pk,
            "extra_services": [other.pk],
            "is_active": "on",
            "_save": "Save",
        },
    )
    assert not cast.qa_lead.extra_services.exists()


def test_service_a_admin_cannot_link_a_person_to_service_b_staff_or_team(client, two):
    cast, other = two
    team = Team.objects.create(service=other, name=f"{MARK} Team")
    staff = Staff.objects.create(service=other, ref="Z1", name="Zed", role=StaffRole.CASE_MANAGER, team=team)
    client.force_login(cast.admin)
    client.post(
        f"/admin/accounts/user/{cast.cm_c.pk}/change/",
        {
            "username": "cm_c",
            "role": Role.CASE_MANAGER,
            "service": cast.service.pk,
            "staff": staff.pk,
            "team": team.pk,
            "is_active": "on",
            "_save": "Save",
        },
    )
    cast.cm_c.refresh_from_db()
    assert cast.cm_c.staff_id != staff.pk and cast.cm_c.team_id != team.pk


def test_service_a_admin_cannot_add_a_team_to_service_b(client, two):
    cast, other = two
    client.force_login(cast.admin)
    client.post("/admin/cases/team/add/", {"service": other.pk, "name": "Planted", "_save": "Save"})
    assert not Team.objects.filter(name="Planted").exists()


def test_service_a_admin_cannot_add_staff_to_service_b(client, two):
    cast, other = two
    client.force_login(cast.admin)
    client.post(
        "/admin/cases/staff/add/",
        {
            "service": other.pk,
            "ref": "P1",
            "name": "Planted",
            "role": StaffRole.CASE_MANAGER,
            "active": "on",
            "_save": "Save",
        },
    )
    assert not Staff.objects.filter(name="Planted").exists()


def test_a_person_added_by_service_a_admin_belongs_to_service_a(client, two):
    cast, _ = two
    client.force_login(cast.admin)
    client.post(
        "/admin/accounts/user/add/",
        {
            "username": "newcomer",
            "usable_password": "true",
            "password1": "copper-harbour-92-kite",
            "password2": "copper-harbour-92-kite",
            "_save": "Save",
        },
    )
    assert User.objects.get(username="newcomer").service == cast.service


def test_only_the_national_administrator_adds_a_service(client, cast):
    client.force_login(cast.admin)
    assert client.get("/admin/cases/service/add/").status_code == 403
    cast.admin.national_admin = True
    cast.admin.save()
    assert client.get("/admin/cases/service/add/").status_code == 200


def test_service_a_admin_is_offered_only_the_roles_they_may_grant(client, cast):
    client.force_login(cast.admin)
    html = client.get(f"/admin/accounts/user/{cast.cm_a.pk}/change/").content.decode()
    assert 'value="qa_lead"' in html and 'value="inspector"' not in html


def test_service_a_admin_cannot_make_someone_an_inspector(client, cast):
    client.force_login(cast.admin)
    client.post(
        f"/admin/accounts/user/{cast.cm_c.pk}/change/",
        {"username": "cm_c", "role": Role.INSPECTOR, "service": cast.service.pk, "is_active": "on", "_save": "Save"},
    )
    cast.cm_c.refresh_from_db()
    assert cast.cm_c.role == Role.CASE_MANAGER


def test_service_a_admin_cannot_change_an_inspector_of_their_service(client, cast):
    totp_device_for(cast.inspector)
    client.force_login(cast.admin)
    client.post(
        f"/admin/accounts/user/{cast.inspector.pk}/change/",
        {"username": "inspector", "role": Role.INSPECTOR, "service": cast.service.pk, "_save": "Save"},
    )
    client.post("/admin/accounts/user/", {"action": "reset_second_factor", "_selected_action": [cast.inspector.pk]})
    cast.inspector.refresh_from_db()
    assert cast.inspector.is_active and TOTPDevice.objects.filter(user=cast.inspector).exists()


def test_service_a_admin_neither_sees_nor_changes_a_national_administrator_of_service_a(client, cast):
    national = _user(cast.service, "National", role=Role.ADMIN)
    national.national_admin = True
    national.save()
    client.force_login(cast.admin)
    assert url(User, "change", national.pk) not in client.get(url(User, "changelist")).content.decode()
    client.post(
        f"/admin/accounts/user/{national.pk}/password/",
        {"password1": "copper-harbour-92-kite", "password2": "copper-harbour-92-kite", "usable_password": "true"},
    )
    national.refresh_from_db()
    assert national.check_password(PASSWORD)


def test_the_national_administrator_flag_is_in_no_admin_form(client, cast):
    client.force_login(cast.admin)
    client.post(
        f"/admin/accounts/user/{cast.admin.pk}/change/",
        {"username": "admin", "service": cast.service.pk, "national_admin": "on", "is_active": "on", "_save": "Save"},
    )
    cast.admin.refresh_from_db()
    assert not cast.admin.national_admin


@pytest.mark.parametrize("label", [label for label in LABELS if label in MAKERS])
@pytest.mark.parametrize("national", [False, True], ids=["service admin", "national admin"])
def test_no_filter_or_search_value_answers_500(client, cast, label, national):
    """A number past the database's integer range, or a NUL, in any filter or search."""
    model = next(m for m in admin.site._registry if m._meta.label == label)
    MAKERS[label](cast.service)
    cast.admin.national_admin = national
    cast.admin.save()
    client.force_login(cast.admin)
    huge = "9" * 30
    queries = [{"q": "a\x00b"}, {"q": huge}, {"p": huge}, {"o": huge}]
    for field in model._meta.concrete_fields:
        queries += [
            {f"{field.attname}__exact": huge},
            {f"{field.attname}__in": f"{huge},-{huge}"},
            {f"{field.attname}__gte": huge},
            {field.attname: f"-{huge}"},
        ]
    for query in queries:
        response = client.get(url(model, "changelist"), query)
        assert response.status_code in (200, 302, 400), (query, response.status_code)  # 400: lookup not allowed
    response = client.post(
        url(model, "changelist"),
        {
            "action": next(iter(admin.site._registry[model].get_actions(response.wsgi_request)), "delete_selected"),
            "_selected_action": [huge],
        },
    )
    assert response.status_code in (200, 302)


def test_service_a_admin_reads_only_their_services_access_log_entries(client, two):
    cast, other = two
    _entry(other)
    client.force_login(cast.admin)
    html = client.get("/admin/accounts/accesslogentry/").content.decode()
    assert f"{MARK} reader" not in html
    assert AccessLogEntry.objects.filter(actor_name=f"{MARK} reader").exists()
