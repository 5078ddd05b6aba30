"""The relay: what makes the task table an outbox (docs/decisions/0028-task-outbox.md).

Every `casequality worker` runs one, in a thread of its own (`Relay`), so a deployment
needs no other process. Each round it
- puts back a running task whose worker has not renewed its heartbeat for
  CASEQUALITY_TASK_LEASE_SECONDS (the worker died mid-task): waiting again with the
  attempt counted, or failed once it has had CASEQUALITY_TASK_ATTEMPTS;
- sends again a waiting task whose message the broker never took (a broker outage, a
  process that died between its commit and the send) once it has waited
  CASEQUALITY_TASK_RESEND_SECONDS, and one sent that long ago that no worker picked up
  when the broker's queue holds no waiting message (the message was lost; a queue still
  working through a backlog is not doubled).

Several relays (several workers) never send a row twice at once: each claims the rows it
sends by a conditional UPDATE (and on PostgreSQL skips rows another has locked), and a
task delivered twice still runs once (casequality/tasks/worker.py claims the row).
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.tasks import TaskResultStatus
from django.utils import timezone

from casequality.tasks.worker import _broker_errors, app, lease_seconds, publish, resend_seconds

logger = logging.getLogger(__name__)

BATCH = 500


@dataclass
class RelayRound:
    recovered: int = 0  # running tasks whose worker was lost, put back to waiting
    given_up: int = 0  # the same, over their attempts: failed
    resent: int = 0  # waiting tasks sent again
    broker_unavailable: bool = False


def relay_once(*, now: datetime | None = None) -> RelayRound:
    """One round of the relay (what the worker's thread runs every few seconds)."""
    now = now or timezone.now()
    done = RelayRound()
    _recover_lost(now, done)
    _resend(now, done)
    if done.recovered or done.given_up or done.resent:
        logger.warning(
            "Relay: %d lost task(s) put back, %d given up, %d sent again", done.recovered, done.given_up, done.resent
        )
    return done


def _recover_lost(now: datetime, done: RelayRound) -> None:
    from casequality.tasks.models import TaskRun

    cutoff = now - timedelta(seconds=lease_seconds())
    limit = settings.CASEQUALITY_TASK_ATTEMPTS
    with transaction.atomic():
        rows = list(
            TaskRun.objects.select_for_update(skip_locked=True)
            .filter(status=TaskResultStatus.RUNNING)
            .filter(Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, started_at__lt=cutoff))
            .order_by("started_at")
            .values_list("pk", "attempts", "worker")[:BATCH]
        )
        for pk, attempts, worker in rows:
            lost = (
                f"Attempt {attempts} stopped: its worker ({worker}) was lost mid-task "
                f"(no heartbeat for {lease_seconds()} s)."
            )
            last = attempts >= limit
            changed = TaskRun.objects.filter(pk=pk, status=TaskResultStatus.RUNNING, attempts=attempts).update(
                status=TaskResultStatus.FAILED if last else TaskResultStatus.READY,
                error=lost + (f"\nGiven up after {limit} attempts." if last else ""),
                error_class="celery.exceptions.WorkerLostError",
                heartbeat_at=None,
                sent_at=None,
                finished_at=now if last else None,
            )
            if changed and last:
                done.given_up += 1
                logger.error("Task %s failed: %s", pk, lost)
            elif changed:
                done.recovered += 1


def _queue_is_empty() -> bool:
    """Whether the deployment's queue holds no message waiting for a worker (no queue: empty)."""
    from amqp.exceptions import NotFound

    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=4)
        channel = conn.channel()
        try:
            declared = channel.queue_declare(queue=settings.CASEQUALITY_TASK_QUEUE, passive=True)
        except NotFound:
            return True
        finally:
            try:
                channel.close()
            except Exception:  # noqa: BLE001 - a channel a NotFound closed already
                pass
        return declared.message_count == 0


def _resend(now: datetime, done: RelayRound) -> None:
    from casequality.tasks.models import TaskRun

    cutoff = now - timedelta(seconds=resend_seconds())
    waiting = TaskRun.objects.filter(status=TaskResultStatus.READY)
    never_sent = Q(sent_at__isnull=True, enqueued_at__lt=cutoff)
    not_picked_up = Q(sent_at__lt=cutoff)
    try:
        if waiting.filter(not_picked_up).exists() and not _queue_is_empty():
            due = waiting.filter(never_sent)  # the queue is still working through what it holds
        else:
            due = waiting.filter(never_sent | not_picked_up)
    except _broker_errors():
        done.broker_unavailable = True
        return
    with transaction.atomic():
        rows = list(
            due.select_for_update(skip_locked=True).order_by("enqueued_at").values_list("pk", "sent_at")[:BATCH]
        )
        claimed = []
        for pk, sent_at in rows:
            mine = TaskRun.objects.filter(pk=pk, status=TaskResultStatus.READY)
            mine = mine.filter(sent_at__isnull=True) if sent_at is None else mine.filter(sent_at=sent_at)
            if mine.update(sent_at=now):
                claimed.append((pk, sent_at))
    for index, (pk, _sent_at) in enumerate(claimed):
        try:
            publish(pk)
        except _broker_errors():
            done.broker_unavailable = True
            for back, before in claimed[index:]:  # not sent: as they were
                TaskRun.objects.filter(pk=back, sent_at=now).update(sent_at=before)
            return
        done.resent += 1


def relay_interval() -> float:
    return max(min(resend_seconds(), lease_seconds()) / 4, 0.5)


class Relay(threading.Thread):
    """The relay's rounds, every `relay_interval()` seconds until stopped."""

    def __init__(self) -> None:
        super().__init__(name="casequality-relay", daemon=True)
        self.stopped = threading.Event()

    def run(self) -> None:
        logger.info("Relay started: every %.1f s", relay_interval())
        while not self.stopped.wait(relay_interval()):
            try:
                relay_once()
            except Exception:  # noqa: BLE001 - a round that failed (the database away) is tried again
                logger.exception("A round of the task relay failed; trying again")
            finally:
                # No connection held between rounds (a worker's pool forks children beside it).
                connection.close()

    def stop(self) -> None:
        self.stopped.set()
        self.join(timeout=30)
