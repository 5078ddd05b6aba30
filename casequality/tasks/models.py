"""A task sent to the workers: what to run, where it stands, what it returned or the error.

One row per enqueued task, written in the transaction that asks for the work (the outbox,
docs/decisions/0028-task-outbox.md): casequality/tasks/backend.py writes it and sends its id
after the commit, the relay (casequality/tasks/relay.py) sends it again if the broker did
not take it or no worker picked it up, and the worker claims and updates it.
It is the task's result (`TaskResult` reads it, from any process) and what an
administrator sees of a task that kept failing (Django admin, Background tasks). Its
arguments are record keys (case and service ids, dates), never a child's details.
"""

from __future__ import annotations

from django.db import models
from django.tasks import TaskResultStatus


class TaskRun(models.Model):
    id = models.CharField(primary_key=True, max_length=64)
    task_path = models.CharField(max_length=200, help_text="the task function's module path")
    args = models.JSONField(default=list)
    kwargs = models.JSONField(default=dict)
    status = models.CharField(
        max_length=12, choices=TaskResultStatus.choices, default=TaskResultStatus.READY, db_index=True
    )
    attempts = models.PositiveIntegerField(default=0)
    result = models.JSONField(null=True, blank=True, help_text="what the task returned")
    error = models.TextField(blank=True, help_text="the traceback of the last failed attempt")
    error_class = models.CharField(max_length=200, blank=True, help_text="the exception of the last failed attempt")
    worker = models.CharField(max_length=200, blank=True, help_text="the worker of the last attempt")
    enqueued_at = models.DateTimeField(db_index=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(
        null=True, blank=True, help_text="when its message was last handed to the broker (empty: not yet)"
    )
    heartbeat_at = models.DateTimeField(
        null=True, blank=True, help_text="while running: when its worker last said it is still at it"
    )

    class Meta:
        ordering = ["-enqueued_at"]
        verbose_name = "background task"

    def __str__(self) -> str:
        return f"{self.task_path} ({self.get_status_display()})"
