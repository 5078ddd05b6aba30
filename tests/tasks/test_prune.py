"""`casequality tasks-prune --older-than DAYS`: old successful tasks go; failed and unfinished ones stay."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.tasks import TaskResultStatus
from django.utils import timezone

from casequality.tasks.models import TaskRun


def a_run(name: str, status: str, *, days_ago: int) -> TaskRun:
    finished = timezone.now() - timedelta(days=days_ago)
    return TaskRun.objects.create(
        id=name,
        task_path="casequality.standards.tasks.cases_reevaluate",
        args=[[1]],
        status=status,
        enqueued_at=finished - timedelta(minutes=1),
        finished_at=finished if status in (TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED) else None,
    )


def test_tasks_prune_deletes_successful_tasks_older_than_the_days_given_and_keeps_newer_ones(db):
    a_run("old-success", TaskResultStatus.SUCCESSFUL, days_ago=31)
    a_run("new-success", TaskResultStatus.SUCCESSFUL, days_ago=29)
    out = StringIO()

    call_command("tasks-prune", "--older-than", "30", stdout=out)

    assert set(TaskRun.objects.values_list("pk", flat=True)) == {"new-success"}
    assert "Deleted 1 successful task(s)" in out.getvalue()


def test_tasks_prune_keeps_failed_tasks_however_old_for_the_administrator(db):
    a_run("old-failure", TaskResultStatus.FAILED, days_ago=400)

    call_command("tasks-prune", "--older-than", "30", stdout=StringIO())

    assert TaskRun.objects.filter(pk="old-failure").exists()


def test_tasks_prune_keeps_tasks_still_waiting_however_long_ago_they_were_enqueued(db):
    a_run("waiting", TaskResultStatus.READY, days_ago=400)

    call_command("tasks-prune", "--older-than", "0", stdout=StringIO())

    assert TaskRun.objects.filter(pk="waiting").exists()


def test_tasks_prune_refuses_a_negative_number_of_days(db):
    with pytest.raises(CommandError, match="0 or more"):
        call_command("tasks-prune", "--older-than", "-1", stdout=StringIO())
