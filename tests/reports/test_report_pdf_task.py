"""The report's PDF is made by a background task and kept for the report's version
(docs/decisions/0023-report-pdf-task.md): without a broker it comes in the download
request as before; with one, a page says it is being prepared until a worker has made it."""

import io

import pytest
from django.tasks import TaskResultStatus
from django.test import override_settings
from django.urls import reverse
from pypdf import PdfReader

from casequality.accounts.models import AccessLogEntry
from casequality.reports import services
from casequality.reports.models import ReportPdf
from casequality.reports.services import report_narrative_save, report_pdf_digest
from casequality.tasks.models import TaskRun
from casequality.tasks.worker import execute

from .factories import manchester_2013_audit

ON_WORKERS = override_settings(TASKS={"default": {"BACKEND": "casequality.tasks.backend.CeleryBackend"}})


@pytest.fixture
def audit(cast):
    return manchester_2013_audit(cast.service)


@pytest.fixture
def renders(monkeypatch):
    """Counts the PDFs drawn: the real html_to_pdf, called through a counter."""
    calls = []
    real = services.html_to_pdf

    def counted(html):
        calls.append(html)
        return real(html)

    monkeypatch.setattr(services, "html_to_pdf", counted)
    return calls


def pdf_text(content: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).split())


def test_without_a_broker_the_pdf_link_makes_and_serves_the_pdf_in_one_request(client, cast, audit, renders):
    client.force_login(cast.qa_lead)

    response = client.get(reverse("reports:pdf", kwargs={"pk": audit.pk}))

    assert response["Content-Type"] == "application/pdf"
    assert "just over half" in pdf_text(response.content)
    assert len(renders) == 1
    assert ReportPdf.objects.get(audit=audit).digest == report_pdf_digest(audit)


def test_a_stored_pdf_of_the_current_version_is_served_without_drawing_it_again(client, cast, audit, renders):
    client.force_login(cast.qa_lead)
    url = reverse("reports:pdf", kwargs={"pk": audit.pk})
    first = client.get(url).content

    second = client.get(url).content

    assert second == first
    assert len(renders) == 1


def test_the_report_html_is_the_same_each_time_so_a_stored_pdf_stays_current(audit):
    assert report_pdf_digest(audit) == report_pdf_digest(audit)


def test_a_changed_narrative_makes_a_new_pdf_in_place_of_the_old_one(client, cast, audit, renders):
    client.force_login(cast.qa_lead)
    url = reverse("reports:pdf", kwargs={"pk": audit.pk})
    client.get(url)
    report_narrative_save(
        audit=audit, edits={"summary": "Substantial improvement is still required."}, actor=cast.qa_lead
    )

    response = client.get(url)

    assert "Substantial improvement is still required." in pdf_text(response.content)
    assert len(renders) == 2
    assert ReportPdf.objects.filter(audit=audit).count() == 1


def test_serving_a_stored_pdf_is_access_logged_like_the_pdf_always_was(client, cast, audit):
    client.force_login(cast.qa_lead)
    url = reverse("reports:pdf", kwargs={"pk": audit.pk})
    client.get(url)

    client.get(url)

    assert AccessLogEntry.objects.filter(actor=cast.qa_lead, target=f"report of audit {audit.pk} (PDF)").count() == 2


def test_the_board_never_gets_the_stored_pdf_of_a_draft_report(client, cast, audit):
    services.report_pdf_store(audit)
    client.force_login(cast.board)

    assert client.get(reverse("reports:pdf", kwargs={"pk": audit.pk})).status_code == 404


@ON_WORKERS
def test_with_a_broker_the_link_enqueues_the_pdf_and_says_it_is_being_prepared(client, cast, audit):
    client.force_login(cast.qa_lead)

    response = client.get(reverse("reports:pdf", kwargs={"pk": audit.pk}))

    run = TaskRun.objects.get()
    html = response.content.decode()
    assert response.status_code == 200 and "The PDF is being prepared" in html
    assert f'href="/reports/{audit.pk}/pdf/?task={run.pk}"' in html and "Check again" in html
    assert run.task_path == "casequality.reports.tasks.report_pdf_make" and run.args == [audit.pk]
    assert not ReportPdf.objects.exists()


@ON_WORKERS
def test_with_a_broker_the_page_serves_the_pdf_once_a_worker_has_made_it(client, cast, audit):
    client.force_login(cast.qa_lead)
    url = reverse("reports:pdf", kwargs={"pk": audit.pk})
    client.get(url)
    run = TaskRun.objects.get()
    execute(run.pk, worker="test-worker")

    response = client.get(f"{url}?task={run.pk}")

    assert response["Content-Type"] == "application/pdf"
    assert "just over half" in pdf_text(response.content)
    assert TaskRun.objects.count() == 1


@ON_WORKERS
def test_with_a_broker_checking_again_before_the_worker_finishes_enqueues_nothing_more(client, cast, audit):
    client.force_login(cast.qa_lead)
    url = reverse("reports:pdf", kwargs={"pk": audit.pk})
    client.get(url)
    run = TaskRun.objects.get()

    response = client.get(f"{url}?task={run.pk}")

    assert "The PDF is being prepared" in response.content.decode()
    assert TaskRun.objects.count() == 1


@ON_WORKERS
def test_a_pdf_task_that_failed_shows_a_clear_message_and_a_way_to_try_again(client, cast, audit):
    client.force_login(cast.qa_lead)
    url = reverse("reports:pdf", kwargs={"pk": audit.pk})
    client.get(url)
    # What the worker leaves after its last attempt failed (casequality/tasks/worker.py).
    TaskRun.objects.update(
        status=TaskResultStatus.FAILED,
        attempts=3,
        error_class="builtins.OSError",
        error="Traceback (most recent call last):\nOSError: cannot load fonts",
    )

    response = client.get(f"{url}?task={TaskRun.objects.get().pk}")

    html = response.content.decode()
    assert response.status_code == 200
    assert "The PDF could not be made" in html and f'href="{url}"' in html
    assert "Check again" not in html


@ON_WORKERS
def test_a_task_of_another_reports_pdf_is_not_taken_for_this_ones(client, cast, audit):
    client.force_login(cast.qa_lead)
    other = manchester_2013_audit(cast.service, title="Another screening", prefix="N")
    client.get(reverse("reports:pdf", kwargs={"pk": other.pk}))
    theirs = TaskRun.objects.get()
    execute(theirs.pk, worker="test-worker")

    response = client.get(reverse("reports:pdf", kwargs={"pk": audit.pk}) + f"?task={theirs.pk}")

    assert "The PDF is being prepared" in response.content.decode()
    assert TaskRun.objects.filter(args=[audit.pk]).count() == 1
