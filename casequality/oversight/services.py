"""Writes of oversight: countersignatures, manager entries, notes on findings,
supervision samples and self-audits. Views call these; nothing else writes the models.

Each function checks the actor's permission itself (PermissionDenied), writes one
access-log entry per case it touches, and where the case record changes, sends
`case_record_changed` after the commit so that the rulebook re-evaluates the case at once.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from casequality.accounts.models import AccessVerb, User
from casequality.accounts.selectors import cases_for_user
from casequality.accounts.services import access_log_record
from casequality.audits.answers import AnswerInput, answers_check
from casequality.audits.frameworks import framework_get
from casequality.cases.models import Act, ActKind, ActSubject, Assessment, Case, Plan, Staff
from casequality.cases.services import act_record
from casequality.errors import CasequalityError
from casequality.notifications.alerts import act_email
from casequality.oversight.models import (
    Check,
    FindingNote,
    ManagerEntry,
    SelfAudit,
    SelfAuditAnswer,
    SupervisionSample,
    SupervisionSampleCase,
)
from casequality.standards.models import Finding

OUTCOMES = ("approved", "returned")


class OversightError(CasequalityError):
    """An oversight write is refused; the message says what to put right."""


def _require(user: User, perm: str, obj=None) -> None:
    if not user.has_perm(perm, obj):
        raise PermissionDenied(perm)


@transaction.atomic
def item_countersign(
    *,
    actor: User,
    item: Assessment | Plan,
    outcome: str,
    comment: str = "",
    on: date | None = None,
    seen_version: str | None = None,
) -> Act:
    """Countersign (`approved`) or return (`returned`, with a comment) an assessment or plan.

    Records the countersignature as Casequality's own act (the CMS's row is not touched,
    so an import cannot erase it), logs it, and has the case re-evaluated. `seen_version`
    is the item's version the manager read (`SubjectState.version`); if the item changed
    since, StaleRecord says what changed and nothing is written.
    Raises PermissionDenied if the actor does not manage the case, OversightError for a
    bad outcome, a return without a comment, or a manager countersigning their own work.
    """
    _require(actor, "cases.countersign", item.case)
    if outcome not in OUTCOMES:
        raise OversightError("Choose whether to countersign or return it")
    comment = comment.strip()
    if outcome == "returned" and not comment:
        raise OversightError("Enter a comment saying what needs to change")
    if actor.staff_id is None:
        raise OversightError("Your account is not linked to a member of staff, so you cannot countersign")
    if item.author_id is not None and item.author_id == actor.staff_id:
        raise OversightError("You cannot countersign your own work")  # OVS-003
    kind = "assessment" if isinstance(item, Assessment) else "plan"
    act = act_record(
        case=item.case,
        kind=ActKind.COUNTERSIGNATURE,
        subject_type=kind,
        subject_ref=item.ref,
        by=actor.staff,
        on=on or timezone.localdate(),
        outcome=outcome,
        text=comment,
        recorded_by=actor.get_username(),
        seen_version=seen_version,
    )
    access_log_record(
        actor=actor,
        verb=AccessVerb.COUNTERSIGN,
        case=item.case,
        target=f"{kind} {item.ref}",
        payload={"outcome": outcome, "comment": comment, "act": act.ref},
    )
    if outcome == "returned":
        act_email.enqueue(act.pk)  # the author hears at once (the outbox: with the act, or not at all)
    return act


@transaction.atomic
def manager_entry_version(case: Case, sample_item: SupervisionSampleCase | None = None) -> str:
    """What a manager's entry form is based on: the entries already made (on the sample's
    item, or on the case), so that the same form sent twice adds one entry."""
    entries = ManagerEntry.objects.filter(sample_item=sample_item) if sample_item else case.manager_entries.all()
    return f"entries.{entries.count()}"


def manager_entry_record(
    *,
    actor: User,
    case: Case,
    text: str,
    sample_item: SupervisionSampleCase | None = None,
    on: date | None = None,
    seen_version: str | None = None,
) -> ManagerEntry:
    """Record a manager's entry on a case: a `manager_entry` event by the manager's staff.

    Raises PermissionDenied unless the actor manages the case; OversightError if empty,
    or if an entry was made since `seen_version` (`manager_entry_version`) was read.
    """
    _require(actor, "cases.manager_entry", case)
    text = text.strip()
    if not text:
        raise OversightError("Enter the manager entry")
    if actor.staff_id is None:
        raise OversightError("Your account is not linked to a member of staff, so you cannot make an entry")
    if seen_version is not None:
        list(Case.objects.select_for_update().filter(pk=case.pk).values_list("pk", flat=True))  # one at a time
        if manager_entry_version(case, sample_item) != seen_version:
            raise OversightError(
                "An entry was made on this case since you opened the page (is it yours, sent "
                "twice?): nothing was saved. Read the entries below, then send yours again if needed"
            )
    day = on or timezone.localdate()
    act = act_record(
        case=case,
        kind=ActKind.MANAGER_ENTRY,
        subject_type=ActSubject.CASE,
        by=actor.staff,
        on=day,
        text=text,
        recorded_by=actor.get_username(),
    )
    entry = ManagerEntry.objects.create(
        case=case,
        act=act,
        author=actor,
        author_name=actor.get_username(),
        sample_item=sample_item,
        text=text,
        date=day,
    )
    access_log_record(
        actor=actor,
        verb=AccessVerb.MANAGER_ENTRY,
        case=case,
        target=f"manager entry {act.ref}",
        payload={"sample": sample_item.sample_id if sample_item else None},
    )
    return entry


@transaction.atomic
def finding_note_version(finding: Finding) -> str:
    """What a note's form is based on: whether the finding is open, and the notes it has."""
    state = finding.resolved_on.isoformat() if finding.resolved_on else "open"
    return f"{state}.{finding.notes.count()}"


