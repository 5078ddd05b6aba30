"""Recording an auditor's answers for one audit case, with the suggestions beside them."""

from __future__ import annotations

from django.db import transaction

from casequality.accounts.models import AccessVerb, User
from casequality.accounts.services import access_log_record
from casequality.audits.answers import AnswerInput, answers_check
from casequality.audits.frameworks import RATINGS, audit_framework
from casequality.audits.models import Answer, AnswerChoice, Audit, AuditCase, Settlement
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
    framework = audit_framework(audit)
    problems = answers_check(framework, answers, complete=complete)
    if problems:
        raise AuditError("The answers were not saved", problems)
    staff = getattr(actor, "staff", None)
    auditor = staff.ref if staff else actor.get_username()
    saved = []
    for a in answers:
        suggestion = audit_case.suggestions.get(a.question, {})
        answer, _ = Answer.objects.update_or_create(
            audit_case=audit_case,
            question=a.question,
            is_moderation=moderation,
            defaults=dict(
                answer=a.answer,
                reasons=list(a.reasons),
                note=a.note,
                auditor=auditor,
                auditor_user=actor,
                suggested_answer=suggestion.get("answer", ""),
                suggested_reasons=suggestion.get("reasons", []),
                suggested_rules=suggestion.get("rules", []),
            ),
        )
        saved.append(answer)
    access_log_record(
        actor=actor,
        verb=AccessVerb.AUDIT,
        case=audit_case.case,
        target=f"audit {audit_case.audit_id}" + (" (moderation)" if moderation else ""),
        payload={"questions": [a.question for a in answers]},
    )
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
    framework = audit_framework(audit)
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
    access_log_record(
        actor=actor,
        verb=AccessVerb.AUDIT,
        target=f"audit {audit.id}: judged standards rated",
        payload={"ratings": current},
        actor_name=None if actor else "casequality",
    )


@transaction.atomic
def disagreement_settle(
    *, audit_case: AuditCase, question: str, answer: str, reasons: tuple[str, ...] = (), note: str, actor: User
) -> Settlement:
    """Record the QA lead's final answer to a question the inspector and the second marker
    answered differently. The figures use it in place of the inspector's answer. Raises
    AuditError when there is no such disagreement, the answer is not one of the
    framework's, a no gives no reason the question lists, the note is empty, or the
    audit's report is published."""
    audit = Audit.objects.select_for_update().get(pk=audit_case.audit_id)
    if audit.answers_frozen_at is not None:
        raise AuditError("This audit's report is published: its answers can no longer change", [])
    framework = audit_framework(audit)
    q = next((q for q in framework.questions if q.id == question), None)
    given = {a.is_moderation: a.answer for a in audit_case.answers.filter(question=question)}
    problems = []
    if q is None or len(given) < 2 or given[False] == given[True]:
        problems.append(f"{audit_case.case.ref} {question}: the markers do not disagree, so there is nothing to settle")
    if answer not in AnswerChoice.values:
        problems.append("Select the final answer")
    if answer == "no" and q is not None and q.reasons and not reasons:
        problems.append(f"Select at least one reason why the final answer to question {question} is no")
    if q is not None and any(r not in q.reasons for r in reasons):
        problems.append(f"A reason given is not one of question {question}'s")
    if not note.strip():
        problems.append("Say how the disagreement was settled")
    if problems:
        raise AuditError("The settlement was not saved", problems)
    settlement, _ = Settlement.objects.update_or_create(
        audit_case=audit_case,
        question=question,
        defaults=dict(
            answer=answer,
            reasons=list(reasons) if answer == "no" else [],
            note=note.strip(),
            settled_by=actor,
            settled_by_name=actor.get_full_name() or actor.get_username(),
        ),
    )
    access_log_record(
        actor=actor,
        verb=AccessVerb.AUDIT,
        case=audit_case.case,
        target=f"audit {audit.pk}: settled {question}",
        payload={"answer": answer},
    )
    return settlement
