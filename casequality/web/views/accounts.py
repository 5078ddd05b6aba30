"""Signing in and out. The session idles out after SESSION_COOKIE_AGE (settings)."""
from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from casequality.web.forms import SignInForm


class SignInView(LoginView):
    template_name = "web/accounts/login.html"
    form_class = SignInForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["idle_minutes"] = settings.SESSION_COOKIE_AGE // 60
        return context


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
    from django.urls import reverse

    items = navigation_items(request.user)
    return redirect(reverse(items[0][1]) if len(items) > 1 else reverse("web:sign_out"))
