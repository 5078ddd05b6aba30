"""Django's admin: users, services, teams and staff, and nothing of a child's record.

The administrator role manages who may sign in and as what; it never reads a child's
record. So no case or sub-record model is registered here (the case admin is gone), the
user form has no field that grants access outside the role table (no superuser, staff,
groups or raw permissions: a posted value for them is ignored, and the database refuses
a superuser anyway), an administrator cannot change their own role, and every addition,
change and deletion writes an access-log entry beside Django's own LogEntry.
"""
from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminUserCreationForm

from casequality.accounts.models import AccessLogEntry, AccessVerb, User
from casequality.accounts.services import access_log_record
from casequality.accounts.signin import totp_devices_reset
from casequality.cases.models import Service, Staff, Team


class AccessLoggedAdmin(admin.ModelAdmin):
    """Every add, change and delete in the admin is also an access-log entry."""

    def _access_log(self, request, action: str, objects, message="") -> None:
        opts = self.model._meta
        objects = list(objects)
        services = {getattr(o, "service_id", None) for o in objects} if opts.model is not Service else {None}
        service_id = services.pop() if len(services) == 1 else None
        access_log_record(
            actor=request.user, verb=AccessVerb.CHANGE,
            service=Service.objects.filter(pk=service_id).first() if service_id else None,
            target=f"admin: {action} {opts.verbose_name} {', '.join(str(o) for o in objects)}"[:200],
            payload={"admin": action, "model": opts.label_lower, "object_ids": [str(o.pk) for o in objects],
                     "change": message if isinstance(message, (str, list)) else str(message)},
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


class CasequalityUserCreationForm(AdminUserCreationForm):
    class Meta(AdminUserCreationForm.Meta):
        model = User
        fields = ("username",)


@admin.register(User)
class CasequalityUserAdmin(AccessLoggedAdmin, UserAdmin):
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

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if obj is not None and obj.pk == request.user.pk:
            # An administrator cannot give themselves another role (a caseworker's, say).
            fields = (*fields, "role")
        return fields

    @admin.action(description="Reset the second factor (they set up their authenticator app again)")
    def reset_second_factor(self, request, queryset):
        removed = totp_devices_reset(users=queryset)
        self._access_log(request, "reset the second factor of", queryset)
        self.message_user(request, f"Removed {removed} authenticator app(s).", messages.SUCCESS)


@admin.register(Service)
class ServiceAdmin(AccessLoggedAdmin):
    list_display = ("code", "name")


@admin.register(Team)
class TeamAdmin(AccessLoggedAdmin):
    list_display = ("name", "service")
    list_filter = ("service",)


@admin.register(Staff)
class StaffAdmin(AccessLoggedAdmin):
    list_display = ("ref", "name", "role", "team", "manager", "service")
    list_filter = ("service", "role", "team")


@admin.register(AccessLogEntry)
class AccessLogEntryAdmin(admin.ModelAdmin):
    list_display = ("at", "actor_name", "verb", "case_ref", "target")
    list_filter = ("verb",)
    search_fields = ("case_ref", "actor_name")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# django-axes's lockouts: the admin role sees them and lifts one by deleting it, access-logged.
from axes.admin import AccessAttemptAdmin as AxesAccessAttemptAdmin  # noqa: E402
from axes.models import AccessAttempt  # noqa: E402

if admin.site.is_registered(AccessAttempt):
    admin.site.unregister(AccessAttempt)


@admin.register(AccessAttempt)
class AccessAttemptAdmin(AccessLoggedAdmin, AxesAccessAttemptAdmin):
    pass


# django-otp's own device admin shows each person's secret key as a QR code: the
# authenticator apps are reset from the user list instead (reset_second_factor above).
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402

if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)
