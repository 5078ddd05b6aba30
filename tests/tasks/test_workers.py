"""Background work on real workers (`casequality worker`) through the broker."""
from __future__ import annotations

import re

from tests.tasks.conftest import AS_OF

OPEN_FINDINGS = """
    SELECT c.ref, f.rule, f.key, f.kind, f.message, f.due, f.opened_on, f.last_seen_on
    FROM standards_finding f JOIN cases_case c ON c.id = f.case_id
    WHERE f.resolved_on IS NULL ORDER BY c.ref, f.rule, f.key
"""
PARTS = "SELECT id, status, attempts FROM tasks_taskrun WHERE task_path LIKE '%sweep_part' ORDER BY id"


def per_rule(summary: str) -> list[tuple[str, str, str]]:
    """The sweep summary's (rule, open findings, tasks due) rows."""
    return [tuple(line.split()[:3]) for line in summary.splitlines()[2:]]


def opened_and_closed(summary: str) -> str:
    return re.search(r"\d+ opened, \d+ closed", summary).group(0)


def test_an_import_with_a_broker_returns_with_the_re_evaluation_queued_and_a_worker_evaluates_it(site, demo_file):
    imported = site.run("import", str(demo_file), "--no-progress", broker=True)

    assert imported.stdout.startswith("imported 60 cases")
    assert site.query("SELECT status FROM tasks_taskrun") == [("READY",)]
    assert site.query("SELECT count(*) FROM standards_finding") == [(0,)]
    site.worker()
    site.wait_for("SELECT 1 FROM tasks_taskrun WHERE status = 'SUCCESSFUL'", what="the re-evaluation")
    assert site.query("SELECT count(DISTINCT case_id) FROM standards_finding")[0][0] > 30


def test_a_sweep_on_two_workers_stores_what_a_sweep_in_one_process_stores(site, demo_file):
    site.run("import", str(demo_file), "--no-progress", broker=False)
    site.worker()
    site.worker()

    on_workers = site.run("sweep", "--as-of", AS_OF, "--no-progress", broker=True, CASEQUALITY_SWEEP_PART="10")
    stored = site.query(OPEN_FINDINGS)
    in_process = site.run("sweep", "--as-of", AS_OF, "--no-progress", "--workers", "1", broker=False)

    assert len(site.query(PARTS)) == 6
    assert len({worker for (worker,) in site.query("SELECT worker FROM tasks_taskrun")}) == 2
    assert opened_and_closed(in_process.stdout) == "0 opened, 0 closed"
    assert per_rule(on_workers.stdout) == per_rule(in_process.stdout)
    assert site.query(OPEN_FINDINGS) == stored


def test_a_worker_killed_mid_sweep_and_started_again_finishes_it_with_the_same_findings(site, demo_file):
    site.run("import", str(demo_file), "--no-progress", broker=False)
    first = site.worker()
    sweep = site.start("sweep", "--as-of", AS_OF, "--no-progress", CASEQUALITY_SWEEP_PART="10")
    site.wait_for(PARTS.replace("ORDER BY", "AND status = 'SUCCESSFUL' ORDER BY"), what="a finished part")
    (killed,) = site.wait_for(PARTS.replace("ORDER BY", "AND status = 'RUNNING' ORDER BY"), what="a running part")[:1]

    first.kill()
    first.wait(timeout=30)
    site.worker()
    assert sweep.wait(timeout=120) == 0, site.logs()
    stored = site.query(OPEN_FINDINGS)
    in_process = site.run("sweep", "--as-of", AS_OF, "--no-progress", "--workers", "1", broker=False)

    assert site.query("SELECT status, attempts FROM tasks_taskrun WHERE id = ?", (killed[0],)) == [("SUCCESSFUL", 2)]
    assert {status for _id, status, _attempts in site.query(PARTS)} == {"SUCCESSFUL"}
    assert opened_and_closed(in_process.stdout) == "0 opened, 0 closed"
    assert site.query(OPEN_FINDINGS) == stored


def test_a_task_that_keeps_failing_is_kept_as_failed_with_its_error(site):
    site.run("shell", "-c", "from casequality.standards.tasks import cases_reevaluate; "
                            "cases_reevaluate.enqueue([1], as_of='the first of June')", broker=True)
    site.worker(CASEQUALITY_TASK_ATTEMPTS="2")

    (row,) = site.wait_for("SELECT status, attempts, error_class, error FROM tasks_taskrun WHERE status = 'FAILED'",
                           what="the task to fail twice")

    assert row[:3] == ("FAILED", 2, "builtins.ValueError")
    assert "Invalid isoformat string: 'the first of June'" in row[3]
