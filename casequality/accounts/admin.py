from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from casequality.accounts.models import AccessLogEntry, User


@admin.register(User)
class CasequalityUserAdmin(UserAdmin):
    fieldsets = UserAdmin.fieldsets + (("Casequality", {"fields": ("role", "service", "extra_services", "staff", "team")}),)
    list_display = ("username", "first_name", "last_name", "role", "service", "is_active")
    list_filter = ("role", "service", "is_active")


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
