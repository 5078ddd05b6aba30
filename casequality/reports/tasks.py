"""The reports' background tasks (Django's Tasks; docs/decisions/0023-report-pdf-task.md).

- `report_pdf_make`: draw the PDF of an audit's report as it is now and keep it
  (ReportPdf), for the report's PDF view to serve. Its argument is the audit's key only.

Without a broker (the default) it runs where it is enqueued, in the download request.
"""

from __future__ import annotations

from django.tasks import task

from casequality.audits.models import Audit
from casequality.reports.services import report_pdf_store


@task
def report_pdf_make(audit_id: int) -> dict:
    """Make and keep the PDF of this audit's report; return the digest of the version it shows."""
    return {"digest": report_pdf_store(Audit.objects.get(pk=audit_id))}