@transaction.atomic
def finding_note_add(
    *, actor: User, finding: Finding, text: str, mark_for_review: bool = False, seen_version: str | None = None
) -> FindingNote:
    """A case manager's note on a finding of their own case, perhaps asking for a review.

    OversightError if the finding was closed or noted since `seen_version`
    (`finding_note_version`) was read: the same form sent twice adds one note.
    """
    _require(actor, "cases.answer_finding", finding.case)
    text = text.strip()
    if not text:
        raise OversightError("Enter a note about this finding")
    if seen_version is not None:
        locked = Finding.objects.select_for_update().get(pk=finding.pk)  # one note at a time
        if finding_note_version(locked) != seen_version:
            raise OversightError(
                "This finding changed since you opened it (a note was added, or it was closed): "
                "nothing was saved. Read it again, then send your note if it is still needed"
            )
    note = FindingNote.objects.create(
        finding=finding,
        author=actor,
        author_name=actor.get_username(),
        text=text,
        marked_for_review=mark_for_review,
    )
    access_log_record(
        actor=actor,
        verb=AccessVerb.NOTE,
        case=finding.case,
        target=f"finding {finding.rule} {finding.key}",
        payload={"finding": finding.pk, "marked_for_review": mark_for_review},
    )
    return note


def sample_draw_cases(cases: Iterable[Case], *, size: int, seed: int) -> list[Case]:
    """The sample: `size` of `cases` (sorted by id) chosen by random.Random(seed). Reproducible."""
    population = sorted(cases, key=lambda c: c.pk)
    return random.Random(seed).sample(population, min(size, len(population)))


@transaction.atomic
def supervision_sample_draw(
    *, actor: User, case_manager: Staff, size: int, seed: int | None = None
) -> SupervisionSample:
    """Draw `size` of a case manager's open cases at random, recording the seed.

    Only cases the actor may see and manage are drawn from. Raises PermissionDenied if
    the actor may not draw samples or does not oversee this case manager.
    """
    _require(actor, "oversight.draw_sample")
    from casequality.accounts.selectors import staff_for_user

    if not staff_for_user(actor).filter(pk=case_manager.pk).exists():
        raise PermissionDenied("not this manager's case manager")
    if size < 1:
        raise OversightError("Enter a sample size of 1 or more")
    seed = random.SystemRandom().randrange(1, 2**62) if seed is None else seed
    open_cases = list(
        cases_for_user(actor).filter(case_manager=case_manager, closed_on__isnull=True).select_related("service")
    )
    chosen = sample_draw_cases(open_cases, size=size, seed=seed)
    sample = SupervisionSample.objects.create(
        drawn_by=actor,
        drawn_by_name=actor.get_username(),
        case_manager=case_manager,
        size=size,
        seed=seed,
        population=len(open_cases),
    )
    SupervisionSampleCase.objects.bulk_create(
        [SupervisionSampleCase(sample=sample, case=case, position=i) for i, case in enumerate(chosen, 1)]
    )
    for case in chosen:
        access_log_record(
            actor=actor,
            verb=AccessVerb.SAMPLE,
            case=case,
            target=f"supervision sample {sample.pk}",
            payload={"seed": seed},
        )
    return sample


