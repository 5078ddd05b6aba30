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


def session_user(user_id):
    """The session's user with their staff record (their scope: accounts/selectors.py), the
    services they have been granted and whether this is a demo database, in one statement
    (data/signed_in.py); the last two remembered for the request. None if there is no such user."""
    from casequality.accounts.selectors import user_service_ids_known
    from casequality.accounts.signin import demo_database_known
    from casequality.data.signed_in import signed_in

    found = signed_in(user_id)
    if found is None:
        return None
    demo_database_known(found.demo_database)
    user_service_ids_known(found.user, found.extra_service_ids)
    return found.user


class SessionUser:
    """Each request's user read with what every page asks of them, in one query."""

    def get_user(self, user_id):
        user = session_user(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None


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
