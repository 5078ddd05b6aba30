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
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    published_by_name = models.CharField(max_length=200, blank=True)
    published_html = models.TextField(blank=True)
    published_narrative = models.JSONField(default=dict, blank=True)

    @property
    def is_published(self) -> bool:
        return self.status == ReportStatus.PUBLISHED

    def __str__(self) -> str:
        return f"Report of audit {self.audit_id} ({self.status})"
