"""The Celery side of background work: the app, sending a task's id, and running it.

Every Casequality task reaches the workers as one Celery task, `casequality.run`, whose
only argument is the id of its `TaskRun` row. The row is written in the transaction that
asks for the work and its id sent after the commit (the outbox,
docs/decisions/0028-task-outbox.md); a send the broker refused, or a message no worker
picked up, is sent again by the relay (casequality/tasks/relay.py) that every
`casequality worker` runs.

A delivery claims its row atomically (waiting -> running, one conditional UPDATE): a
second delivery of a running, finished or failed task is acknowledged and skipped, so a
task delivered twice runs once. While it runs, the worker renews the row's heartbeat; a
running task whose heartbeat is older than CASEQUALITY_TASK_LEASE_SECONDS was lost with
its worker, and the relay (not a second delivery) puts it back to waiting and sends it
again, counting the attempt. A task's own work and the row's "successful" commit
together, and only while the row is still this attempt's: a task that finished is never
run twice, one that did not has left nothing half done. A task that raises is tried
again CASEQUALITY_TASK_ATTEMPTS times in all (after 2, 4, 8 ... seconds), then kept as
failed with its traceback (Django admin, Background tasks); so is a task whose worker was
lost on every attempt.
"""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Iterable
from datetime import timedelta

from celery import Celery
from django.conf import settings
from django.db import connection, transaction
from django.db.models import F
from django.tasks import TaskResultStatus
from django.utils import timezone
from django.utils.json import normalize_json
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

app = Celery("casequality")

#: What a command or page tells the person whose change could not be sent to the workers.
BROKER_UNAVAILABLE = "The broker is unavailable; your change is saved and will be checked when it returns."


class _ClaimLost(Exception):
    """The row is no longer this attempt's (the relay took it as lost): undo the work."""


def configure() -> Celery:
    """The Celery app with the settings in force (the broker, the queue)."""
    app.conf.update(
        broker_url=settings.CASEQUALITY_BROKER_URL or None,
        broker_connection_retry_on_startup=True,
        broker_connection_timeout=4,
        # A send the broker does not take within about two seconds is left to the relay:
        # a page or command never waits long on a broker that is down.
        task_publish_retry_policy={"max_retries": 2, "interval_start": 0, "interval_step": 0.5, "interval_max": 1},
        task_default_queue=settings.CASEQUALITY_TASK_QUEUE,
        task_serializer="json",
        accept_content=["json"],
        task_ignore_result=True,  # the outcome is written to the TaskRun row
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        worker_hijack_root_logger=False,
        timezone=settings.TIME_ZONE,
    )
    return app


configure()


def resend_seconds() -> int:
    return max(int(getattr(settings, "CASEQUALITY_TASK_RESEND_SECONDS", 60)), 1)


def lease_seconds() -> int:
    return max(int(getattr(settings, "CASEQUALITY_TASK_LEASE_SECONDS", 120)), 2)


def _broker_errors() -> tuple[type[BaseException], ...]:
    """What a send raises when the broker cannot be reached or drops the connection."""
    from amqp.exceptions import AMQPError
    from kombu.exceptions import KombuError

    return (KombuError, AMQPError, OSError, TimeoutError)


def publish(run_id: str, *, countdown: float | None = None) -> None:
    """Put the task of this TaskRun row on the queue; raises what the broker's client raises."""
    run.apply_async(args=[run_id], queue=settings.CASEQUALITY_TASK_QUEUE, countdown=countdown)


def send(run_ids: str | Iterable[str]) -> bool:
    """Send these rows' ids to the broker and note when; True if all went.

    A broker that cannot be reached is not an error of the caller's: the rows stay
    waiting, unsent, and the relay sends them when it returns. It is logged (a warning
    with BROKER_UNAVAILABLE) and noted for the caller (`broker_unavailable()`).
    """
    from casequality.tasks.models import TaskRun

    ids = [run_ids] if isinstance(run_ids, str) else list(run_ids)
    sent: list[str] = []
    try:
        for run_id in ids:
            publish(run_id)
            sent.append(run_id)
    except _broker_errors() as error:
        _note_unavailable()
        logger.warning(
            "%s (%d task(s) left for the relay: %s)",
            BROKER_UNAVAILABLE,
            len(ids) - len(sent),
            str(error) or type(error).__name__,
        )
    if sent:
        TaskRun.objects.filter(pk__in=sent).update(sent_at=timezone.now())
    return len(sent) == len(ids)


_state = threading.local()


def _note_unavailable() -> None:
    _state.unavailable = True


def broker_unavailable(*, clear: bool = True) -> bool:
    """Whether a send in this thread found the broker unavailable since last asked."""
    found = getattr(_state, "unavailable", False)
    if clear:
        _state.unavailable = False
    return found


