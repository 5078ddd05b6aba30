"""The outbox (docs/decisions/0028-task-outbox.md): task rows written in the transaction that
needs them, sent after the commit, sent again by the relay every worker runs; a task
delivered twice runs once; the broker is RabbitMQ. Real RabbitMQ, real worker processes,
a broker outage made by cutting a proxy the test owns."""

from __future__ import annotations

import subprocess
import sys
from urllib.parse import urlsplit

import pytest

from tests.tasks.proxy import Proxy

UNAVAILABLE = "The broker is unavailable; your change is saved and will be checked when it returns."
REEVALUATIONS = (
    "SELECT status, sent_at FROM tasks_taskrun WHERE task_path = 'casequality.standards.tasks.cases_reevaluate'"
)
RESEND = {"CASEQUALITY_TASK_RESEND_SECONDS": "1"}


@pytest.fixture
def proxy(broker_url):
    parts = urlsplit(broker_url)
    made = Proxy((parts.hostname or "127.0.0.1", parts.port or 5672))
    yield made
    made.cut()


def import_in_transaction(site, demo_file, *, before: str = "pass", after: str = "pass") -> None:
    """Import the demo file, with a broker, inside a transaction of the test's own: `before`
    and `after` run in it, before and after the import."""
    site.run(
        "shell",
        "-c",
        "import os; from django.db import transaction; "
        "from casequality.cases.services import interchange_import\n"
        f"with transaction.atomic():\n    {before}\n"
        f"    interchange_import({str(demo_file)!r})\n    {after}\n",
        broker=True,
    )


def test_an_import_rolled_back_leaves_no_re_evaluation_task(site, demo_file):
    import_in_transaction(site, demo_file, after="transaction.set_rollback(True)")

    assert site.query("SELECT count(*) FROM cases_case") == [(0,)]
    assert site.query("SELECT count(*) FROM tasks_taskrun") == [(0,)]


def test_a_process_that_dies_between_its_commit_and_the_send_leaves_the_re_evaluation_to_the_relay(site, demo_file):
    # The first callback after the commit ends the process: nothing is sent.
    import_in_transaction(site, demo_file, before="transaction.on_commit(lambda: os._exit(0))")
    assert site.query(REEVALUATIONS) == [("READY", None)]

    site.worker(**RESEND)

    site.wait_for("SELECT 1 FROM tasks_taskrun WHERE status = 'SUCCESSFUL'", what="the relay to send the re-evaluation")
    assert site.query("SELECT count(DISTINCT case_id) FROM standards_finding")[0][0] > 20


def test_an_import_while_the_broker_is_down_says_so_and_the_relay_sends_its_re_evaluation_when_it_returns(
    site, demo_file, proxy
):
    site.broker_url = proxy.url(site.broker_url)
    site.worker(**RESEND)
    proxy.cut()

    imported = site.run("import", str(demo_file), "--no-progress", broker=True)
    assert imported.stdout.startswith("imported 40 cases")
    assert UNAVAILABLE in imported.stderr and "Traceback" not in imported.stderr
    assert [status for status, _sent_at in site.query(REEVALUATIONS)] == ["READY"]  # the relay tries it meanwhile

    proxy.restore()

    site.wait_for("SELECT 1 FROM tasks_taskrun WHERE status = 'SUCCESSFUL'", what="the re-evaluation after the outage")
    assert site.query("SELECT count(DISTINCT case_id) FROM standards_finding")[0][0] > 20


def test_a_task_delivered_again_while_it_runs_runs_once(site):
    runs, release = site.tmp_path / "runs.txt", site.tmp_path / "release"
    site.start_workers(2, LOG_LEVEL="INFO")
    enqueued = site.run(
        "shell",
        "-c",
        f"from tests.tasks.counting import note_run; print(note_run.enqueue({str(runs)!r}, {str(release)!r}).id)",
        broker=True,
    )
    run_id = enqueued.stdout.split()[-1]
    site.wait_for("SELECT 1 FROM tasks_taskrun WHERE id = ? AND status = 'RUNNING'", (run_id,), what="the task to run")

    site.run("shell", "-c", f"from casequality.tasks.worker import publish; publish({run_id!r})", broker=True)
    site.wait_for_log("] received", times=2)  # by the other worker (on SQLite its claim waits for the first's commit)
    release.touch()

    site.wait_for("SELECT 1 FROM tasks_taskrun WHERE id = ? AND status = 'SUCCESSFUL'", (run_id,), what="the task")
    site.wait_for_log("delivered again while running or after it ended: skipped")
    assert runs.read_text() == "run\n"
    assert site.query("SELECT attempts FROM tasks_taskrun WHERE id = ?", (run_id,)) == [(1,)]


