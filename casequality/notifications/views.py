"""The email settings page: each signed-in person turns their own emails on or off."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from casequality.notifications.forms import EmailSettingsForm
from casequality.notifications.models import EmailPreference


@login_required
@require_http_methods(["GET", "POST"])
def email_settings(request: HttpRequest) -> HttpResponse:
    """One's own choice of emails; no one else's, and nothing about a child."""
    preference = EmailPreference.objects.filter(user=request.user).first() or EmailPreference(user=request.user)
    if request.method == "POST":
        form = EmailSettingsForm(request.POST)
        if form.is_valid():
            preference.daily_digest = form.cleaned_data["daily_digest"]
            preference.at_once = form.cleaned_data["at_once"]
            preference.save()
            messages.success(request, "Your email settings have been saved")
            return redirect("web:email_settings")
    else:
        form = EmailSettingsForm(initial={"daily_digest": preference.daily_digest, "at_once": preference.at_once})
    return render(request, "notifications/email_settings.html", {"form": form, "address": request.user.email})
