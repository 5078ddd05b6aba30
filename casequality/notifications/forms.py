from __future__ import annotations

from django import forms


class EmailSettingsForm(forms.Form):
    """Which emails a person wants. A box left unticked is an email turned off."""

    daily_digest = forms.BooleanField(
        required=False,
        label="A daily email of my actions",
        help_text="On working days when you have actions: what is returned to you, overdue, due today and new.",
    )
    at_once = forms.BooleanField(
        required=False,
        label="An email when work is returned to me or my countersignature is asked for",
        help_text="Sent at the time it happens.",
    )
