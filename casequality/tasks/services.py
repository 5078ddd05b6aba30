"""Waiting for tasks: what a command that enqueued work and must report on it calls."""
from __future__ import annotations

import time
from collections.abc import Iterable, Iterator

from django.tasks import TaskResult

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
