"""Waiting for tasks (what a command that enqueued work and must report on it calls), and
forgetting old successful ones."""
from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
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
