"""Django's admin: users, services, teams and staff, and nothing of a child's record.

The administrator role manages who may sign in and as what; it never reads a child's
record. So no case or sub-record model is registered here (the case admin is gone), the
user form has no field that grants access outside the role table (no superuser, staff,
groups or raw permissions: a posted value for them is ignored, and the database refuses
a superuser anyway), an administrator cannot change their own role, and every addition,
change and deletion writes an access-log entry beside Django's own LogEntry.

A service's administrator is kept to their service (decision 0030, docs/security.md "Who
may grant what"): every admin here scopes its list, its objects, its choices, its filters,
its search and its actions to the administrator's services (`admin_scope`). Only the
national administrator (`User.national_admin`, set by `casequality national-admin grant`)
reaches every service. A newly registered admin that does not scope fails
tests/web/test_admin_scope.py.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminUserCreationForm
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.db.models import QuerySet
from django.http import HttpResponseRedirect

from casequality.accounts.models import AccessLogEntry, AccessVerb, Role, User
from casequality.accounts.roles import ROLES
from casequality.accounts.selectors import admin_scope, is_national_admin
from casequality.accounts.services import access_log_record
from casequality.accounts.signin import totp_devices_reset
from casequality.cases.models import Service, Staff, Team

# The roles a service's administrator may give (docs/security.md): every role of a service's
# own people (accounts/roles.py, `of_the_service`); the national administrator's own power
# comes only from the command.
SERVICE_ADMIN_GRANTS = tuple(role for role, rights in ROLES.items() if rights.of_the_service)


def roles_grantable(user) -> tuple[str, ...]:
    return tuple(Role.values) if is_national_admin(user) else tuple(str(r) for r in SERVICE_ADMIN_GRANTS)


def users_in_scope(user) -> QuerySet[User]:
    """The people this administrator manages: of their services, never a national administrator
    (who is managed by the command alone) unless they are one themselves."""
    scope = admin_scope(user)
    if scope is None:
        return User.objects.all()
    return User.objects.filter(service_id__in=scope, national_admin=False)


class BoundedChangeList(ChangeList):
    """A change list whose filters and search cannot break the page: a value the database
    cannot take (a number past its integer range, a NUL character in a search on
    PostgreSQL) is Django's "incorrect lookup" (the list again with ?e=1), never a 500."""

    def get_queryset(self, request, exclude_parameters=None):
        try:
            return super().get_queryset(request, exclude_parameters)
        except (OverflowError, ValueError, ValidationError) as error:
            raise IncorrectLookupParameters(error) from error

    def get_results(self, request):
        try:
            with transaction.atomic():
                super().get_results(request)
                len(self.result_list)  # the page's rows read here, inside the savepoint
        except (DatabaseError, OverflowError, ValueError) as error:
            raise IncorrectLookupParameters(error) from error


class AccessLoggedAdmin(admin.ModelAdmin):
    """Every add, change and delete in the admin is also an access-log entry."""

    def _access_log(self, request, action: str, objects, message="") -> None:
        opts = self.model._meta
        objects = list(objects)
        services = {getattr(o, "service_id", None) for o in objects} if opts.model is not Service else {None}
        service_id = services.pop() if len(services) == 1 else None
        access_log_record(
            actor=request.user,
            verb=AccessVerb.CHANGE,
            service=Service.objects.filter(pk=service_id).first() if service_id else None,
            target=f"admin: {action} {opts.verbose_name} {', '.join(str(o) for o in objects)}"[:200],
            payload={
                "admin": action,
                "model": opts.label_lower,
                "object_ids": [str(o.pk) for o in objects],
                "change": message if isinstance(message, (str, list)) else str(message),
            },
        )

    def log_addition(self, request, obj, message):
        entry = super().log_addition(request, obj, message)
        self._access_log(request, "added", [obj], message)
        return entry

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        self._access_log(request, "changed", [obj], message)
        return entry

    def log_deletions(self, request, queryset):
        entries = super().log_deletions(request, queryset)
        self._access_log(request, "deleted", queryset)
        return entries


