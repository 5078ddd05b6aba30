"""The "being prepared" and "could not be made" pages of a report's PDF made on workers:
they pass axe, and (CASEQUALITY_SCREENSHOTS=1) are saved to docs/screenshots/."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.tasks import TaskResultStatus
from django.test import override_settings
from django.utils import timezone

from casequality.tasks.models import TaskRun

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[3] / "docs" / "screenshots"


@override_settings(TASKS={"default": {"BACKEND": "casequality.tasks.backend.CeleryBackend"}})
@pytest.mark.parametrize(
    "status, heading, picture",
    [
        (TaskResultStatus.READY, "The PDF is being prepared", "report-pdf-being-prepared.png"),
        (TaskResultStatus.FAILED, "The PDF could not be made", "report-pdf-failed.png"),
    ],
)
def test_the_pdf_waiting_pages_pass_the_axe_accessibility_check(browse, live_server, cast, status, heading, picture):
    from axe_playwright_python.sync_playwright import Axe

    from tests.reports.factories import manchester_2013_audit

    audit = manchester_2013_audit(cast.service)
    # The row the backend writes when the link enqueues the task (and the worker's outcome).
    run = TaskRun.objects.create(
        id="p" * 32,
        task_path="casequality.reports.tasks.report_pdf_make",
        args=[audit.pk],
        status=status,
        enqueued_at=timezone.now(),
        error="OSError: cannot load fonts" if status == TaskResultStatus.FAILED else "",
    )
    qa = browse("qa_lead")
    qa.goto(f"{live_server.url}/reports/{audit.pk}/pdf/?task={run.pk}")

    assert qa.locator("h1").inner_text() == heading
    results = Axe().run(qa)
    assert results.violations_count == 0, results.generate_report()
    if os.environ.get("CASEQUALITY_SCREENSHOTS"):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        qa.screenshot(path=str(SCREENSHOTS / picture))
