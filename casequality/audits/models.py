"""Case audits: an audit of a sample of cases against a framework, and its answers.

The framework itself is data (audits/frameworks/*.yaml), referred to by id. Each sampled
case is an AuditCase with its inspector (and, where double-marked, a moderator); each
answer records what the rulebook suggested beside what the auditor confirmed, so the
service can learn which rules predict an inspector's judgement.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from casequality.cases.models import Case, Service


class AnswerChoice(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    NA = "n/a", "Does not apply"


class Audit(models.Model):
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="audits")
    framework = models.CharField(max_length=64)  # a framework id, e.g. sqs-2013
    title = models.CharField(max_length=300)
    fieldwork_start = models.DateField(null=True, blank=True)
    fieldwork_end = models.DateField(null=True, blank=True)
    # How the sample was (or will be) drawn; the draw's analysis is kept whole.
    sample_size = models.PositiveIntegerField(null=True, blank=True)
    buffer = models.FloatField(default=0)
    seed = models.BigIntegerField(null=True, blank=True)
    max_per_case_manager = models.PositiveSmallIntegerField(default=6)
    as_of = models.DateField(null=True, blank=True)
    sample_analysis = models.JSONField(default=dict, blank=True)
    source = models.CharField(max_length=10, default="web")  # web / file
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by_name = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Set when the audit's report is published: what the report says can no longer change,
    # so neither can the answers it was written from (audit_answers_freeze).
    answers_frozen_at = models.DateTimeField(null=True, blank=True)
    # From this day inspectors and moderators no longer open the audit or its cases: set by
    # the QA lead, and to the day of publication when the report is published.
    inspector_access_ends_on = models.DateField(null=True, blank=True)
    # The ratings the team gives the framework's judged standards (rated from evidence
    # other than cases, e.g. HMIP's organisational delivery): {standard id: rating}.
    judged_ratings = models.JSONField(default=dict, blank=True)
    # The framework file's content when the audit was created, with any figure the service
    # overrode: its questions, rating rules, sample figures and assumptions. The audit's
    # results and report read this copy, so a later change to the file never changes them
    # (decision 0054). Empty only for an audit made before the copy was kept.
    framework_frozen = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.title} ({self.framework})"


class AuditCase(models.Model):
    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="cases")
    # PROTECT: an audit's answers must never vanish because a case record changed.
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="audit_cases")
    stratum = models.CharField(max_length=40, blank=True)
    reserve = models.BooleanField(default=False)
    position = models.PositiveIntegerField(default=0)  # order of the draw (reserves used in order)
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="audit_cases"
    )
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="moderated_audit_cases"
    )
    # What the rulebook suggested for each question when the case joined the audit:
    # {question id: {"answer": "no", "reasons": [...], "rules": ["ROSH-002"]}}.
    suggestions = models.JSONField(default=dict, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["audit", "case"], name="auditcase_unique_case")]
        indexes = [models.Index(fields=["inspector"]), models.Index(fields=["moderator"])]
        ordering = ["reserve", "position", "id"]

    def __str__(self) -> str:
        return f"{self.audit_id}/{self.case_id}"


class Answer(models.Model):
    """One auditor's answer to one question for one case.

    The first auditor's answer is the audit's answer; a second auditor's answer to the
    same question (`is_moderation`) is compared with it, never counted in the figures.
    """

    audit_case = models.ForeignKey(AuditCase, on_delete=models.CASCADE, related_name="answers")
    question = models.CharField(max_length=16)
    answer = models.CharField(max_length=3, choices=AnswerChoice.choices)
    reasons = models.JSONField(default=list, blank=True)
    note = models.TextField(blank=True)
    auditor = models.CharField(max_length=200)  # staff reference or username: who answered
    auditor_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_moderation = models.BooleanField(default=False)
    suggested_answer = models.CharField(max_length=3, blank=True)  # "" where nothing was suggested
    suggested_reasons = models.JSONField(default=list, blank=True)
    suggested_rules = models.JSONField(default=list, blank=True)
    answered_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["audit_case", "question", "is_moderation"], name="answer_unique_per_marker")
        ]
        ordering = ["audit_case_id", "id"]

    def __str__(self) -> str:
        return f"{self.question}: {self.answer}"


class AnswerRecheck(models.Model):
    """An answer given on the audit form before its fields were named one-to-one from the
    question ids (decision 0032), to a question whose form fields or element ids collided
    with a neighbour's: a click on one question's label could have recorded an answer to
    the other. Listed for the inspectors to recheck; rechecked once the answer is saved
    again (`Answer.answered_at` later than `answered_at` here)."""

    audit_case = models.ForeignKey(AuditCase, on_delete=models.CASCADE, related_name="rechecks")
    question = models.CharField(max_length=16)
    is_moderation = models.BooleanField(default=False)
    neighbours = models.JSONField(default=list)  # the questions it collided with
    answered_at = models.DateTimeField()  # the answer's time when it was flagged
    flagged_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["audit_case", "question", "is_moderation"], name="recheck_unique_per_marker"
            )
        ]
        ordering = ["audit_case_id", "question", "is_moderation"]

    def __str__(self) -> str:
        return f"Recheck {self.question}"


class Settlement(models.Model):
    """The QA lead's final answer where the inspector and the second marker disagreed: the
    audit's figures count it in place of the inspector's answer; both markers' answers are
    kept as they were, and agreement is reported before and after settling."""

    audit_case = models.ForeignKey(AuditCase, on_delete=models.CASCADE, related_name="settlements")
    question = models.CharField(max_length=16)
    answer = models.CharField(max_length=3, choices=AnswerChoice.choices)
    reasons = models.JSONField(default=list, blank=True)
    note = models.TextField()  # why: what the markers found when they talked it through
    settled_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    settled_by_name = models.CharField(max_length=200)
    settled_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["audit_case", "question"], name="settlement_unique_per_question")
        ]
        ordering = ["audit_case_id", "question"]

    def __str__(self) -> str:
        return f"Settled {self.question}: {self.answer}"


class FigureOverride(models.Model):
    """A figure a framework marks assumed (rating bands, the cap per case manager, how the
    sample's size grows with the caseload) that a service sets for its own audits. Applied
    to the copy an audit freezes when it is created, never to audits made before
    (decision 0054)."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="figure_overrides")
    framework = models.CharField(max_length=64)
    figure = models.CharField(max_length=40)  # audits.figures.FIGURES
    value = models.JSONField()
    reason = models.TextField()
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    set_by_name = models.CharField(max_length=200)
    set_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["service", "framework", "figure"], name="figureoverride_unique")]
        ordering = ["framework", "figure"]

    def __str__(self) -> str:
        return f"{self.framework} {self.figure}"