@transaction.atomic
def self_audit_submit(*, actor: User, case: Case, answers: list[AnswerInput], framework: str = "sqs-2013") -> SelfAudit:
    """A case manager's self-audit of one of their own cases: one answer per question."""
    _require(actor, "cases.self_audit", case)
    if not answers:
        raise ValidationError("Answer the questions")
    problems = answers_check(framework_get(framework), answers, complete=False)
    if problems:
        raise ValidationError(problems)
    audit = SelfAudit.objects.create(case=case, framework=framework, case_manager_id=actor.staff_id, author=actor)
    SelfAuditAnswer.objects.bulk_create(
        [
            SelfAuditAnswer(
                self_audit=audit,
                question=a.question,
                position=i,
                answer=a.answer,
                reasons=list(a.reasons),
                note=a.note.strip(),
            )
            for i, a in enumerate(answers)
        ]
    )
    access_log_record(
        actor=actor,
        verb=AccessVerb.SELF_AUDIT,
        case=case,
        target=f"self-audit {audit.pk}",
        payload={"framework": framework, "answers": len(answers)},
    )
    return audit


@dataclass(frozen=True)
class CheckInput:
    answer_id: int
    verdict: str
    comment: str = ""


@transaction.atomic
def self_audit_check(*, actor: User, self_audit: SelfAudit, checks: list[CheckInput]) -> SelfAudit:
    """A manager agrees or disagrees with each answer of a self-audit (a comment when disagreeing)."""
    _require(actor, "cases.check_self_audit", self_audit.case)
    answers = {a.pk: a for a in self_audit.answers.all()}
    if {c.answer_id for c in checks} != set(answers):
        raise ValidationError("Agree or disagree with every answer")
    for c in checks:
        if c.verdict not in Check.values:
            raise ValidationError("Agree or disagree with every answer")
        if c.verdict == Check.DISAGREE and not c.comment.strip():
            raise ValidationError("Say why you disagree")
        answer = answers[c.answer_id]
        answer.verdict = c.verdict
        answer.verdict_comment = c.comment.strip()
    SelfAuditAnswer.objects.bulk_update(list(answers.values()), ["verdict", "verdict_comment"])
    self_audit.checked_by = actor
    self_audit.checked_at = timezone.now()
    self_audit.save(update_fields=["checked_by", "checked_at"])
    access_log_record(
        actor=actor,
        verb=AccessVerb.CHANGE,
        case=self_audit.case,
        target=f"self-audit {self_audit.pk} checked",
        payload={"agreed": sum(c.verdict == Check.AGREE for c in checks), "answers": len(checks)},
    )
    return self_audit


@transaction.atomic
def oversight_request(
    *, actor: User, item: Assessment | Plan, on: date | None = None, seen_version: str | None = None
) -> Act:
    """A case manager asks their manager to countersign an assessment or plan of their case.

    Records the request as Casequality's own act (OVS-004 checks that it is answered),
    logs it and has the case re-evaluated. Raises PermissionDenied unless it is the
    actor's own case; StaleRecord if the item changed (or was acted on, a request
    included) since `seen_version` was read.
    """
    _require(actor, "cases.request_oversight", item.case)
    if actor.staff_id is None:
        raise OversightError("Your account is not linked to a member of staff, so you cannot ask for oversight")
    kind = "assessment" if isinstance(item, Assessment) else "plan"
    act = act_record(
        case=item.case,
        kind=ActKind.OVERSIGHT_REQUEST,
        subject_type=kind,
        subject_ref=item.ref,
        by=actor.staff,
        on=on or timezone.localdate(),
        text=f"Oversight of {kind} {item.ref} requested in Casequality.",
        recorded_by=actor.get_username(),
        seen_version=seen_version,
    )
    access_log_record(
        actor=actor,
        verb=AccessVerb.CHANGE,
        case=item.case,
        target=f"oversight request for {kind} {item.ref}",
        payload={"act": act.ref},
    )
    act_email.enqueue(act.pk)  # the manager hears at once (the outbox: with the act, or not at all)
    return act
