"""A django.tasks backend on Celery (docs/decisions/0022-background-tasks.md).

`enqueue` writes the task's row (`TaskRun`: what to run, with its JSON arguments) in the
caller's transaction and, once it commits, sends its id to the broker (the outbox,
docs/decisions/0028-task-outbox.md: a rollback leaves no row, a commit leaves the row
even if the send never happens, and the relay sends it then); a worker
(`casequality worker`, casequality/tasks/worker.py) runs it and writes its outcome to
the row. `get_result` reads the row, from any process on any machine that reaches the
database. Only the id travels through the broker: the broker holds nothing about a
child, and a task whose message is lost can be found in the table.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.tasks import TaskResult, TaskResultStatus
from django.tasks.backends.base import BaseTaskBackend
from django.tasks.base import TaskError
from django.tasks.exceptions import TaskResultDoesNotExist
from django.tasks.signals import task_enqueued
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.json import normalize_json
from django.utils.module_loading import import_string

FINISHED = (TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED)


class CeleryBackend(BaseTaskBackend):
    supports_get_result = True

    def __init__(self, alias, params):
        from casequality.tasks.checks import broker_url_problem

        super().__init__(alias, params)
        problem = broker_url_problem()
        if problem:
            raise ImproperlyConfigured(problem)

    def enqueue(self, task, args, kwargs):
        from casequality.tasks.models import TaskRun
        from casequality.tasks.worker import send

        self.validate_task(task)
        row = TaskRun.objects.create(
            id=get_random_string(32),
            task_path=task.module_path,
            args=normalize_json(list(args)),
            kwargs=normalize_json(dict(kwargs)),
            enqueued_at=timezone.now(),
        )
        # Sent after the commit: a worker must find the row, and the work it follows. A
        # broker that is down leaves the row waiting for the relay (send() says so).
        transaction.on_commit(lambda: send(row.pk), robust=True)
        result = task_result(row, task=task, backend=self.alias)
        task_enqueued.send(type(self), task_result=result)
        return result

    def get_result(self, result_id):
        from casequality.tasks.models import TaskRun

        row = TaskRun.objects.filter(pk=result_id).first()
        if row is None:
            raise TaskResultDoesNotExist(result_id)
        return task_result(row, task=import_string(row.task_path), backend=self.alias)


def task_result(row, *, task, backend: str) -> TaskResult:
    """The TaskResult that a TaskRun row stands for."""
    errors = (
        [TaskError(exception_class_path=row.error_class or "builtins.Exception", traceback=row.error)]
        if row.error
        else []
    )
    result: TaskResult[Any, Any] = TaskResult(
        task=task,
        id=row.pk,
        status=row.status,
        enqueued_at=row.enqueued_at,
        started_at=row.started_at,
        finished_at=row.finished_at,
        last_attempted_at=row.started_at,
        args=row.args,
        kwargs=row.kwargs,
        backend=backend,
        errors=errors,
        worker_ids=[row.worker] if row.worker else [],
    )
    object.__setattr__(result, "_return_value", row.result)
    return result
