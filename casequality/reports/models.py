"""The inspection report of an audit: its edited narrative and, once published, its frozen text."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from casequality.audits.models import Audit


class ReportStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class AuditReport(models.Model):
    """One audit's report.

    While a draft, the report is rendered from the answers each time; `narrative` holds
    only the QA lead's edits (section key -> text) over the generated draft. Publishing
    stores the rendered HTML and the narrative as they were: a published report never
    changes, even if answers or the framework file do.
    """

    audit = models.OneToOneField(Audit, on_delete=models.CASCADE, related_name="report")
    status = models.CharField(max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    narrative = models.JSONField(default=dict, blank=True)
    edited_by_name = models.CharField(max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Counts the saves of the narrative: the editor carries the version it read, and a
    # save over someone else's later one is refused (report_narrative_save).
    version = models.PositiveIntegerField(default=0)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_by_name = models.CharField(max_length=200, blank=True)
    published_html = models.TextField(blank=True)
    published_narrative = models.JSONField(default=dict, blank=True)

    @property
    def is_published(self) -> bool:
        return self.status == ReportStatus.PUBLISHED

    def __str__(self) -> str:
        return f"Report of audit {self.audit_id} ({self.status})"


# --- The board's improvement plan (docs/decisions/0018-board-trends-and-plan.md) ---


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    ON_TRACK = "on_track", "On track"
    AT_RISK = "at_risk", "At risk"
    OFF_TRACK = "off_track", "Off track"
    DONE = "done", "Done"
    DROPPED = "dropped", "Dropped"


class PlanAction(models.Model):
    """One action of a service's improvement plan, owned by the management board.

    It may address a rule of the rulebook, an audit question (framework id and question
    id) and a KPI (its id): the plan shows each one's latest figure and its change beside
    the action. Every save of the action's fields counts in `version`: an editor carries
    the version they read and a save over someone else's later one is refused
    (plan_action_edit), so no edit silently overwrites another; each edit also leaves an
    update saying what changed, so nothing anyone wrote is lost.
    """

    service = models.ForeignKey("cases.Service", on_delete=models.CASCADE, related_name="plan_actions")
    title = models.CharField(max_length=300)
    detail = models.TextField(blank=True)
    owner_staff = models.ForeignKey("cases.Staff", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    owner_role = models.CharField(max_length=200, blank=True)  # free text when no one person owns it
    due = models.DateField()
    status = models.CharField(max_length=20, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED)
    rule = models.CharField(max_length=20, blank=True)  # a rule id, e.g. OVS-001
    audit_framework = models.CharField(max_length=64, blank=True)  # with audit_question
    audit_question = models.CharField(max_length=20, blank=True)
    kpi = models.CharField(max_length=40, blank=True)  # a KPI id (reports.kpis)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by_name = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due", "id"]

    @property
    def owner(self) -> str:
        return self.owner_staff.name if self.owner_staff is not None else self.owner_role

    @property
    def is_closed(self) -> bool:
        return self.status in (ActionStatus.DONE, ActionStatus.DROPPED)

    def __str__(self) -> str:
        return f"Action {self.pk}: {self.title}"


class PlanUpdate(models.Model):
    """What happened on an action, by whom and when (an edit of its fields leaves one too)."""

    action = models.ForeignKey(PlanAction, on_delete=models.CASCADE, related_name="updates")
    on = models.DateField()
    text = models.TextField()
    status = models.CharField(max_length=20, choices=ActionStatus.choices, blank=True)  # the status it set, if any
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_name = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-on", "-id"]


class BoardComment(models.Model):
    """A board member's comment on an action."""

    action = models.ForeignKey(PlanAction, on_delete=models.CASCADE, related_name="comments")
    text = models.TextField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_name = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]


class ReportPdf(models.Model):
    """A report's PDF, made by a background task (casequality/reports/tasks.py) and kept
    until the report changes (docs/decisions/0023-report-pdf-task.md).

    `digest` is the SHA-256 of the HTML document the PDF was drawn from: a draft whose
    narrative or answers changed, or a report just published, has another digest, so its
    stored PDF is no longer current and a new one is made. Only the latest PDF of an
    audit is kept. The bytes are served only through the report's PDF view, which checks
    who may read the report and logs the access.
    """

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="report_pdfs")
    digest = models.CharField(max_length=64)
    pdf = models.BinaryField()
    made_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["audit", "digest"], name="report_pdf_one_per_version")]

    def __str__(self) -> str:
        return f"PDF of the report of audit {self.audit_id} ({self.digest[:12]})"


class KpiReading(models.Model):
    """One KPI of one scope's cases in one period, counted once and read until the record
    changes (docs/decisions/0046-kpi-readings-kept.md; reports/kpi_readings.py).

    `scope` names the cases counted ("services:3" or "team:7"); `basis` the day the figures
    were read (reoffending depends on it) and the record version of every service of the
    scope: when a service's record moves, the basis no longer matches and the figures are
    counted again. `figures` is the KPI without the cases behind it (what the board and the
    figures page read); `case_refs` the cases (read only for a manager's list of them).
    """

    scope = models.CharField(max_length=200)
    start = models.DateField()
    end = models.DateField()
    basis = models.CharField(max_length=500)
    kpi = models.CharField(max_length=50)
    position = models.PositiveSmallIntegerField()
    figures = models.JSONField()
    case_refs = models.JSONField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scope", "start", "end", "basis", "kpi"], name="kpi_reading_one_per_basis")
        ]
        indexes = [models.Index(fields=["scope", "basis", "start"], name="kpi_reading_lookup")]

    def __str__(self) -> str:
        return f"{self.kpi} of {self.scope}, {self.start} to {self.end}"


class KeptFigures(models.Model):
    """Counts the board reads from a scope's findings (`name`: what they are), kept under
    the same kind of basis as a KpiReading: the day and the record version of every service
    of the scope (reports/kept.py, docs/decisions/0046-kpi-readings-kept.md). Counts only:
    no case, child or member of staff."""

    scope = models.CharField(max_length=200)
    name = models.CharField(max_length=100)
    basis = models.CharField(max_length=500)
    value = models.JSONField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["scope", "name", "basis"], name="kept_figures_one_per_basis")]

    def __str__(self) -> str:
        return f"{self.name} of {self.scope}"
