"""The backlog command, the relay's recovery of a lost worker's task, the settings check and
the page's word when the broker is down: in the test's own process (the database is real;
the broker, where one is asked, is a port nothing listens on)."""

from __future__ import annotations

import json
import socket
from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from django.core.checks import run_checks
from django.core.management import call_command
from django.http import HttpResponseRedirect
from django.tasks import TaskResultStatus
from django.test import override_settings
from django.utils import timezone

from casequality.tasks.middleware import BrokerNoticeMiddleware
from casequality.tasks.models import TaskRun
from casequality.tasks.relay import relay_once
from casequality.tasks.worker import BROKER_UNAVAILABLE, configure, send

QUIET_RELAY = {"CASEQUALITY_TASK_RESEND_SECONDS": 3600, "CASEQUALITY_TASK_LEASE_SECONDS": 60}  # sends nothing here


def a_row(name: str, status: str, *, minutes_ago: float, **fields) -> TaskRun:
    return TaskRun.objects.create(
        id=name,
        task_path="casequality.standards.tasks.cases_reevaluate",
        args=[[7, 8]],
        kwargs={},
        status=status,
        enqueued_at=timezone.now() - timedelta(minutes=minutes_ago),
        **fields,
    )


def test_the_tasks_command_shows_the_backlog_by_state_with_the_oldest_age_and_no_arguments(db):
    a_row("w1", TaskResultStatus.READY, minutes_ago=5)
    a_row("w2", TaskResultStatus.READY, minutes_ago=2, sent_at=timezone.now())
    a_row("r1", TaskResultStatus.RUNNING, minutes_ago=1, started_at=timezone.now(), heartbeat_at=timezone.now())
    a_row("f1", TaskResultStatus.FAILED, minutes_ago=3 * 24 * 60)
    out = StringIO()

    call_command("tasks", stdout=out)

    lines = out.getvalue().splitlines()
    assert lines[2].split() == ["waiting", "2", "5.0", "min", "(1", "not", "yet", "taken", "by", "the", "broker)"]
    assert lines[3].split() == ["running", "1", "1.0", "min"]
    assert lines[4].split() == ["failed", "1", "3.0", "d"]
    assert lines[5].split() == ["successful", "0", "-"]
    assert "[7, 8]" not in out.getvalue()


def test_the_tasks_command_gives_json_for_monitoring(db):
    a_row("w1", TaskResultStatus.READY, minutes_ago=5)
    out = StringIO()

    call_command("tasks", "--json", stdout=out)

    waiting = json.loads(out.getvalue())["states"]["waiting"]
    assert waiting == {"count": 1, "oldest_seconds": 300, "not_sent": 1}


@override_settings(CASEQUALITY_TASK_ATTEMPTS=3, **QUIET_RELAY)
def test_the_relay_puts_back_a_running_task_whose_worker_stopped_renewing_its_lease(db):
    a_row(
        "lost",
        TaskResultStatus.RUNNING,
        minutes_ago=10,
        attempts=1,
        worker="w@host",
        sent_at=timezone.now(),
        started_at=timezone.now() - timedelta(minutes=10),
        heartbeat_at=timezone.now() - timedelta(seconds=61),
    )
    a_row(
        "alive",
        TaskResultStatus.RUNNING,
        minutes_ago=10,
        attempts=1,
        worker="w@other",
        started_at=timezone.now() - timedelta(minutes=10),
        heartbeat_at=timezone.now() - timedelta(seconds=59),
    )

    done = relay_once()

    lost, alive = TaskRun.objects.get(pk="lost"), TaskRun.objects.get(pk="alive")
    assert done.recovered == 1
    assert (lost.status, lost.attempts, lost.sent_at, lost.error_class) == (
        TaskResultStatus.READY,
        1,
        None,
        "celery.exceptions.WorkerLostError",
    )
    assert "its worker (w@host) was lost" in lost.error
    assert alive.status == TaskResultStatus.RUNNING


@override_settings(CASEQUALITY_TASK_ATTEMPTS=3, **QUIET_RELAY)
def test_a_task_whose_worker_was_lost_on_its_last_attempt_is_kept_as_failed(db):
    a_row(
        "lost",
        TaskResultStatus.RUNNING,
        minutes_ago=10,
        attempts=3,
        worker="w@host",
        started_at=timezone.now() - timedelta(minutes=10),
        heartbeat_at=timezone.now() - timedelta(minutes=5),
    )

    relay_once()

    lost = TaskRun.objects.get(pk="lost")
    assert (lost.status, lost.attempts) == (TaskResultStatus.FAILED, 3)
    assert lost.error.endswith("Given up after 3 attempts.")


@pytest.mark.parametrize("url", ["redis://cache.internal:6379/0", "rediss://:secret@cache.internal:6380/2"])
def test_the_settings_check_refuses_a_redis_broker_and_says_why(url):
    with override_settings(CASEQUALITY_BROKER_URL=url):
        errors = [e for e in run_checks(tags=["compatibility"], databases=None) if e.id == "tasks.E001"]

    assert len(errors) == 1
    assert "Casequality's broker is RabbitMQ" in errors[0].msg and "visibility timeout" in errors[0].msg


def test_the_settings_check_takes_a_rabbitmq_broker():
    with override_settings(CASEQUALITY_BROKER_URL="amqps://casequality:secret@broker.internal:5671/casequality"):
        assert [e for e in run_checks(tags=["compatibility"], databases=None) if e.id == "tasks.E001"] == []


@pytest.fixture
def unreachable_broker():
    """The app's broker is a loopback port nothing listens on (taken, then let go)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with override_settings(
        CASEQUALITY_BROKER_URL=f"amqp://guest:guest@127.0.0.1:{port}//",
        CASEQUALITY_TASK_QUEUE="casequality-test-unreachable",
    ):
        configure()
        yield
    configure()


def test_a_page_whose_task_the_broker_did_not_take_says_the_change_is_saved(rf, unreachable_broker):
    def a_form_that_changes_a_record(request):
        send("a-task-id")
        return HttpResponseRedirect("/cases/")

    request = rf.post("/cases/C1/countersign")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)

    response = BrokerNoticeMiddleware(a_form_that_changes_a_record)(request)

    assert response.status_code == 302
    assert [str(message) for message in get_messages(request)] == [BROKER_UNAVAILABLE]
