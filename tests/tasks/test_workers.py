"""Background work on real workers (`casequality worker`) through the broker."""

from __future__ import annotations

import signal
import time

from tests.tasks.conftest import AS_OF, OPEN_FINDINGS, per_rule

PARTS = (
    "SELECT id, status, attempts FROM tasks_taskrun WHERE task_path = 'casequality.standards.tasks.sweep_part' ORDER "
    "BY id"
)


def test_an_import_with_a_broker_returns_with_the_re_evaluation_queued_and_a_worker_evaluates_it(site, demo_file):
    imported = site.run("import", str(demo_file), "--no-progress", broker=True)

    assert imported.stdout.startswith("imported 40 cases")
    assert site.query("SELECT status FROM tasks_taskrun") == [("READY",)]
    assert site.query("SELECT count(*) FROM standards_finding") == [(0,)]
    site.worker()
    site.wait_for("SELECT 1 FROM tasks_taskrun WHERE status = 'SUCCESSFUL'", what="the re-evaluation")
    assert site.query("SELECT count(DISTINCT case_id) FROM standards_finding")[0][0] > 20


def test_a_sweep_on_two_workers_stores_what_a_sweep_in_one_process_stores(imported_site, request):
    site = imported_site
    site.start_workers(2)

    on_workers = site.run("sweep", "--as-of", AS_OF, "--no-progress", broker=True, CASEQUALITY_SWEEP_PART="8")
    stored = site.query(OPEN_FINDINGS)
    reference = site.reference(request)

    assert len(site.query(PARTS)) == 5
    assert len({worker for (worker,) in site.query("SELECT worker FROM tasks_taskrun")}) == 2
    assert per_rule(on_workers.stdout) == reference.summary
    assert stored == reference.findings


def test_a_worker_killed_mid_sweep_and_started_again_finishes_it_with_the_same_findings(imported_site, request):
    site = imported_site
    lease = {"CASEQUALITY_TASK_LEASE_SECONDS": "3"}  # the second worker's relay takes the part as lost after 3 s
    first = site.worker(**lease)
    sweep = site.start("sweep", "--as-of", AS_OF, "--no-progress", CASEQUALITY_SWEEP_PART="4")
    killed = _stopped_in_a_running_part(site, first)

    first.kill()
    first.wait(timeout=30)
    site.worker(**lease)
    assert sweep.wait(timeout=120) == 0, site.logs()
    stored = site.query(OPEN_FINDINGS)
    reference = site.reference(request)

    assert site.query("SELECT status, attempts FROM tasks_taskrun WHERE id = ?", (killed[0],)) == [("SUCCESSFUL", 2)]
    assert {status for _id, status, _attempts in site.query(PARTS)} == {"SUCCESSFUL"}
    assert stored == reference.findings


def test_a_task_that_keeps_failing_is_kept_as_failed_with_its_error(site):
    site.run(
        "shell",
        "-c",
        "from casequality.standards.tasks import cases_reevaluate; "
        "cases_reevaluate.enqueue([1], as_of='the first of June')",
        broker=True,
    )
    site.worker(CASEQUALITY_TASK_ATTEMPTS="2")

    (row,) = site.wait_for(
        "SELECT status, attempts, error_class, error FROM tasks_taskrun WHERE status = 'FAILED'",
        what="the task to fail twice",
    )

    assert row[:3] == ("FAILED", 2, "builtins.ValueError")
    assert "Invalid isoformat string: 'the first of June'" in row[3]


def test_a_worker_makes_and_keeps_the_pdf_of_a_report_asked_for_through_the_broker(site):
    site.run(
        "shell",
        "-c",
        "from casequality.cases.models import Service; "
        "from casequality.reports.tasks import report_pdf_make; "
        "from tests.reports.factories import manchester_2013_audit; "
        "audit = manchester_2013_audit(Service.objects.create(code='MAN', name='Manchester')); "
        "report_pdf_make.enqueue(audit.pk)",
        broker=True,
    )
    assert site.query("SELECT count(*) FROM reports_reportpdf") == [(0,)]
    site.worker()

    site.wait_for("SELECT 1 FROM tasks_taskrun WHERE status = 'SUCCESSFUL'", what="the report's PDF")

    ((pdf,),) = site.query("SELECT pdf FROM reports_reportpdf")
    assert bytes(pdf).startswith(b"%PDF-")


def test_retention_with_a_broker_runs_on_a_worker_and_the_command_waits_for_it(site):
    command = site.start("retention", "--apply")
    site.worker()

    assert command.wait(timeout=120) == 0, site.logs()
    assert site.query(
        "SELECT status FROM tasks_taskrun WHERE task_path = 'casequality.privacy.tasks.retention_run'"
    ) == [("SUCCESSFUL",)]
    assert "Removed:" in site.logs()


def _stopped_in_a_running_part(site, worker) -> tuple:
    """The worker stopped (SIGSTOP) in the middle of a part, after it has finished another:
    its part's row. A part of four cases takes a few hundredths of a second, so a poll can
    see it running and the worker finish it before it is killed: the worker is stopped
    first, the part seen still running, and let go on to its next part (SIGCONT) if not."""
    finished = PARTS.replace("ORDER BY", "AND status = 'SUCCESSFUL' ORDER BY")
    running = PARTS.replace("ORDER BY", "AND status = 'RUNNING' ORDER BY")
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if site.query(finished) and (seen := site.query(running)):
            worker.send_signal(signal.SIGSTOP)
            if site.query("SELECT id FROM tasks_taskrun WHERE id = ? AND status = 'RUNNING'", (seen[0][0],)):
                return seen[0]
            worker.send_signal(signal.SIGCONT)
        time.sleep(0.005)
    raise AssertionError(f"Waited 90 s for a running part after a finished one; logs: {site.logs()}")