@app.task(name="casequality.run", bind=True, max_retries=None)
def run(self, run_id: str) -> None:
    outcome = execute(run_id, worker=self.request.hostname or "")
    if outcome is not None:
        raise self.retry(countdown=outcome, exc=None)


def claim(run_id: str, *, worker: str) -> str:
    """Take row `run_id` for this attempt: "claimed", "gone" (not in the database),
    "failed" (over its attempts) or "skipped" (running elsewhere, or finished)."""
    from casequality.tasks.models import TaskRun

    now = timezone.now()
    taken = TaskRun.objects.filter(pk=run_id, status=TaskResultStatus.READY).update(
        status=TaskResultStatus.RUNNING,
        attempts=F("attempts") + 1,
        started_at=now,
        heartbeat_at=now,
        worker=worker[:200],
    )
    if not taken:
        return "skipped" if TaskRun.objects.filter(pk=run_id).exists() else "gone"
    limit = settings.CASEQUALITY_TASK_ATTEMPTS
    row = TaskRun.objects.only("attempts", "error").get(pk=run_id)
    if row.attempts > limit:
        TaskRun.objects.filter(pk=run_id, status=TaskResultStatus.RUNNING, attempts=row.attempts).update(
            status=TaskResultStatus.FAILED,
            finished_at=now,
            heartbeat_at=None,
            error=(row.error + f"\nGiven up after {limit} attempts.").strip(),
        )
        return "failed"
    return "claimed"


class _Heartbeat(threading.Thread):
    """Renews a running row's heartbeat until stopped, on a connection of its own."""

    def __init__(self, run_id: str, attempt: int):
        super().__init__(name=f"heartbeat-{run_id}", daemon=True)
        self.run_id, self.attempt, self.stopped = run_id, attempt, threading.Event()

    def run(self) -> None:
        from casequality.tasks.models import TaskRun

        try:
            while not self.stopped.wait(lease_seconds() / 4):
                try:
                    TaskRun.objects.filter(
                        pk=self.run_id, status=TaskResultStatus.RUNNING, attempts=self.attempt
                    ).update(heartbeat_at=timezone.now())
                except Exception:  # noqa: BLE001 - a missed beat is only a later one
                    logger.warning("Could not renew task %s's heartbeat", self.run_id, exc_info=True)
        finally:
            connection.close()

    def stop(self) -> None:
        self.stopped.set()
        self.join(timeout=30)


def execute(run_id: str, *, worker: str) -> int | None:
    """Run the task of row `run_id` once; return seconds to wait before retrying it, or None."""
    from casequality.tasks.models import TaskRun

    outcome = claim(run_id, worker=worker)
    if outcome == "gone":
        logger.warning("Task %s is not in the database: skipped", run_id)
        return None
    if outcome == "skipped":
        logger.info("Task %s was delivered again while running or after it ended: skipped", run_id)
        return None
    row = TaskRun.objects.get(pk=run_id)
    if outcome == "failed":
        logger.error("Task %s (%s) failed: %s", run_id, row.task_path, row.error)
        return None
    limit = settings.CASEQUALITY_TASK_ATTEMPTS
    mine = TaskRun.objects.filter(pk=run_id, status=TaskResultStatus.RUNNING, attempts=row.attempts)
    heartbeat = _Heartbeat(run_id, row.attempts)
    heartbeat.start()
    try:
        task = import_string(row.task_path)
        with transaction.atomic():
            value = normalize_json(task.call(*row.args, **row.kwargs))
            if not mine.update(
                status=TaskResultStatus.SUCCESSFUL, result=value, finished_at=timezone.now(), heartbeat_at=None
            ):
                raise _ClaimLost
    except _ClaimLost:
        logger.warning("Task %s's attempt %d was taken as lost while it ran: its work is undone", run_id, row.attempts)
        return None
    except Exception as error:  # noqa: BLE001 - kept on the row, retried, then shown to the admin
        text = "".join(traceback.format_exception(error))
        error_class = f"{type(error).__module__}.{type(error).__qualname__}"
        last = row.attempts >= limit
        wait = None if last else 2**row.attempts
        now = timezone.now()
        mine.update(
            status=TaskResultStatus.FAILED if last else TaskResultStatus.READY,
            error=text,
            error_class=error_class,
            finished_at=now if last else None,
            heartbeat_at=None,
            # The retry's message arrives in `wait` seconds: the relay counts from then.
            sent_at=None if wait is None else now + timedelta(seconds=wait),
        )
        logger.exception("Task %s (%s), attempt %d of %d, failed", run_id, row.task_path, row.attempts, limit)
        return wait
    finally:
        heartbeat.stop()
    return None
