"""The service's own part of a self-assessment in its body's layout (decision 0055): per
standard, the strategic self-assessment, its banding and the actions to improve."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction

from casequality.accounts.models import User
from casequality.audits.frameworks import audit_framework
from casequality.audits.models import Audit, StandardSelfAssessment
from casequality.audits.services.errors import AuditError

CHANGED = (
    "Nothing was saved: {title} was saved by {who} since you opened the page. "
    "Their text is shown above the form and yours is kept in it: combine them, then save again"
)


@dataclass(frozen=True)
class StandardSelfAssessmentInput:
    strategic: str = ""
    evidence: str = ""
    strategic_band: str = ""
    actions: str = ""
    actions_owner: str = ""
    actions_due: date | None = None


@transaction.atomic
def standard_self_assessment_save(
    *, audit: Audit, standard: str, entry: StandardSelfAssessmentInput, seen_version: int, actor: User
) -> StandardSelfAssessment:
    """Save the service's part of one standard's self-assessment, over the version the editor
    read. Raises AuditError, saving nothing, when the report is published, when the standard
    or the banding is not the layout's, or when someone saved since `seen_version`."""
    locked = Audit.objects.select_for_update().get(pk=audit.pk)  # one save of an audit's texts at a time
    if locked.answers_frozen_at is not None:
        raise AuditError("Nothing was saved: this self-assessment's report is published, so it can no longer change")
    layout = audit_framework(locked).self_assessment
    heading = next((s.title for s in layout.standards if s.id == standard), None) if layout else None
    if layout is None or heading is None:
        raise AuditError("This audit's framework has no such standard in a self-assessment layout")
    if entry.strategic_band and entry.strategic_band not in layout.labels:
        raise AuditError(f"Choose a banding from {', '.join(layout.labels)}")
    row, _ = StandardSelfAssessment.objects.get_or_create(audit=locked, standard=standard)
    if row.version != seen_version:
        raise AuditError(CHANGED.format(title=heading, who=row.edited_by_name or "someone else"))
    for name, value in vars(entry).items():
        setattr(row, name, value.strip() if isinstance(value, str) else value)
    row.version += 1
    row.edited_by = actor
    row.edited_by_name = actor.get_username()
    row.save()
    return row
