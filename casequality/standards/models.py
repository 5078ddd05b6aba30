"""Findings and tasks raised by the rulebook, and a service's rulebook settings."""

from __future__ import annotations

from django.db import models

from casequality.cases.models import Case, Service


class Severity(models.TextChoices):
    MUST = "must", "Must"
    SHOULD = "should", "Should"


class Kind(models.TextChoices):
    TASK = "task", "Task"  # due, not yet late
    FINDING = "finding", "Finding"  # the standard is not met


class Resolution(models.TextChoices):
    RESOLVED = "resolved", "Put right"  # the rule no longer fires on the subject
    WITHDRAWN = "withdrawn", "Withdrawn"  # the CMS's record no longer holds the subject


class Finding(models.Model):
    """One rule's verdict on one subject of one case, with its history.

    Identity is (case, rule, key): `key` is the subject's ref plus whatever else the
    rule needs to tell two verdicts apart (a month for CMP-004). A sweep updates the
    open row for that identity, opens a new one, or closes it with `resolved_on`.
    A task that passes its due date becomes a finding in the same row.
    """

    # No index of their own: the indexes below begin with them (each index a first sweep
    # keeps up costs it a million entries).
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="+", db_index=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="findings", db_index=False)
    rule = models.CharField(max_length=16)
    key = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    severity = models.CharField(max_length=10, choices=Severity.choices)
    owner = models.CharField(max_length=10)  # "CM", "TM" or "CM,TM"
    subject = models.CharField(max_length=64, blank=True)
    subject_type = models.CharField(max_length=20, blank=True)  # assessment, plan, order, report, event, case
    message = models.TextField()
    evidence = models.JSONField(default=dict)
    due = models.DateField(null=True, blank=True)
    # False: history, a shortfall nobody can put right any more (done late, replaced, an
    # ended order or month); kept as a fact about practice, never listed in a queue.
    actionable = models.BooleanField(default=True)
    # A deadline rule's requirement met after its due date: the day it was met (the
    # measures count it "met late"; docs/decisions/0012-measures.md).
    met_on = models.DateField(null=True, blank=True)
    opened_on = models.DateField()  # as-of date of the evaluation that first raised it
    last_seen_on = models.DateField()
    resolved_on = models.DateField(null=True, blank=True, db_index=True)
    # Why it closed: put right, or its subject was withdrawn by the CMS (not put right).
    resolution = models.CharField(max_length=10, choices=Resolution.choices, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["case", "resolved_on"]),
            models.Index(fields=["service", "rule", "resolved_on"]),
            models.Index(fields=["service", "owner", "resolved_on", "due"]),
            # A service's oversight queues in their order after the child's risk (the
            # oversight app's InPriorityOrder walks them): the team manager's actions, and
            # the approved items still short (OVS-002). Only the rows those lists hold.
            models.Index(
                fields=["service", "severity", "due", "opened_on", "id"],
                name="finding_tm_queue",
                condition=models.Q(resolved_on__isnull=True, actionable=True, owner__in=("TM", "CM,TM"))
                & ~models.Q(rule="OVS-002"),
            ),
            models.Index(
                fields=["service", "severity", "due", "opened_on", "id"],
                name="finding_ovs002_queue",
                condition=models.Q(resolved_on__isnull=True, actionable=True, rule="OVS-002"),
            ),
            # The team manager's own open actions by their subject: those on the items returned
            # to the case manager are counted off a QA lead's Today list (data/today.py's
            # `hidden`: a few hundred probes, where the case's index read every open finding of
            # each returned item's case). Only the rows that list can hold.
            models.Index(
                fields=["case", "subject"],
                name="finding_tm_subject",
                condition=models.Q(resolved_on__isnull=True, actionable=True, owner="TM"),
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "rule", "key"],
                condition=models.Q(resolved_on__isnull=True),
                name="finding_one_open_per_identity",
            )
        ]
        ordering = ["due", "id"]

    @property
    def is_open(self) -> bool:
        return self.resolved_on is None

    def __str__(self) -> str:
        return f"{self.rule} {self.case.ref} {self.subject}"


class CaseUrgency(models.Model):
    """What a case's open findings say about its urgency, kept for the caseload's order
    (docs/decisions/0060-the-caseloads-urgency-kept.md): the due date of its next open
    actionable finding with one, and its open Musts, Shoulds and tasks. Written by
    services.case_urgency_refresh in the transaction that writes the case's findings, and
    by services.case_urgency_start (a row of zeros) in the one that imports the case; by
    nothing else. A table of its own so that saving a Case (an import, an edit) can never
    write it back stale. No row (a case written otherwise than by the import): the same as
    a row of zeros.

    The case's service and reference are copied beside it (they never change: the import
    finds a case by them) so that a service's whole caseload in urgency order is a walk of
    one index (`caseurgency_walk`), the QA lead's pages read without a sort."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, primary_key=True, related_name="urgency")
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="+", db_index=False)
    ref = models.CharField(max_length=64)
    next_due = models.DateField(null=True, blank=True)
    must = models.PositiveIntegerField(default=0)
    should = models.PositiveIntegerField(default=0)
    tasks = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name_plural = "case urgencies"
        indexes = [
            # The caseload's urgency order (web.caseload_order.URGENCY) within a service:
            # next_due ascending, nulls last (PostgreSQL's ascending order; SQLite's index
            # cannot say NULLS LAST).
            models.Index(
                models.F("service"),
                models.F("next_due"),
                models.F("must").desc(),
                models.F("ref"),
                models.F("case"),
                name="caseurgency_walk",
            )
        ]


class RuleSetting(models.Model):
    """A rule this service has switched off, with the reason. No row: the rule is on."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="rule_settings")
    rule = models.CharField(max_length=16)
    enabled = models.BooleanField(default=True)
    reason = models.TextField(blank=True)
    changed_by = models.CharField(max_length=200, blank=True)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["service", "rule"], name="rulesetting_unique")]


class ParameterSetting(models.Model):
    """This service's own value of a rulebook parameter (the rules family modules declare them)."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="parameter_settings")
    name = models.CharField(max_length=64)
    value = models.JSONField()
    reason = models.TextField(blank=True)
    changed_by = models.CharField(max_length=200, blank=True)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["service", "name"], name="parametersetting_unique")]


class CaseRemovals(models.Model):
    """How many of a service's cases have been deleted (erasure, retention): with the
    newest case's id, what tells a process that its index of the children's names
    (selectors.service_name_index) is out of date, without counting the cases each time.
    Counted by a receiver of Case's post_delete (apps.py)."""

    service = models.OneToOneField(Service, on_delete=models.CASCADE, related_name="+")
    removed = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name_plural = "case removals"
