"""Signing in and out, the second factor, one's own password, and the lockout page.

The session idles out after SESSION_COOKIE_AGE and ends SESSION_ABSOLUTE_SECONDS after
sign-in (settings; web/middleware.py). A local account enters a code from an
authenticator app after its password, and enrols one at its first sign-in; single sign-on
leaves both to the identity provider (accounts/oidc.py).
"""

from __future__ import annotations

import django_otp
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView, PasswordChangeView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from casequality.accounts.signin import (
    second_factor_done,
    totp_device,
    totp_enrolment_confirm,
    totp_enrolment_start,
    totp_manual_key,
    totp_qr_svg,
)
from casequality.web.forms import PasswordChangeGovukForm, SecondFactorForm, SignInForm


def _sign_in_context() -> dict:
    return {
        "idle_minutes": settings.SESSION_COOKIE_AGE // 60,
        "absolute_hours": f"{settings.SESSION_ABSOLUTE_SECONDS / 3600:g}",
        "sso": settings.OIDC_ENABLED,
    }


class SignInView(LoginView):
    template_name = "web/accounts/login.html"
    form_class = SignInForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(_sign_in_context(), sso_failed=self.request.GET.get("sso") == "failed")
        return context


def locked_out(request: HttpRequest, *args, **kwargs) -> HttpResponse:
    """The sign-in page after too many failed sign-ins for one username (django-axes).

    The same words whether or not the account exists: the lockout counts usernames, not
    accounts, so a stranger learns nothing by trying.
    """
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    context = {
        **_sign_in_context(),
        "form": SignInForm(request),
        "next": request.POST.get("next", ""),
        "locked_out": f"There have been too many failed attempts to sign in with this username. "
        f"Wait {minutes} minutes, then try again",
    }
    return render(request, "web/accounts/login.html", context, status=429)


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse("web:home")


@login_required
@require_http_methods(["GET", "POST"])
def two_factor(request: HttpRequest) -> HttpResponse:
    """The code from the person's authenticator app, after their password."""
    if second_factor_done(request):
        return redirect(_next_url(request))
    device = totp_device(request.user)
    if device is None:
        return redirect(f"{reverse('web:two_factor_setup')}?{request.GET.urlencode()}")
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        verified = django_otp.verify_token(request.user, device.persistent_id, form.cleaned_data["token"])
        if verified is not None:
            django_otp.login(request, verified)
            return redirect(_next_url(request))
        form.add_error("token", "That code is not right or has been used: enter the code your app shows now")
    return render(request, "web/accounts/two_factor.html", {"form": form, "next": _next_url(request)})


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """First sign-in of a local account: add Casequality to an authenticator app, then enter a code."""
    if totp_device(request.user) is not None:
        return redirect(f"{reverse('web:two_factor')}?{request.GET.urlencode()}")
    device = totp_enrolment_start(user=request.user)
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        confirmed = totp_enrolment_confirm(user=request.user, token=form.cleaned_data["token"])
        if confirmed is not None:
            django_otp.login(request, confirmed)
            messages.success(request, "Your authenticator app is set up. You will need it each time you sign in")
            return redirect(_next_url(request))
        form.add_error("token", "That code is not right: check the app shows Casequality and enter its code now")
    return render(
        request,
        "web/accounts/two_factor_setup.html",
        {
            "form": form,
            "next": _next_url(request),
            "qr_svg": totp_qr_svg(device),
            "manual_key": totp_manual_key(device),
            "issuer": settings.OTP_TOTP_ISSUER,
        },
    )


class PasswordChange(PasswordChangeView):
    """Change one's own password (Django's validators: at least PASSWORD_MIN_LENGTH characters)."""

    template_name = "web/accounts/password_change.html"
    form_class = PasswordChangeGovukForm
    success_url = reverse_lazy("web:home")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, "Your password has been changed")
        return response


password_change = PasswordChange.as_view()


@login_required
@require_http_methods(["GET", "POST"])
def sign_out(request: HttpRequest) -> HttpResponse:
    """GET asks to confirm; POST signs out (never a GET that changes state)."""
    if request.method == "POST":
        logout(request)
        messages.success(request, "You have been signed out")
        return redirect(settings.LOGOUT_REDIRECT_URL)
    return render(request, "web/accounts/sign_out.html")


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Send each role to its first page."""
    from casequality.web.navigation import navigation_items

    items = navigation_items(request.user)
    return redirect(reverse(items[0][1]) if len(items) > 1 else reverse("web:sign_out"))
