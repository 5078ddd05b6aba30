"""Answers that may have been recorded against a neighbouring question (decision 0032).

Until December 2026 the audit form named its fields by a question id with every
character but digits and lower-case letters replaced by "_" (`V1.1` became `answer__1_1`),
and the shared radio and checkbox includes gave a field's first choice the field's own
element id and the others `<id>_<n>`. So two questions could share a field name (ids that
differ only in their letters: `A1` and `V1`), and one question's choice could share its
element id with another question's first choice (`V1.1`'s "No" and `V1.1.1`'s "Yes" were
both `id_answer__1_1_1`): a click on a label then set the other question's radio. This
module rebuilds those old names and ids for a framework, finds the questions they
collided on, and lists the answers given before the fix to those questions.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from casequality.audits.frameworks import Framework, frameworks_all

ANSWER_CHOICES = 3  # yes, no, does not apply
RATING_CHOICES = 5  # four ratings and "not rated yet"


def _old_slug(item_id: str) -> str:
    return re.sub(r"[^0-9a-z]", "_", item_id)


def _old_elements(kind: str, item_id: str, choices: int) -> tuple[str, list[str]]:
    """The old field name and the element ids of its inputs (first choice, then `_1`…)."""
    name = f"{kind}_{_old_slug(item_id)}"
    auto_id = f"id_{name}"
    ids = [auto_id] + [f"{auto_id}_{n}" for n in range(1, choices)] if choices else [auto_id]
    return name, ids


def legacy_collisions(framework: Framework) -> dict[str, set[str]]:
    """Each question or judged standard of the framework whose old form field name or
    input element id was also another's, with the ids of those others."""
    owners: dict[tuple[str, str], set[str]] = defaultdict(set)  # ("name"|"id", value) -> items
    for q in framework.questions:
        for kind, choices in (("answer", ANSWER_CHOICES), ("reasons", len(q.reasons)), ("note", 0)):
            if kind == "reasons" and not q.reasons:
                continue
            name, ids = _old_elements(kind, q.id, choices)
            owners[("name", name)].add(q.id)
            for element in ids:
                owners[("id", element)].add(q.id)
    for j in framework.judged_standards:
        name, ids = _old_elements("rating", j.id, RATING_CHOICES)
        owners[("name", name)].add(j.id)
        for element in ids:
            owners[("id", element)].add(j.id)
    collided: dict[str, set[str]] = defaultdict(set)
    for items in owners.values():
        if len(items) > 1:
            for item in items:
                collided[item] |= items - {item}
    return dict(collided)


def collisions_by_framework() -> dict[str, dict[str, set[str]]]:
    """legacy_collisions of every framework that had any."""
    return {f.id: c for f in frameworks_all() if (c := legacy_collisions(f))}


def answers_flag(answer_model, recheck_model, audit_model, *, now) -> int:
    """Flag every answer to a collided question as it stands now (the migration that shipped
    the fix calls this once, with the historical models). Answers loaded from a file and
    never changed on the form are left alone. Returns how many were flagged."""
    flagged = 0
    for framework_id, collided in collisions_by_framework().items():
        audits = audit_model.objects.filter(framework=framework_id)
        answers = answer_model.objects.filter(audit_case__audit__in=audits, question__in=list(collided)).exclude(
            auditor_user__isnull=True, audit_case__audit__source="file"
        )
        rows = [
            recheck_model(
                audit_case_id=a.audit_case_id,
                question=a.question,
                is_moderation=a.is_moderation,
                neighbours=sorted(collided[a.question]),
                answered_at=a.answered_at,
                flagged_at=now,
            )
            for a in answers
        ]
        recheck_model.objects.bulk_create(rows, ignore_conflicts=True)
        flagged += len(rows)
    return flagged


@dataclass
class RecheckItem:
    case_ref: str
    audit_case_pk: int
    question: str
    neighbours: list[str]
    moderation: bool
    inspector: str
    rechecked: bool


@dataclass
class AuditRecheck:
    audit: object
    items: list[RecheckItem] = field(default_factory=list)

    @property
    def to_recheck(self) -> list[RecheckItem]:
        return [i for i in self.items if not i.rechecked]


def rechecks_of(audits: Iterable) -> list[AuditRecheck]:
    """The flagged answers of these audits, by audit, each saying whether it was saved again
    since it was flagged (then it has been rechecked)."""
    from casequality.audits.models import Answer, AnswerRecheck

    audits = list(audits)
    flags = list(
        AnswerRecheck.objects.filter(audit_case__audit__in=audits).select_related(
            "audit_case__case", "audit_case__inspector", "audit_case__moderator"
        )
    )
    times = {
        (a.audit_case_id, a.question, a.is_moderation): a.answered_at
        for a in Answer.objects.filter(audit_case__in={f.audit_case_id for f in flags})
    }
    by_audit: dict[int, AuditRecheck] = {}
    order = {a.pk: a for a in audits}
    for f in flags:
        ac = f.audit_case
        marker = ac.moderator if f.is_moderation else ac.inspector
        now = times.get((f.audit_case_id, f.question, f.is_moderation))
        entry = by_audit.setdefault(ac.audit_id, AuditRecheck(audit=order[ac.audit_id]))
        entry.items.append(
            RecheckItem(
                case_ref=ac.case.ref,
                audit_case_pk=ac.pk,
                question=f.question,
                neighbours=list(f.neighbours),
                moderation=f.is_moderation,
                inspector=(marker.get_full_name() or marker.get_username()) if marker else "",
                rechecked=now is None or now > f.answered_at,
            )
        )
    return [by_audit[a.pk] for a in audits if a.pk in by_audit]