class StandardSelfAssessment(models.Model):
    """The service's own part of a self-assessment for one standard (a theme of the audit's
    framework), in the layout of the body it answers to (the YJB's National Standards,
    decision 0055): its strategic self-assessment (how the partnership and its management
    board assure themselves of the standard, with evidence), the banding the service gives
    it, and its actions to improve with their owner and date. The operational part is
    counted from the case sample, never written here.

    Every save counts in `version`: the editor carries the version they read and a save
    over someone else's later one is refused, never applied. Once the audit's report is
    published (`Audit.answers_frozen_at`) nothing here changes.
    """

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="standard_assessments")
    standard = models.CharField(max_length=16)  # a theme id of the audit's framework
    strategic = models.TextField(blank=True)
    evidence = models.TextField(blank=True)
    strategic_band = models.CharField(max_length=40, blank=True)  # one of the layout's band labels
    actions = models.TextField(blank=True)  # the service's actions to improve
    actions_owner = models.CharField(max_length=200, blank=True)
    actions_due = models.DateField(null=True, blank=True)
    version = models.PositiveIntegerField(default=0)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    edited_by_name = models.CharField(max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["audit", "standard"], name="standardselfassessment_one_per_standard")
        ]
        ordering = ["audit_id", "standard"]

    def __str__(self) -> str:
        return f"Self-assessment of standard {self.standard} (audit {self.audit_id})"
