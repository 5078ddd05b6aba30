"""Integrations that use the API (their tokens), and the change feed of findings.

A token is shown once, when it is made; only its SHA-256 is stored, with a short
prefix that lets a person tell their tokens apart in `casequality api-token list`.

`FindingChange` gives findings a change order that the findings table itself has not
(a finding is updated in place when it closes or a task falls due): a row is added by
a database trigger (migration 0001) whenever a finding is inserted or its state
changes, so every writer of findings, now or later, feeds it without knowing of it.
The API pages findings by the id of their latest change (docs/decisions/0009).
"""

from __future__ import annotations

from django.db import models

from casequality.cases.models import Service
from casequality.standards.models import Finding


class ApiToken(models.Model):
    """One integration's credential: named, scoped to one service, revocable."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=16)  # the token's first characters, to recognise it by
    digest = models.CharField(max_length=64, unique=True)  # SHA-256 of the whole token, hex
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["service", "name"], name="apitoken_unique_name")]
        ordering = ["service__code", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.service.code})"

    @property
    def actor_name(self) -> str:
        """The name the access log gives this integration."""
        return f"api: {self.name}"


class FindingChange(models.Model):
    """A finding was inserted or its state changed (written by a trigger, never by Python).

    `txid` is PostgreSQL's transaction id of the change (null on SQLite, whose writers
    are serialised): a reader serves only changes whose transaction is surely over, so
    that an id handed out earlier but committed later is never skipped.
    """

    id = models.BigAutoField(primary_key=True)
    # No database constraint: the trigger's row must never fail, and a deleted finding
    # (its case deleted) simply drops out of the feed's join.
    # Its index is api_findingchange_latest's first column.
    finding = models.ForeignKey(
        Finding, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+", db_index=False
    )
    txid = models.BigIntegerField(null=True, blank=True, db_index=True)

    class Meta:
        indexes = [models.Index(fields=["finding", "id"], name="api_findingchange_latest")]
