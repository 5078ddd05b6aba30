"""What each person wants by email, and each email claimed for sending.

`SentEmail` is the claim that makes "never twice" hold across processes, workers and
retries: a row (person, kind, about) is written before the email is sent, in one
conditional write that the database's unique constraint decides (services.py,
`email_claim`). A digest is about a day; an email at once is about an act.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class EmailPreference(models.Model):
    """One person's choice of emails. No row: both on."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_preference")
    daily_digest = models.BooleanField(default=True, help_text="a morning email of their actions")
    at_once = models.BooleanField(
        default=True, help_text="an email when work is returned to them or their countersignature is asked for"
    )
    changed_at = models.DateTimeField(auto_now=True)


class EmailKind(models.TextChoices):
    DIGEST = "digest", "Daily digest"
    RETURNED = "returned", "Work returned"
    REQUESTED = "requested", "Countersignature asked for"


class SentState(models.TextChoices):
    SENDING = "sending", "Sending"  # claimed; a process is sending it (or died doing so)
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"  # the mail server refused it: a later run may claim it again


class SentEmail(models.Model):
    """One email to one person: claimed, then sent or failed. Counts only, never its text."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=12, choices=EmailKind.choices)
    about = models.CharField(max_length=80, help_text="the day of a digest (YYYY-MM-DD); the act of an email at once")
    state = models.CharField(max_length=10, choices=SentState.choices, default=SentState.SENDING)
    attempts = models.PositiveIntegerField(default=1)
    claimed_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    actions = models.PositiveIntegerField(default=0, help_text="how many actions it listed")
    error = models.CharField(max_length=200, blank=True, help_text="the mail server's refusal, without the email")

    class Meta:
        ordering = ["-claimed_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "about"], name="sentemail_once_per_person"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.about} ({self.get_state_display()})"
