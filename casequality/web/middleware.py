"""Rules that hold on every page.

Sign-in (SignInMiddleware): a person with a local account who has signed in with their
password reaches nothing but the second-factor pages (and signing out) until they enter a
code from their authenticator app, or enrol one at their first sign-in. Django's admin is
behind the same door. Every session ends SESSION_ABSOLUTE_SECONDS after sign-in, however
busy; the idle limit (SESSION_IDLE_SECONDS) is Django's own session expiry, renewed by a
signed-in request when the session was last saved SESSION_RENEW_SECONDS ago or more (not
on every request: that was a write and a commit on every page).

Nothing Casequality serves itself is kept by a browser or a proxy (NoStoreMiddleware):
every page and file the views make may carry a child's name or record, so every response
that reaches it says `Cache-Control: no-store` (with Django's never-cache headers); static
files, served by WhiteNoise before it, are cached as usual.
"""
from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import urlencode

from casequality.accounts.signin import SIGNED_IN_AT_SESSION_KEY, second_factor_done

# When the session's expiry was last pushed back (seconds since the epoch).
RENEWED_AT_SESSION_KEY = "casequality_renewed_at"


class SignInMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response = self.session_over(request) or self.second_factor_first(request)
            if response is not None:
                return response
            self.keep_alive(request)
        return self.get_response(request)

    @staticmethod
    def keep_alive(request):
        """Push the idle expiry back (a session write) once a SESSION_RENEW_SECONDS at most."""
        now = int(time.time())
        if now - request.session.get(RENEWED_AT_SESSION_KEY, 0) >= settings.SESSION_RENEW_SECONDS:
            request.session[RENEWED_AT_SESSION_KEY] = now  # modified: saved, with a new expiry

    @staticmethod
    def session_over(request):
        signed_in_at = request.session.get(SIGNED_IN_AT_SESSION_KEY)
        if signed_in_at is None:
            # A session from before this rule: its lifetime starts now.
            request.session[SIGNED_IN_AT_SESSION_KEY] = int(time.time())
            return None
        if time.time() - signed_in_at <= settings.SESSION_ABSOLUTE_SECONDS:
            return None
        logout(request)
        hours = settings.SESSION_ABSOLUTE_SECONDS / 3600
        messages.info(request, f"You have been signed out: a session lasts {hours:g} hours. Sign in again")
        return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)

    @staticmethod
    def second_factor_first(request):
        open_paths = {reverse("web:two_factor"), reverse("web:two_factor_setup"), reverse("web:sign_out")}
        if request.path in open_paths or request.path.startswith(settings.STATIC_URL):
            return None
        if second_factor_done(request):
            return None
        return redirect(f"{reverse('web:two_factor')}?{urlencode({'next': request.get_full_path()})}")


class NoStoreMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        add_never_cache_headers(response)
        return response
