"""Recording an auditor's answers for one audit case, with the suggestions beside them."""
from __future__ import annotations

from django.db import transaction

from casequality.accounts.models import AccessVerb, User
from casequality.accounts.services import access_log_record
from casequality.audits.answers import AnswerInput, answers_check
from casequality.audits.frameworks import RATINGS, framework_get
from casequality.audits.models import Answer, Audit, AuditCase
from casequality.audits.services.errors import AuditError


@transaction.atomic
def audit_case_answers_save(
    *, audit_case: AuditCase, answers: list[AnswerInput], actor: User, moderation: bool = False, complete: bool = False
) -> list[Answer]:
    """Record (or change) one auditor's answers for one case, with the suggestions beside them.

    `moderation`: the answers are the second, blind marking. `complete`: every question
    must be answered. Raises AuditError listing every problem; nothing is saved then.
    """
    audit = Audit.objects.select_for_update().get(pk=audit_case.audit_id)
    if audit.answers_frozen_at is not None:
        raise AuditError("This audit's report is published: its answers can no longer change", [])
    framework = framework_get(audit.framework)
    problems = answers_check(framework, answers, complete=complete)
    if problems:
        raise AuditError("The answers were not saved", problems)
    auditor = actor.staff.ref if getattr(actor, "staff", None) else actor.get_username()
    saved = []
    for a in answers:
        suggestion = audit_case.suggestions.get(a.question, {})
        answer, _ = Answer.objects.update_or_create(
            audit_case=audit_case, question=a.question, is_moderation=moderation,
            defaults=dict(
                answer=a.answer, reasons=list(a.reasons), note=a.note, auditor=auditor, auditor_user=actor,
                suggested_answer=suggestion.get("answer", ""), suggested_reasons=suggestion.get("reasons", []),
                suggested_rules=suggestion.get("rules", []),
            ),
        )
        saved.append(answer)
    access_log_record(actor=actor, verb=AccessVerb.AUDIT, case=audit_case.case,
                      target=f"audit {audit_case.audit_id}" + (" (moderation)" if moderation else ""),
                      payload={"questions": [a.question for a in answers]})
    return saved


@transaction.atomic
def audit_answers_freeze(*, audit: Audit, on) -> Audit:
    """Freeze the audit's answers (its report is published). Freezing twice keeps the first time."""
    Audit.objects.filter(pk=audit.pk, answers_frozen_at__isnull=True).update(answers_frozen_at=on)
    audit.refresh_from_db(fields=["answers_frozen_at"])
    return audit


@transaction.atomic
def audit_judged_ratings_save(*, audit: Audit, ratings: dict[str, str | None], actor: User | None = None) -> None:
    """Record the team's ratings of the framework's judged standards (None clears one).

    Raises AuditError listing every unknown standard or rating, and once the report is
    published (the answers are frozen): what the report says can no longer change.
    """
    if audit.answers_frozen_at is not None:
        raise AuditError("The report is published: the ratings can no longer change")
    framework = framework_get(audit.framework)
    known = {j.id for j in framework.judged_standards}
    problems = [f"{sid}: not a judged standard of {framework.id}" for sid in ratings if sid not in known]
    problems += [f"{sid}: {r!r} is not a rating" for sid, r in ratings.items() if r is not None and r not in RATINGS]
    if problems:
        raise AuditError("The ratings were not saved", problems)
    current = dict(audit.judged_ratings or {})
    for sid, rating in ratings.items():
        if rating is None:
            current.pop(sid, None)
        else:
            current[sid] = rating
    audit.judged_ratings = current
    audit.save(update_fields=["judged_ratings"])
    access_log_record(actor=actor, verb=AccessVerb.AUDIT, target=f"audit {audit.id}: judged standards rated",
                      payload={"ratings": current}, actor_name=None if actor else "casequality")
