from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "casequality.web"
    label = "web"

    def ready(self) -> None:
        from django.contrib import admin

        # People whose role may use it (accounts/roles.py: the administrator), and only they,
        # use Django's admin for users, services, teams and staff (is_staff plays no part);
        # what they may touch there is decided by the role's named permissions too.
        def has_permission(request) -> bool:
            user = request.user
            return bool(user.is_active and user.has_perm("accounts.use_admin_site"))

        admin.site.has_permission = has_permission
