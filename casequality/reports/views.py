"""Report pages: read (board: published only), edit the narrative, publish, PDF, compare."""

from __future__ import annotations

import logging

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.tasks import TaskResult, TaskResultStatus
from django.tasks.exceptions import TaskResultDoesNotExist, TaskResultMismatch
from django.template.loader import render_to_string

from casequality.accounts.models import Role
from casequality.accounts.permissions import page_permission
from casequality.accounts.services import access_log_page
from casequality.audits.frameworks import audit_framework
from casequality.audits.models import Audit
from casequality.reports.selectors import report_audits_for_user, themes_over_time
from casequality.reports.services import (
    ReportError,
    compare_body_html,
    report_body_html,
    report_get,
    report_narrative,
    report_narrative_save,
    report_pdf_digest,
    report_pdf_stored,
    report_publish,
)
from casequality.reports.tasks import report_pdf_make

logger = logging.getLogger(__name__)


def _audit_for_report(user, pk: int) -> Audit:
    """The audit whose report the user may read; a board member only a published one."""
    audit = report_audits_for_user(user).filter(pk=pk).first()
    if audit is None:
        raise Http404("No such report")
    return audit


def _log_report(user, audit: Audit, what: str) -> None:
    """A report names the cases of its sample in its tables: one entry for the page or file."""
    access_log_page(
        actor=user,
        target=f"report of audit {audit.pk} ({what})",
        service=audit.service,
        cases=audit.cases.values_list("case__ref", flat=True),
    )


def _report_css() -> str:
    return render_to_string("reports/report.css")


@page_permission("reports.view_reports")
def report_list(request: HttpRequest) -> HttpResponse:
    audits = list(report_audits_for_user(request.user).select_related("report"))
    answered = [a for a in audits if a.cases.filter(answers__isnull=False).exists()]
    return render(
        request,
        "reports/report_list.html",
        {
            "audits": audits,
            "is_board": request.user.role == Role.BOARD,
            "trends": themes_over_time(answered),
        },
    )


@page_permission("reports.view_reports")
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    audit = _audit_for_report(request.user, pk)
    report = report_get(audit)
    _log_report(request.user, audit, "page")
    return render(
        request,
        "reports/report_page.html",
        {
            "audit": audit,
            "report": report,
            "body": report_body_html(audit),
            "report_css": _report_css(),
            "may_edit": request.user.has_perm("reports.edit_report") and not report.is_published,
            # A self-assessment against the YJB's National Standards also has its report in
            # the YJB's layout (decision 0055).
            "yjb_layout": audit_framework(audit).self_assessment is not None,
        },
    )


def _pdf_task_asked(request: HttpRequest, audit: Audit) -> TaskResult | None:
    """The task making this report's PDF that the "being prepared" page waits for, if any."""
    run_id = request.GET.get("task", "")
    if not run_id or not report_pdf_make.get_backend().supports_get_result:
        return None
    try:
        result = report_pdf_make.get_result(run_id[:64])
    except (TaskResultDoesNotExist, TaskResultMismatch):
        return None
    return result if list(result.args) == [audit.pk] else None


