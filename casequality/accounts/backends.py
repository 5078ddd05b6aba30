"""Local accounts: a username and password, and never a permission from the database.

Django's ModelBackend also grants what `user_permissions` and `groups` hold. Casequality's
permissions come from the role table alone (accounts/rules.py), so this backend grants
nothing: a row written into those tables (by hand, or by a form that slipped) changes no
one's access. The demo's logins sign in only on a database marked demo.
"""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend


class NoStoredPermissions:
    """Permissions from the role table only: nothing from user_permissions or groups."""

    def get_user_permissions(self, user_obj, obj=None):
        return set()

    def get_group_permissions(self, user_obj, obj=None):
        return set()

    def get_all_permissions(self, user_obj, obj=None):
        return set()

    def has_perm(self, user_obj, perm, obj=None):
        return False

    def has_module_perms(self, user_obj, app_label):
        return False

    def with_perm(self, perm, is_active=True, include_superusers=True, obj=None):
        from django.contrib.auth import get_user_model

        return get_user_model().objects.none()


class SessionUser:
    """Each request's user read with their staff record, in one query: the staff record
    gives a case manager or team manager their scope (accounts/selectors.py)."""

    def get_user(self, user_id):
        from django.contrib.auth import get_user_model

        try:
            user = get_user_model()._default_manager.select_related("staff").get(pk=user_id)
        except get_user_model().DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None


class LocalAccountBackend(SessionUser, NoStoredPermissions, ModelBackend):
    def user_can_authenticate(self, user) -> bool:
        """Active, and not a demo login on a database that is not a demo database.

        Checked at sign-in and on every request of a session (ModelBackend.get_user).
        """
        if not super().user_can_authenticate(user):
            return False
        if getattr(user, "is_demo_login", False):
            from casequality.accounts.signin import demo_database

            return demo_database()
        return True
