"""Managers' and case managers' own work on findings and cases, made in Casequality.

Countersignatures, returns, manager entries and requests for oversight are
Casequality's acts (cases.models.Act), which the rulebook reads with the record. What is
here has no place in the interchange record: notes on findings, supervision samples, the
supervision context of a manager entry, and self-audits with their managers' checks.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from casequality.cases.models import Act, Case, Staff
from casequality.standards.models import Finding


class FindingNote(models.Model):
    """A case manager's answer to a finding: a note, and perhaps a request that a manager review it."""

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    author_name = models.CharField(max_length=200)
    text = models.TextField()
    marked_for_review = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]


class SupervisionSample(models.Model):
    """A random sample of one case manager's cases, drawn with a recorded seed (re-drawable)."""

    drawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    drawn_by_name = models.CharField(max_length=200)
    case_manager = models.ForeignKey(Staff, on_delete=models.CASCADE, related_name="supervision_samples")
    size = models.PositiveIntegerField()
    seed = models.BigIntegerField()
    population = models.PositiveIntegerField()  # how many open cases it was drawn from
    drawn_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-drawn_at", "-id"]


class SupervisionSampleCase(models.Model):
    sample = models.ForeignKey(SupervisionSample, on_delete=models.CASCADE, related_name="items")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveIntegerField()

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["sample", "case"], name="sample_case_unique")]


class ManagerEntry(models.Model):
    """A manager's entry on a case made in Casequality: its act (the record's `manager_entry`) and where it was made."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="manager_entries")
    act = models.OneToOneField(Act, null=True, on_delete=models.CASCADE, related_name="manager_entry")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    author_name = models.CharField(max_length=200)
    sample_item = models.ForeignKey(
        SupervisionSampleCase, null=True, blank=True, on_delete=models.SET_NULL, related_name="entries"
    )
    text = models.TextField()
    date = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "manager entries"


class Answer(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    NOT_APPLICABLE = "n/a", "Does not apply"


class Check(models.TextChoices):
    AGREE = "agree", "Agree"
    DISAGREE = "disagree", "Disagree"


class SelfAudit(models.Model):
    """A case manager's answers to an audit framework's questions about one of their cases."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="self_audits")
    framework = models.CharField(max_length=40, default="sqs-2013")
    case_manager = models.ForeignKey(Staff, null=True, on_delete=models.SET_NULL, related_name="self_audits")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    submitted_at = models.DateTimeField(auto_now_add=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    checked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-submitted_at", "-id"]


class SelfAuditAnswer(models.Model):
    self_audit = models.ForeignKey(SelfAudit, on_delete=models.CASCADE, related_name="answers")
    question = models.CharField(max_length=16)
    position = models.PositiveIntegerField(default=0)
    answer = models.CharField(max_length=3, choices=Answer.choices)
    reasons = models.JSONField(default=list, blank=True)
    note = models.TextField(blank=True)
    verdict = models.CharField(max_length=8, choices=Check.choices, blank=True)  # the manager's check
    verdict_comment = models.TextField(blank=True)

    class Meta:
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["self_audit", "question"], name="selfaudit_answer_unique")]
