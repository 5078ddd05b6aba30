"""The daily digest on a schedule: Celery beat (`casequality beat`, one process for the whole
deployment) sends `casequality.digest` at CASEQUALITY_DIGEST_TIME on CASEQUALITY_DIGEST_DAYS;
a worker takes it and enqueues each person's digest through the outbox.

Beat only says "it is time": a second beat, a message delivered twice, or an operator's
`casequality digest` the same day sends nothing more, for each person's digest is claimed
once a day in the database (digest.py).
"""

from __future__ import annotations

from celery.schedules import crontab
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from casequality.tasks.worker import app

DIGEST_MESSAGE = "casequality.digest"


def digest_crontab() -> crontab:
    """When the digest goes: CASEQUALITY_DIGEST_TIME (HH:MM, London time) on CASEQUALITY_DIGEST_DAYS."""
    raw = settings.CASEQUALITY_DIGEST_TIME
    hour, _, minute = raw.partition(":")
    if not (hour.isdigit() and minute.isdigit() and int(hour) < 24 and int(minute) < 60):
        raise ImproperlyConfigured(f"CASEQUALITY_DIGEST_TIME must be a time such as 07:00, not {raw!r}")
    return crontab(hour=int(hour), minute=int(minute), day_of_week=settings.CASEQUALITY_DIGEST_DAYS)


def beat_schedule() -> dict:
    return {"daily-digest": {"task": DIGEST_MESSAGE, "schedule": digest_crontab()}}


@app.task(name=DIGEST_MESSAGE, ignore_result=True)
def digest_due() -> int:
    """Beat's message, on a worker: enqueue today's digests; returns how many people."""
    from casequality.notifications.digest import digest_enqueue

    return len(digest_enqueue(timezone.localdate()))
