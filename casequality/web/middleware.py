"""Rules that hold on every page.

Sign-in (SignInMiddleware): a person with a local account who has signed in with their
password reaches nothing but the second-factor pages (and signing out) until they enter a
code from their authenticator app, or enrol one at their first sign-in. Django's admin is
behind the same door. Every session ends SESSION_ABSOLUTE_SECONDS after sign-in, however
busy; the idle limit (SESSION_IDLE_SECONDS) is Django's own session expiry, renewed by a
signed-in request when the session was last saved SESSION_RENEW_SECONDS ago or more (not
on every request: that was a write and a commit on every page).

A person deactivated here (the admin, or `is_active` cleared by any means) is signed out
at their next request, whichever way they signed in (SignInMiddleware). A person signed in
by single sign-on is checked again at the identity provider once their sign-in is
CASEQUALITY_SSO_RECHECK_MINUTES old (IdentityRecheckMiddleware, mozilla-django-oidc's
SessionRefresh: a page asked for then goes to the identity provider without a prompt, and
a person removed or deactivated there comes back signed out); a form sent (any method but
GET) when that check is overdue by as long again ends the session, so a person removed at
the identity provider keeps no session longer than twice those minutes.

Nothing Casequality serves itself is kept by a browser or a proxy (NoStoreMiddleware):
every page and file the views make may carry a child's name or record, so every response
that reaches it says `Cache-Control: no-store` (with Django's never-cache headers); static
files, served by WhiteNoise before it, are cached as usual.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.middleware.gzip import GZipMiddleware
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import urlencode
from mozilla_django_oidc.middleware import SessionRefresh

from casequality.accounts.signin import SIGNED_IN_AT_SESSION_KEY, second_factor_done

# When the session's expiry was last pushed back (seconds since the epoch).
RENEWED_AT_SESSION_KEY = "casequality_renewed_at"


class SignInMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response = self.deactivated(request) or self.session_over(request) or self.second_factor_first(request)
            if response is not None:
                return response
            self.keep_alive(request)
        elif user is not None and request.session.get(SESSION_KEY) is not None:
            # The session names a person the backend no longer lets in (deactivated,
            # removed): it ends, so that reactivating them does not bring it back.
            request.session.flush()
        return self.get_response(request)

    @staticmethod
    def keep_alive(request):
        """Push the idle expiry back (a session write) once a SESSION_RENEW_SECONDS at most."""
        now = int(time.time())
        if now - request.session.get(RENEWED_AT_SESSION_KEY, 0) >= settings.SESSION_RENEW_SECONDS:
            request.session[RENEWED_AT_SESSION_KEY] = now  # modified: saved, with a new expiry

    @staticmethod
    def deactivated(request):
        """A person no longer active (deactivated since they signed in) is signed out now."""
        if request.user.is_active:
            return None
        logout(request)
        messages.info(request, "You have been signed out: your account is no longer active")
        return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)

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


# Where mozilla-django-oidc keeps when the identity provider last vouched for the session.
ID_TOKEN_EXPIRY_SESSION_KEY = "oidc_id_token_expiration"


def _signed_in_by_sso(request) -> bool:
    from django.contrib.auth import BACKEND_SESSION_KEY

    return request.session.get(BACKEND_SESSION_KEY) == "casequality.accounts.oidc.SingleSignOnBackend"


class IdentityRecheckMiddleware(SessionRefresh):
    """The identity provider asked again, without a prompt, whether a person signed in by
    single sign-on still may be (see the module's docstring)."""

    def process_request(self, request):
        if not settings.OIDC_ENABLED:
            return None
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not _signed_in_by_sso(request):
            return None
        checked_until = request.session.get(ID_TOKEN_EXPIRY_SESSION_KEY)
        if checked_until is None:
            # A session from before this rule: its window starts now.
            request.session[ID_TOKEN_EXPIRY_SESSION_KEY] = time.time() + settings.OIDC_RENEW_ID_TOKEN_EXPIRY_SECONDS
            return None
        overdue = time.time() - checked_until
        if request.method != "GET" and overdue > settings.OIDC_RENEW_ID_TOKEN_EXPIRY_SECONDS:
            logout(request)
            messages.info(
                request,
                "You have been signed out: your sign-in had not been checked with your "
                "organisation for too long. Nothing was saved. Sign in again",
            )
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        return super().process_request(request)


class PageGZipMiddleware(GZipMiddleware):
    """Django's GZipMiddleware for HTML pages only (decision 0044): a page is most of what a
    phone downloads. The API's JSON, CSV downloads and PDFs go as they are, for clients
    and tools that do not expect a compressed body; static files come compressed from
    WhiteNoise already."""

    def process_response(self, request, response):
        if not response.get("Content-Type", "").startswith("text/html"):
            return response
        return super().process_response(request, response)
