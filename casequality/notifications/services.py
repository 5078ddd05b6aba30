"""Claiming, sending and recording one email, and who wants which.

"Never twice" holds across processes, workers and retries because an email is claimed
before it is sent, in one conditional write: the INSERT of its `SentEmail` row (the unique
constraint on person, kind and what it is about lets one writer win; the others find the
row and send nothing), or, for an email the mail server refused before, one UPDATE of that
row from failed to sending. The email is sent only after the claim has committed
(`email_send_after_commit`), so a claim rolled back never sends, and a process that dies
while sending leaves its row "sending" for ever: that person misses the email rather than
getting it twice (docs/decisions/0042-email.md).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from smtplib import SMTPException

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from casequality.notifications.models import EmailPreference, SentEmail, SentState

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Email:
    """An email ready to send: its subject and plain text, no HTML."""

    to: str
    subject: str
    body: str


def email_render(to: str, template: str, context: dict) -> Email:
    """The email of `template` (notifications/email/<template>.txt: its first line is the
    subject, the rest the body)."""
    text = render_to_string(f"notifications/email/{template}.txt", {**context, "links": links()})
    subject, _, body = text.strip().partition("\n")
    return Email(to=to, subject=subject.strip(), body=body.strip() + "\n")


def link(name: str, **kwargs) -> str:
    """The address of a page of Casequality for an email (CASEQUALITY_BASE_URL + its path)."""
    return settings.CASEQUALITY_BASE_URL.rstrip("/") + reverse(name, kwargs=kwargs or None)


def links() -> dict[str, str]:
    return {"home": link("web:home"), "settings": link("web:email_settings")}


def wants(user, which: str) -> bool:
    """Whether `user` has an address and has not turned off `which` ("daily_digest" or "at_once")."""
    if not user.is_active or not user.email:
        return False
    preference = EmailPreference.objects.filter(user=user).first()
    return preference is None or getattr(preference, which)


def email_claim(*, user, kind: str, about: str, actions: int = 0) -> SentEmail | None:
    """Claim the email (user, kind, about) for sending, or None if it is sent, being sent, or
    claimed by another process. One conditional write: the insert that the unique
    constraint decides, or taking back a failed one."""
    now = timezone.now()
    try:
        with transaction.atomic():  # a savepoint: the caller's transaction goes on if it is taken
            return SentEmail.objects.create(user=user, kind=kind, about=about, claimed_at=now, actions=actions)
    except IntegrityError:
        pass
    retaken = SentEmail.objects.filter(user=user, kind=kind, about=about, state=SentState.FAILED).update(
        state=SentState.SENDING, claimed_at=now, attempts=F("attempts") + 1, actions=actions, error=""
    )
    return SentEmail.objects.get(user=user, kind=kind, about=about) if retaken else None


def email_send_after_commit(claim: SentEmail, email: Email) -> None:
    """Send `email` once the transaction that claimed it commits (at once outside one)."""
    transaction.on_commit(lambda: email_send(claim, email), robust=True)


def email_send(claim: SentEmail, email: Email) -> bool:
    """Send a claimed email through Django's mail settings and note the outcome on its claim.
    A refusal is noted (its class and the server's first line, never the email) and logged."""
    try:
        EmailMessage(subject=email.subject, body=email.body, to=[email.to]).send()
    except Exception as error:  # noqa: BLE001 - after the commit: noted and logged, never a page's error
        reason = f"{type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}"[:200]
        SentEmail.objects.filter(pk=claim.pk, state=SentState.SENDING).update(state=SentState.FAILED, error=reason)
        log = logger.warning if isinstance(error, (SMTPException, OSError)) else logger.exception
        log("An email (%s %s) to user %s was not sent: %s", claim.kind, claim.about, claim.user_id, reason)
        return False
    SentEmail.objects.filter(pk=claim.pk, state=SentState.SENDING).update(state=SentState.SENT, sent_at=timezone.now())
    return True
