"""Page-level permission checks for views: sign in first, then the role's permission (403)."""
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
    if not user.has_perm(perm, obj):
        raise PermissionDenied(perm)
