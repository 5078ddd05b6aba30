"""Without a broker (the default: SQLite, the demo, the tests) tasks run in the process, as before."""

from __future__ import annotations

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.tasks import TaskResultStatus, task_backends
from django.tasks.backends.immediate import ImmediateBackend
from django.utils import timezone

from casequality.cases.services import interchange_import_document
from casequality.standards.models import Finding
from casequality.tasks.models import TaskRun
from tests.standards.documents import YRO, a_case, a_document


def test_without_a_broker_tasks_run_in_the_process_that_enqueues_them():
    assert isinstance(task_backends["default"], ImmediateBackend)


def test_without_a_broker_an_import_evaluates_its_cases_before_it_returns_and_queues_nothing(
    cast, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        interchange_import_document(a_document([a_case("C1", orders=[YRO])]))

    assert Finding.objects.filter(case__ref="C1", rule="LOR-001", resolved_on=None).count() == 1
    assert not TaskRun.objects.exists()


def test_without_a_broker_the_worker_command_says_what_to_set(db):
    with pytest.raises(CommandError, match="Set CASEQUALITY_BROKER_URL"):
        call_command("worker", stdout=StringIO())


def failed_task() -> TaskRun:
    return TaskRun.objects.create(
        id="t" * 32,
        task_path="casequality.standards.tasks.cases_reevaluate",
        args=[[7]],
        kwargs={},
        status=TaskResultStatus.FAILED,
        attempts=3,
        error_class="builtins.ValueError",
        error="Traceback (most recent call last):\nValueError: Invalid isoformat string: 'x'",
        enqueued_at=timezone.now() - timedelta(minutes=5),
        finished_at=timezone.now(),
    )


def test_the_administrator_sees_a_failed_task_and_its_error_in_django_admin(cast, client):
    # The task re-evaluates a case of the administrator's service: a service's administrator
    # sees only its own service's tasks (decision 0030).
    from casequality.cases.models import Case

    case = Case.objects.create(service=cast.service, ref="T-0001", child_name="Task Child", child_dob=date(2010, 1, 1))
    TaskRun.objects.filter(pk=failed_task().pk).update(args=[[case.pk]])
    client.force_login(cast.admin)

    listing = client.get("/admin/tasks/taskrun/?status__exact=FAILED").content.decode()
    detail = client.get(f"/admin/tasks/taskrun/{'t' * 32}/change/").content.decode()

    assert "cases_reevaluate" in listing and "ValueError: Invalid isoformat string" in listing
    assert "Invalid isoformat string" in detail


@pytest.mark.parametrize("role", ["qa_lead", "tm_north", "board"])
def test_no_one_but_the_administrator_sees_background_tasks(cast, client, role):
    failed_task()
    client.force_login(getattr(cast, role))

    assert client.get("/admin/tasks/taskrun/").status_code in (302, 403, 404)