class ServiceScopedAdmin(admin.ModelAdmin):
    """An admin kept to the administrator's services.

    `scope_queryset` narrows every list, object lookup (change, delete, history, password,
    actions: Django finds them all through get_queryset), and the choices of every foreign
    key and many-to-many field to a service, team, staff member or user (so no form can point
    at another service's). Object permissions say no outside the scope; related filters list
    only what the scoped list holds; bad filter values never reach a 500.
    """

    # The lookup from this model to its service's id ("service" for a Team, "pk" for a Service).
    service_lookup = "service"

    def scope_queryset(self, request, queryset: QuerySet) -> QuerySet:
        scope = admin_scope(request.user)
        if scope is None:
            return queryset
        return queryset.filter(**{f"{self.service_lookup}__in": scope})

    def get_queryset(self, request):
        return self.scope_queryset(request, super().get_queryset(request))

    def in_scope(self, request, obj) -> bool:
        return obj is None or self.get_queryset(request).filter(pk=obj.pk).exists()

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self.in_scope(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self.in_scope(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self.in_scope(request, obj)

    def get_changelist(self, request, **kwargs):
        return BoundedChangeList

    def get_list_filter(self, request):
        """A filter on a relation lists only what the (scoped) list holds."""
        return [
            (name, admin.RelatedOnlyFieldListFilter) if isinstance(name, str) and self._is_relation(name) else name
            for name in super().get_list_filter(request)
        ]

    def _is_relation(self, name: str) -> bool:
        try:
            return self.model._meta.get_field(name).is_relation
        except Exception:  # a lookup path or a custom filter: left as it is
            return False

    def related_in_scope(self, request, model, queryset: QuerySet) -> QuerySet:
        scope = admin_scope(request.user)
        if scope is None:
            return queryset
        if model is Service:
            return queryset.filter(pk__in=scope)
        if model in (Team, Staff):
            return queryset.filter(service_id__in=scope)
        if model is User:
            return queryset.filter(pk__in=users_in_scope(request.user).values("pk"))
        return queryset.none()  # a relation this scoping does not know: offer nothing

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if field is not None and hasattr(field, "queryset"):
            field.queryset = self.related_in_scope(request, db_field.remote_field.model, field.queryset)
        return field

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if field is not None and hasattr(field, "queryset"):
            field.queryset = self.related_in_scope(request, db_field.remote_field.model, field.queryset)
        return field

    def response_action(self, request, queryset, **kwargs):
        """An action on selected ids the database cannot take is an error message, not a 500."""
        try:
            with transaction.atomic():
                return super().response_action(request, queryset, **kwargs)
        except (DatabaseError, OverflowError, ValueError) as error:
            self.message_user(request, f"Those items could not be found ({type(error).__name__}).", messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())


class ScopedAccessLoggedAdmin(ServiceScopedAdmin, AccessLoggedAdmin):
    """Kept to the administrator's services, every change access-logged."""


class CasequalityUserCreationForm(AdminUserCreationForm):
    class Meta(AdminUserCreationForm.Meta):
        model = User
        fields = ("username",)


@admin.register(User)
class CasequalityUserAdmin(ScopedAccessLoggedAdmin, UserAdmin):
    add_form = CasequalityUserCreationForm
    # Only fields inside the role table: no is_superuser, is_staff, groups or user_permissions.
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("Name and email", {"fields": ("first_name", "last_name", "email")}),
        ("Role and scope", {"fields": ("role", "service", "extra_services", "staff", "team", "is_active")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "usable_password", "password1", "password2")}),
    )
    readonly_fields = ("last_login", "date_joined")
    filter_horizontal = ("extra_services",)
    list_display = ("username", "first_name", "last_name", "role", "service", "is_active")
    list_filter = ("role", "service", "is_active")
    actions = ["reset_second_factor"]

    def scope_queryset(self, request, queryset):
        scope = admin_scope(request.user)
        if scope is None:
            return queryset
        return queryset.filter(service_id__in=scope, national_admin=False)

    def has_change_permission(self, request, obj=None):
        """A service's administrator changes (role, password, second factor, deactivation)
        only people whose role they could grant: an inspector is the national administrator's."""
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or is_national_admin(request.user) or obj.role in roles_grantable(request.user)

    def has_add_permission(self, request):
        scope = admin_scope(request.user)
        return super().has_add_permission(request) and (scope is None or bool(scope))

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if obj is not None and obj.pk == request.user.pk:
            # An administrator cannot give themselves another role (a caseworker's, say).
            fields = (*fields, "role")
        return fields

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "role":
            grantable = roles_grantable(request.user)
            kwargs["choices"] = [(value, label) for value, label in db_field.choices if value in grantable]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if admin_scope(request.user) is not None and "service" in form.base_fields:
            form.base_fields["service"].required = True  # else the person would leave the admin's scope
        return form

    def save_model(self, request, obj, form, change):
        scope = admin_scope(request.user)
        if not change and scope is not None and obj.service_id not in scope:
            # A person added by a service's administrator belongs to that service.
            obj.service_id = request.user.service_id if request.user.service_id in scope else min(scope)
        super().save_model(request, obj, form, change)

    @admin.action(
        description="Reset the second factor (they set up their authenticator app again)", permissions=["change"]
    )
    def reset_second_factor(self, request, queryset):
        users = [user for user in queryset if self.has_change_permission(request, user)]
        removed = totp_devices_reset(users=users)
        self._access_log(request, "reset the second factor of", users)
        self.message_user(request, f"Removed {removed} authenticator app(s).", messages.SUCCESS)