@page_permission("reports.view_reports")
def report_pdf_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The report's PDF: the stored one of the report's current version, or, while a task
    makes it, a page that says so and looks again (docs/decisions/0023-report-pdf-task.md).
    Without a broker the task runs here and the PDF comes in this response."""
    audit = _audit_for_report(request.user, pk)
    pdf = report_pdf_stored(audit, report_pdf_digest(audit))
    if pdf is None:
        result = _pdf_task_asked(request, audit)
        if result is None or result.status == TaskResultStatus.SUCCESSFUL:  # none yet, or of an older version
            result = report_pdf_make.enqueue(audit.pk)
        if result.status == TaskResultStatus.SUCCESSFUL:
            pdf = report_pdf_stored(audit, result.return_value["digest"])
        elif result.status == TaskResultStatus.FAILED and result.errors:
            logger.error(
                "The PDF of the report of audit %s could not be made (task %s):\n%s",
                audit.pk,
                result.id,
                result.errors[-1].traceback,
            )
    if pdf is None:
        return render(
            request,
            "reports/report_pdf_wait.html",
            {
                "audit": audit,
                "failed": result.status == TaskResultStatus.FAILED,
                "again": f"{request.path}?task={result.id}"
                if report_pdf_make.get_backend().supports_get_result
                else request.path,
            },
        )
    response = HttpResponse(pdf, content_type="application/pdf")
    _log_report(request.user, audit, "PDF")
    response["Content-Disposition"] = f'attachment; filename="audit-{audit.pk}-report.pdf"'
    return response


class NarrativeForm(forms.Form):
    # The version of the report the editor read (AuditReport.version).
    # Required: a POST without it is refused, never saved over another editor's text.
    version = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=0,
        error_messages={
            "required": "Nothing was saved: the form did not say which version of the report you edited. "
            "Check the text below, then save it again"
        },
    )

    def __init__(self, *args, sections=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.sections = list(sections)
        for key, label, text in self.sections:
            self.fields[key] = forms.CharField(
                label=label, required=False, max_length=20000, widget=forms.Textarea, initial=text
            )


def _sections(audit, narrative):
    from casequality.audits.frameworks import audit_framework

    framework = audit_framework(audit)
    sections = [("context", "Context"), ("summary", "Summary")]
    sections += [(q.html_id, f"{q.id} {q.text}") for q in framework.questions]
    sections += [
        ("operational_management", "Operational management"),
        ("strengths", "Key strengths (one a line)"),
        ("improvements", "Areas requiring improvement (one a line)"),
    ]
    return [(key, label, narrative.get(key, "")) for key, label in sections]


@page_permission("reports.edit_report")
def report_edit(request: HttpRequest, pk: int) -> HttpResponse:
    audit = _audit_for_report(request.user, pk)
    report = report_get(audit)
    if report.is_published:
        messages.success(request, "This report is published: its text can no longer change")
        return redirect("reports:detail", pk=audit.pk)
    narrative, _ = report_narrative(audit)
    form = NarrativeForm(
        request.POST if request.method == "POST" else None,
        sections=_sections(audit, narrative),
        initial={"version": report.version},
    )
    if request.method == "POST" and form.is_valid():
        edits = dict(form.cleaned_data)
        seen = edits.pop("version")
        try:
            report_narrative_save(audit=audit, edits=edits, actor=request.user, seen_version=seen)
        except ReportError as error:
            form.add_error(None, str(error))
            form.data = form.data.copy()  # their text stays; the version becomes what they were just told of
            form.data["version"] = str(report_get(audit).version)
        else:
            messages.success(request, "The report's text has been saved")
            return redirect("reports:detail", pk=audit.pk)
    return render(request, "reports/report_edit.html", {"audit": audit, "form": form})


@page_permission("reports.edit_report")
def report_publish_view(request: HttpRequest, pk: int) -> HttpResponse:
    audit = _audit_for_report(request.user, pk)
    error = None
    if request.method == "POST":
        # Publishing what the QA lead read: the report's version they were shown (its text
        # changes the version), refused if missing or changed since (say by another editor).
        sent = request.POST.get("version", "")
        current = str(report_get(audit).version)
        if sent != current:
            error = (
                "Nothing was published: the page did not say which version of the report you read"
                if not sent
                else "Nothing was published: the report changed since you opened this page. Read it again, then publish"
            )
        else:
            try:
                report_publish(audit=audit, actor=request.user)
            except ReportError as exc:
                error = str(exc)
            else:
                messages.success(request, "The report has been published")
                return redirect("reports:detail", pk=audit.pk)
    return render(request, "reports/report_publish.html", {"audit": audit, "report": report_get(audit), "error": error})


@page_permission("reports.view_reports")
def report_compare(request: HttpRequest) -> HttpResponse:
    audits = list(report_audits_for_user(request.user).order_by("created_at", "id"))
    by_pk = {str(a.pk): a for a in audits}
    first, second = by_pk.get(request.GET.get("first", "")), by_pk.get(request.GET.get("second", ""))
    body = error = None
    if request.GET.get("first") or request.GET.get("second"):
        if first is None or second is None:
            error = "Select two audits to compare"
        else:
            try:
                body = compare_body_html(first, second)
            except ReportError as exc:
                error = str(exc)
    return render(
        request,
        "reports/report_compare.html",
        {
            "audits": audits,
            "first": first,
            "second": second,
            "body": body,
            "error": error,
            "report_css": _report_css(),
        },
    )
