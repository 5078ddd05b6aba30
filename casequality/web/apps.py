from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "casequality.web"
    label = "web"

    def ready(self) -> None:
        from django.contrib import admin

        # People with the administrator role use Django's admin for users, teams and
        # staff without being made `is_staff`; what they may touch there is decided by
        # the named permissions in accounts/rules.py, like everything else.
        def has_permission(request) -> bool:
            user = request.user
            return bool(user.is_active and (user.is_staff or getattr(user, "role", None) == "admin"))

        admin.site.has_permission = has_permission