@admin.register(Service)
class ServiceAdmin(ScopedAccessLoggedAdmin):
    list_display = ("code", "name")
    service_lookup = "pk"

    def has_add_permission(self, request):
        # A new service is the national administrator's (a service's admin would own it unseen).
        return super().has_add_permission(request) and is_national_admin(request.user)


@admin.register(Team)
class TeamAdmin(ScopedAccessLoggedAdmin):
    list_display = ("name", "service")
    list_filter = ("service",)
    search_fields = ("name",)


@admin.register(Staff)
class StaffAdmin(ScopedAccessLoggedAdmin):
    list_display = ("ref", "name", "role", "team", "manager", "service")
    list_filter = ("service", "role", "team")
    search_fields = ("ref", "name")


@admin.register(AccessLogEntry)
class AccessLogEntryAdmin(ServiceScopedAdmin):
    """Read only. A service's administrator reads their services' entries; entries of no
    service (a failed sign-in under an unknown name, a command's) are the national
    administrator's."""

    list_display = ("at", "actor_name", "verb", "case_ref", "target")
    list_filter = ("verb",)
    search_fields = ("case_ref", "actor_name")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# django-axes's lockouts: the admin role sees them and lifts one by deleting it, access-logged;
# a service's administrator only those of the people they manage.
from axes.admin import AccessAttemptAdmin as AxesAccessAttemptAdmin  # noqa: E402
from axes.models import AccessAttempt  # noqa: E402

if admin.site.is_registered(AccessAttempt):
    admin.site.unregister(AccessAttempt)


@admin.register(AccessAttempt)
class AccessAttemptAdmin(ScopedAccessLoggedAdmin, AxesAccessAttemptAdmin):
    # Not axes's "clean up expired attempts": it ignores the selection (every service's
    # attempts) and fails outside a sign-in request. Expired lockouts lift themselves.
    actions = ()

    def scope_queryset(self, request, queryset):
        if admin_scope(request.user) is None:
            return queryset
        return queryset.filter(username__in=users_in_scope(request.user).values("username"))


# django-otp's own device admin shows each person's secret key as a QR code: the
# authenticator apps are reset from the user list instead (reset_second_factor above).
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402

if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)


# Background tasks (tasks/admin.py) know no service: tasks stand under every app. Their
# arguments are record keys, so here they are read for the service they concern; a task of
# several services, of none, or of a kind not named here is the national administrator's.
from casequality.tasks.admin import task_scope_register  # noqa: E402

SWEEP_PART = "casequality.standards.tasks.sweep_part"
REEVALUATE = "casequality.standards.tasks.cases_reevaluate"
REPORT_PDF = "casequality.reports.tasks.report_pdf_make"


def _first_argument(run: dict, name: str):
    if run["args"]:
        return run["args"][0]
    return (run["kwargs"] or {}).get(name)


def task_runs_in_scope(request, queryset: QuerySet) -> QuerySet:
    """The background tasks this administrator sees: each of one service in their scope."""
    from django.apps import apps

    from casequality.cases.models import Case

    scope = admin_scope(request.user)
    if scope is None:
        return queryset
    if not scope:
        return queryset.none()
    runs = list(
        queryset.filter(task_path__in=(SWEEP_PART, REEVALUATE, REPORT_PDF)).values("pk", "task_path", "args", "kwargs")
    )
    case_ids = {
        int(i)
        for run in runs
        if run["task_path"] == REEVALUATE
        for i in (_first_argument(run, "case_ids") or [])
        if isinstance(i, int)
    }
    case_service = dict(Case.objects.filter(pk__in=case_ids).values_list("pk", "service_id")) if case_ids else {}
    audit_ids = {_first_argument(run, "audit_id") for run in runs if run["task_path"] == REPORT_PDF}
    audit_service = {}
    if apps.is_installed("casequality.audits") and audit_ids:
        audit_model = apps.get_model("audits", "Audit")
        audit_service = dict(
            audit_model.objects.filter(pk__in=[a for a in audit_ids if isinstance(a, int)]).values_list(
                "pk", "service_id"
            )
        )
    allowed = []
    for run in runs:
        if run["task_path"] == SWEEP_PART:
            services = {_first_argument(run, "service_id")}
        elif run["task_path"] == REEVALUATE:
            ids = _first_argument(run, "case_ids") or []
            services = {case_service.get(i) for i in ids} if ids else {None}
        else:
            services = {audit_service.get(_first_argument(run, "audit_id"))}
        if len(services) == 1 and services <= scope:
            allowed.append(run["pk"])
    return queryset.filter(pk__in=allowed)


task_scope_register(task_runs_in_scope, changelist=BoundedChangeList)
