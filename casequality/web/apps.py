from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "casequality.web"
    label = "web"

    def ready(self) -> None:
        from django.contrib import admin

        # People with the administrator role, and only they, use Django's admin for users,
        # services, teams and staff (is_staff plays no part); what they may touch there is
        # decided by the named permissions in accounts/rules.py, like everything else.
        def has_permission(request) -> bool:
            user = request.user
            return bool(user.is_active and getattr(user, "role", None) == "admin")

        admin.site.has_permission = has_permission
