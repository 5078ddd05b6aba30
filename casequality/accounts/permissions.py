"""The view helpers: sign in first, then the role's permission (403).

They live in accounts, beside the permissions they check, so that every app's views can
use them without importing the web app. Only views import them (pyproject.toml's
import-linter contracts): services check permissions with `user.has_perm`.
"""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied


def page_permission(perm: str):
    """Require a signed-in user holding `perm` (accounts/rules.py); 403 otherwise."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.has_perm(perm):
                raise PermissionDenied(perm)
            return view(request, *args, **kwargs)

        wrapped.page_permission = perm
        return wrapped

    return decorator


def require_object_permission(user, perm: str, obj) -> None:
    """Raise PermissionDenied (403) unless `user` holds `perm` on `obj` (a case, or anything with one)."""
    if not user.has_perm(perm, obj):
        raise PermissionDenied(perm)
