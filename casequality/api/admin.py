"""Integrations' tokens in the admin: seen and revoked by the admin role, never shown or made here.

A token is made with `casequality api-token create`, which shows it once; the admin lists
names, prefixes and use, and revokes. Every revocation is an access-log entry
(AccessLoggedAdmin). A service's administrator sees and revokes only their services'
tokens (ScopedAccessLoggedAdmin, decision 0030).
"""

from __future__ import annotations

from django.contrib import admin, messages

from casequality.accounts.admin import ScopedAccessLoggedAdmin
from casequality.api.models import ApiToken
from casequality.api.services import api_token_revoke


@admin.register(ApiToken)
class ApiTokenAdmin(ScopedAccessLoggedAdmin):
    list_display = ("name", "service", "prefix", "created_at", "last_used_at", "revoked_at")
    list_filter = ("service",)
    readonly_fields = ("name", "service", "prefix", "created_at", "last_used_at", "revoked_at")
    exclude = ("digest",)
    actions = ("revoke",)

    def has_add_permission(self, request) -> bool:
        return False  # `casequality api-token create` shows the token once; the admin never sees one

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # revoked, never deleted: the access log names integrations by their token

    @admin.action(description="Revoke the selected tokens", permissions=["change"])
    def revoke(self, request, queryset):
        tokens = [api_token_revoke(token=token) for token in queryset if self.has_change_permission(request, token)]
        self._access_log(request, "revoked", tokens)
        messages.success(request, f"Revoked {len(tokens)} token{'s' if len(tokens) != 1 else ''}")