def test_a_task_delivered_again_after_it_finished_is_not_run_again(site):
    runs = site.tmp_path / "runs.txt"
    site.worker(LOG_LEVEL="INFO")
    enqueued = site.run(
        "shell",
        "-c",
        f"from tests.tasks.counting import note_run; print(note_run.enqueue({str(runs)!r}).id)",
        broker=True,
    )
    run_id = enqueued.stdout.split()[-1]
    site.wait_for("SELECT 1 FROM tasks_taskrun WHERE id = ? AND status = 'SUCCESSFUL'", (run_id,), what="the task")

    site.run("shell", "-c", f"from casequality.tasks.worker import publish; publish({run_id!r})", broker=True)

    site.wait_for_log("delivered again while running or after it ended: skipped")
    assert runs.read_text() == "run\n"


def test_the_relay_sends_a_task_never_sent_once_and_not_again_within_the_resend_seconds(site):
    from kombu import Connection

    site.run(
        "shell",
        "-c",
        "from django.db import transaction; from tests.tasks.counting import note_run\n"
        "with transaction.atomic():\n"
        "    transaction.on_commit(lambda: __import__('os')._exit(0))  # before the send\n"
        "    note_run.enqueue('/dev/null')\n",
        broker=True,
    )
    relay = (
        "from datetime import timedelta; from django.utils import timezone; "
        "from casequality.tasks.relay import relay_once; "
        "print(relay_once(now=timezone.now() + timedelta(seconds={})).resent)"
    )

    first = site.run("shell", "-c", relay.format(61), broker=True)
    again = site.run("shell", "-c", relay.format(62), broker=True)

    assert (first.stdout.split()[-1], again.stdout.split()[-1]) == ("1", "0")
    with Connection(site.broker_url) as conn:
        assert conn.default_channel.queue_declare(queue=site.queue, passive=True).message_count == 1
    assert site.query("SELECT count(*) FROM tasks_taskrun WHERE sent_at IS NOT NULL") == [(1,)]


def test_a_redis_broker_is_refused_with_the_reason(site):
    for command in (["check"], ["worker"]):
        refused = subprocess.run(
            [sys.executable, "-m", "casequality", *command],
            env=site.env(broker=False, CASEQUALITY_BROKER_URL="redis://127.0.0.1:6379/13"),
            cwd=site.tmp_path,
            capture_output=True,
            text=True,
            timeout=120,
        )

        assert refused.returncode == 1
        assert "Casequality's broker is RabbitMQ" in refused.stderr
        assert "visibility timeout" in refused.stderr
        assert "Traceback" not in refused.stderr


def test_two_relays_at_once_send_each_waiting_task_once(site):
    from kombu import Connection

    site.run(
        "shell",
        "-c",
        "from django.utils import timezone; from casequality.tasks.models import TaskRun; "
        "TaskRun.objects.bulk_create([TaskRun(id=f'never-sent-{n:03}', "
        "task_path='tests.tasks.counting.note_run', args=['/dev/null'], "
        "enqueued_at=timezone.now()) for n in range(300)])",
        broker=True,
    )
    go = site.tmp_path / "go"
    relay = (
        "import os, time; from datetime import timedelta; from django.utils import timezone; "
        "from casequality.tasks.relay import relay_once; print('set', flush=True)\n"
        f"while not os.path.exists({str(go)!r}): time.sleep(0.01)\n"
        "print('resent', relay_once(now=timezone.now() + timedelta(seconds=61)).resent)"
    )

    relays = [site.start("shell", "-c", relay) for _ in range(2)]
    site.wait_for_log("set\n", times=2)
    go.touch()  # both start their round together

    assert [process.wait(timeout=120) for process in relays] == [0, 0], site.logs()
    resent = [int(line.split()[-1]) for line in site.logs(tail=None).splitlines() if line.startswith("resent ")]
    assert sum(resent) == 300
    with Connection(site.broker_url) as conn:
        assert conn.default_channel.queue_declare(queue=site.queue, passive=True).message_count == 300
