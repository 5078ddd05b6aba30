"""Waiting for tasks (what a command that enqueued work and must report on it calls),
forgetting old successful ones, and the backlog (`casequality tasks`)."""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import timedelta

from django.tasks import TaskResult, TaskResultStatus
from django.utils import timezone

from casequality.tasks.backend import FINISHED


def results_wait(results: Iterable[TaskResult], *, poll_seconds: float = 0.2) -> Iterator[TaskResult]:
    """Yield each result once it has finished (successful or failed), in the order they finish.

    Results of the in-process backend have finished already; others are read again from
    the database, all pending ones in one query per poll.
    """
    from casequality.tasks.models import TaskRun

    pending: dict[str, TaskResult] = {}
    for result in results:
        if result.is_finished:
            yield result
        else:
            pending[result.id] = result
    while pending:
        done = list(TaskRun.objects.filter(pk__in=list(pending), status__in=FINISHED).values_list("pk", flat=True))
        for run_id in done:
            result = pending.pop(run_id)
            result.refresh()
            yield result
        if pending and not done:
            time.sleep(poll_seconds)


def task_runs_prune(*, older_than_days: int) -> int:
    """Delete the rows of tasks that finished successfully more than `older_than_days` days
    ago; return how many. Failed tasks are kept until an administrator sends them to the
    workers again or deletes them (Django admin, Background tasks); unfinished ones are kept."""
    from casequality.tasks.models import TaskRun

    cutoff = timezone.now() - timedelta(days=older_than_days)
    deleted, _ = TaskRun.objects.filter(status=TaskResultStatus.SUCCESSFUL, finished_at__lt=cutoff).delete()
    return deleted


def writes_task_rows(task) -> bool:
    """Whether `task` goes to the workers through the outbox (a row written in the caller's
    transaction, sent after the commit), rather than running in the process at once."""
    from casequality.tasks.backend import CeleryBackend

    return isinstance(task.get_backend(), CeleryBackend)


@dataclass(frozen=True)
class BacklogLine:
    """The tasks in one state: how many, and how long the oldest has been in the table."""

    state: str
    count: int
    oldest_seconds: float | None
    not_sent: int = 0  # waiting tasks whose message the broker has not taken yet
    lost: int = 0  # running tasks whose worker has not renewed its heartbeat within the lease


BACKLOG_STATES = {
    TaskResultStatus.READY: "waiting",
    TaskResultStatus.RUNNING: "running",
    TaskResultStatus.FAILED: "failed",
    TaskResultStatus.SUCCESSFUL: "successful",
}


def task_backlog(*, now=None) -> list[BacklogLine]:
    """The task table by state (waiting, running, failed, successful): counts and the oldest
    task's age. Only counts and times: nothing about a child."""
    from django.db.models import Count, Min, Q

    from casequality.tasks.models import TaskRun
    from casequality.tasks.worker import lease_seconds

    now = now or timezone.now()
    stale = now - timedelta(seconds=lease_seconds())
    rows = {
        row["status"]: row
        for row in TaskRun.objects.order_by()
        .values("status")
        .annotate(
            count=Count("pk"),
            oldest=Min("enqueued_at"),
            not_sent=Count("pk", filter=Q(sent_at__isnull=True)),
            lost=Count("pk", filter=Q(heartbeat_at__lt=stale) | Q(heartbeat_at__isnull=True, started_at__lt=stale)),
        )
    }
    lines = []
    for state, name in BACKLOG_STATES.items():
        row = rows.get(state, {"count": 0, "oldest": None, "not_sent": 0, "lost": 0})
        lines.append(
            BacklogLine(
                state=name,
                count=row["count"] or 0,
                oldest_seconds=(now - row["oldest"]).total_seconds() if row["oldest"] else None,
                not_sent=(row["not_sent"] or 0) if state == TaskResultStatus.READY else 0,
                lost=(row["lost"] or 0) if state == TaskResultStatus.RUNNING else 0,
            )
        )
    return lines
