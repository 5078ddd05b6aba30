"""The Celery side of background work: the app, sending a task's id, and running it.

Every Casequality task reaches the workers as one Celery task, `casequality.run`, whose
only argument is the id of its `TaskRun` row. Messages are acknowledged only after the
task ends (`acks_late`), one at a time per worker process (prefetch 1), and given back to
the queue if the worker dies (`reject_on_worker_lost`; RabbitMQ re-delivers a message
whose connection closed unacknowledged): a worker killed mid-task loses nothing, and
another runs it again. A task's own work and the row's "successful" commit together,
so a task that finished is never run twice, and one that did not has left nothing half
done. A task that raises is tried again CASEQUALITY_TASK_ATTEMPTS times in all (after
2, 4, 8 ... seconds), then kept as failed with its traceback (Django admin, Background
tasks); so is a task whose worker was lost on every attempt.
"""
from __future__ import annotations

import logging
import traceback

from celery import Celery
from django.conf import settings
from django.db import transaction
from django.tasks import TaskResultStatus
from django.utils import timezone
from django.utils.json import normalize_json
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

app = Celery("casequality")


def configure() -> Celery:
    """The Celery app with the settings in force (the broker, the queue)."""
    app.conf.update(
        broker_url=settings.CASEQUALITY_BROKER_URL or None,
        broker_connection_retry_on_startup=True,
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


def send(run_id: str) -> None:
    """Put the task of this TaskRun row on the queue."""
    run.apply_async(args=[run_id], queue=settings.CASEQUALITY_TASK_QUEUE)


@app.task(name="casequality.run", bind=True, max_retries=None)
def run(self, run_id: str) -> None:
    outcome = execute(run_id, worker=self.request.hostname or "")
    if outcome is not None:
        raise self.retry(countdown=outcome, exc=None)


def execute(run_id: str, *, worker: str) -> int | None:
    """Run the task of row `run_id` once; return seconds to wait before retrying it, or None."""
    from casequality.tasks.models import TaskRun

    limit = settings.CASEQUALITY_TASK_ATTEMPTS
    with transaction.atomic():
        row = TaskRun.objects.select_for_update().filter(pk=run_id).first()
        if row is None:
            logger.warning("Task %s is not in the database: skipped", run_id)
            return None
        if row.status in (TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED):
            return None  # delivered again after it finished
        lost = row.status == TaskResultStatus.RUNNING  # the last attempt's worker stopped mid-task
        row.attempts += 1
        row.status, row.started_at, row.worker = TaskResultStatus.RUNNING, timezone.now(), worker[:200]
        if lost:
            row.error = f"Attempt {row.attempts - 1} stopped: its worker ({row.worker}) was lost mid-task."
            row.error_class = "celery.exceptions.WorkerLostError"
        if row.attempts > limit:
            row.status, row.finished_at = TaskResultStatus.FAILED, timezone.now()
            row.error += f"\nGiven up after {limit} attempts."
        row.save()
    if row.status == TaskResultStatus.FAILED:
        logger.error("Task %s (%s) failed: %s", run_id, row.task_path, row.error)
        return None
    try:
        task = import_string(row.task_path)
        with transaction.atomic():
            value = normalize_json(task.call(*row.args, **row.kwargs))
            TaskRun.objects.filter(pk=run_id).update(status=TaskResultStatus.SUCCESSFUL, result=value,
                                                     finished_at=timezone.now())
    except Exception as error:  # noqa: BLE001 - kept on the row, retried, then shown to the admin
        text = "".join(traceback.format_exception(error))
        error_class = f"{type(error).__module__}.{type(error).__qualname__}"
        last = row.attempts >= limit
        TaskRun.objects.filter(pk=run_id).update(
            status=TaskResultStatus.FAILED if last else TaskResultStatus.READY, error=text, error_class=error_class,
            finished_at=timezone.now() if last else None,
        )
        logger.exception("Task %s (%s), attempt %d of %d, failed", run_id, row.task_path, row.attempts, limit)
        return None if last else 2 ** row.attempts
    return None
