"""Writes of the audits app: create an audit, draw its sample, assign, answer, load a file.

Every function is keyword-only and either succeeds whole or changes nothing.
"""
from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from casequality.accounts.models import AccessVerb, User
from casequality.accounts.services import access_log_record
from casequality.audits.applicability import applies, cases_with_record
from casequality.audits.frameworks import ANSWERS, Framework, FrameworkError, framework_get
from casequality.audits.models import Answer, Audit, AuditCase
from casequality.audits.sampling import Sample, long_list_read, sample_draw, seed_new
from casequality.cases.models import Case, Service
from casequality.standards.models import Finding, Kind

ANSWERS_FORMAT = "casequality-audit/1"


class AuditError(Exception):
    """An audit change is refused; `problems` lists every reason, each with its place."""

    def __init__(self, message: str, problems: list[str] | None = None):
        self.problems = problems or []
        super().__init__(message)


# --- suggestions from the rulebook ---------------------------------------------------------

def suggestions_compute(*, framework: Framework, cases: QuerySet[Case]) -> dict[int, dict[str, dict]]:
    """What the record and the rulebook suggest for each question of each case.

    Per case id, per question id: `{"answer": "n/a"}` where none of the question's
    conditions holds; `{"answer": "no", "reasons": [...], "rules": [...]}` where an open
    finding of a rule the question names in `suggested_by` exists; `{"answer": "yes"}`
    where the question names rules and none of them fired. Questions with no rules and
    that apply get no suggestion: nothing in the rulebook speaks to them.
    """
    open_rules: dict[int, set[str]] = defaultdict(set)
    for case_id, rule in Finding.objects.filter(
        case__in=cases, resolved_on__isnull=True, kind=Kind.FINDING
    ).values_list("case_id", "rule"):
        open_rules[case_id].add(rule)
    result: dict[int, dict[str, dict]] = {}
    for case in cases_with_record(cases):
        per_question: dict[str, dict] = {}
        for q in framework.questions:
            if not applies(q.applies_to, case):
                per_question[q.id] = {"answer": "n/a", "reasons": [], "rules": []}
                continue
            fired = [s for s in q.suggested_by if s.rule in open_rules[case.id]]
            if fired:
                reasons = list(dict.fromkeys(s.reason for s in fired if s.reason))
                per_question[q.id] = {"answer": "no", "reasons": reasons, "rules": sorted({s.rule for s in fired})}
            elif q.suggested_by:
                per_question[q.id] = {"answer": "yes", "reasons": [], "rules": []}
        result[case.id] = per_question
    return result


# --- creating and sampling -------------------------------------------------------------------

@transaction.atomic
def audit_create(
    *,
    service: Service,
    framework_id: str,
    title: str,
    actor: User | None = None,
    actor_name: str = "",
    fieldwork_start: date | None = None,
    fieldwork_end: date | None = None,
    sample_size: int | None = None,
    seed: int | None = None,
    buffer: float = 0,
    max_per_case_manager: int = 6,
    as_of: date | None = None,
    source: str = "web",
) -> Audit:
    """A new audit of `service` against a framework. Raises AuditError if the framework is unknown."""
    try:
        framework_get(framework_id)
    except FrameworkError as exc:
        raise AuditError(str(exc)) from None
    if not title.strip():
        raise AuditError("Enter a title for the audit")
    return Audit.objects.create(
        service=service, framework=framework_id, title=title.strip(), fieldwork_start=fieldwork_start,
        fieldwork_end=fieldwork_end, sample_size=sample_size, seed=seed, buffer=buffer,
        max_per_case_manager=max_per_case_manager, as_of=as_of, source=source, created_by=actor,
        created_by_name=actor_name or (actor.get_username() if actor else "system"),
    )


def _audit_cases_add(audit: Audit, picks: list[tuple[Case | int, str, bool]]) -> list[AuditCase]:
    """Create the audit's cases (case or id, stratum, reserve) with the rulebook's suggestions."""
    framework = framework_get(audit.framework)
    case_ids = [c if isinstance(c, int) else c.id for c, _, _ in picks]
    suggestions = suggestions_compute(framework=framework, cases=Case.objects.filter(id__in=case_ids))
    return AuditCase.objects.bulk_create([
        AuditCase(audit=audit, case_id=case_id, stratum=stratum, reserve=reserve, position=i,
                  suggestions=suggestions.get(case_id, {}))
        for i, (case_id, (_, stratum, reserve)) in enumerate(zip(case_ids, picks))
    ])


@transaction.atomic
def audit_sample_draw(*, audit: Audit, actor: User | None = None, as_of: date | None = None) -> Sample:
    """Draw (or redraw) the audit's sample from the stored cases and keep its analysis.

    Uses the audit's size, buffer, cap and seed (a new seed is drawn and recorded if it
    has none). Raises AuditError once any answer is recorded, and SamplingError if the
    sample cannot be drawn.
    """
    if Answer.objects.filter(audit_case__audit=audit).exists():
        raise AuditError("Answers are recorded for this audit: its sample can no longer be redrawn")
    if not audit.sample_size:
        raise AuditError("Enter the number of cases to sample")
    audit.as_of = as_of or audit.as_of or timezone.localdate()
    if audit.seed is None:
        audit.seed = seed_new()
    sample = sample_draw(
        long_list_read(service=audit.service, as_of=audit.as_of), size=audit.sample_size, as_of=audit.as_of,
        seed=audit.seed, buffer=audit.buffer, max_per_case_manager=audit.max_per_case_manager,
    )
    audit.cases.all().delete()
    _audit_cases_add(audit, [(p.case_id, p.stratum, p.reserve) for p in sample.cases])
    audit.sample_analysis = sample.analysis()
    audit.save(update_fields=["as_of", "seed", "sample_analysis"])
    access_log_record(actor=actor, verb=AccessVerb.AUDIT, target=f"audit {audit.id}: sample drawn",
                      payload={"seed": audit.seed, "cases": [p.case for p in sample.cases]},
                      actor_name=None if actor else "casequality (audit sample)")
    return sample


@transaction.atomic
def audit_cases_assign(
    *, audit: Audit, inspectors: dict[int, User | None], moderators: dict[int, User | None] | None = None
) -> None:
    """Assign each audit case (by AuditCase id) to an inspector, and optionally a moderator.

    Raises AuditError if a case is not in this audit, or a case's moderator is its inspector.
    """
    cases = {ac.id: ac for ac in audit.cases.all()}
    problems = [f"case {ac_id}: not in this audit" for ac_id in [*inspectors, *(moderators or {})] if ac_id not in cases]
    for ac_id, ac in cases.items():
        inspector = inspectors.get(ac_id, ac.inspector)
        moderator = (moderators or {}).get(ac_id, ac.moderator)
        if inspector is not None and moderator is not None and inspector.pk == moderator.pk:
            problems.append(f"{ac.case.ref}: the moderator must be someone other than the inspector")
    if problems:
        raise AuditError("The assignment was not saved", problems)
    for ac_id, ac in cases.items():
        if ac_id in inspectors:
            ac.inspector = inspectors[ac_id]
        if moderators and ac_id in moderators:
            ac.moderator = moderators[ac_id]
    AuditCase.objects.bulk_update(cases.values(), ["inspector", "moderator"])


@transaction.atomic
def audit_case_replace(*, audit_case: AuditCase, actor: User | None = None) -> AuditCase:
    """Replace a sampled case that cannot be audited by the next reserve of its stratum.

    The reserve keeps its place in the draw; the replaced case leaves the audit and the
    replacement is recorded in the sample's analysis. Returns the reserve now in the
    sample. Raises AuditError if the case has answers, is itself a reserve, or its
    stratum has no reserve left.
    """
    if audit_case.reserve:
        raise AuditError(f"{audit_case.case.ref} is a reserve case: only a sampled case can be replaced")
    if audit_case.answers.exists():
        raise AuditError(f"{audit_case.case.ref} has answers: a case already audited cannot be replaced")
    reserve = (
        AuditCase.objects.filter(audit=audit_case.audit, stratum=audit_case.stratum, reserve=True)
        .order_by("position", "id").first()
    )
    if reserve is None:
        raise AuditError(f"No reserve case is left in the stratum of {audit_case.case.ref}")
    audit = audit_case.audit
    reserve.reserve = False
    reserve.inspector = reserve.inspector or audit_case.inspector
    reserve.save(update_fields=["reserve", "inspector"])
    analysis = dict(audit.sample_analysis or {})
    analysis["replaced"] = [*analysis.get("replaced", []), {"case": audit_case.case.ref, "by": reserve.case.ref}]
    for row in analysis.get("cases", []):
        if row["case"] == reserve.case.ref:
            row["reserve"] = False
    analysis["cases"] = [row for row in analysis.get("cases", []) if row["case"] != audit_case.case.ref]
    audit.sample_analysis = analysis
    audit.save(update_fields=["sample_analysis"])
    access_log_record(actor=actor, verb=AccessVerb.AUDIT, case=audit_case.case,
                      target=f"audit {audit.id}: replaced by reserve {reserve.case.ref}",
                      actor_name=None if actor else "casequality (audit)")
    audit_case.delete()
    return reserve


# --- answering -----------------------------------------------------------------------------

@dataclass(frozen=True)
class AnswerInput:
    question: str
    answer: str
    reasons: tuple[str, ...] = ()
    note: str = ""


def answers_check(framework: Framework, answers: list[AnswerInput], *, complete: bool) -> list[str]:
    """Problems with a set of answers for one case (empty if none)."""
    problems = []
    seen = set()
    for a in answers:
        try:
            q = framework.question(a.question)
        except KeyError:
            problems.append(f"{a.question}: not a question of {framework.id}")
            continue
        if a.question in seen:
            problems.append(f"{a.question}: answered twice")
        seen.add(a.question)
        if a.answer not in ANSWERS:
            problems.append(f"{a.question}: choose yes, no or does not apply")
        for r in a.reasons:
            if r not in q.reasons:
                problems.append(f"{a.question}: {r!r} is not a reason for this question")
        if a.reasons and a.answer != "no":
            problems.append(f"{a.question}: reasons are given only where the answer is no")
    if complete:
        problems += [f"{qid}: not answered" for qid in framework.question_ids() if qid not in seen]
    return problems


@transaction.atomic
def audit_case_answers_save(
    *, audit_case: AuditCase, answers: list[AnswerInput], actor: User, moderation: bool = False, complete: bool = False
) -> list[Answer]:
    """Record (or change) one auditor's answers for one case, with the suggestions beside them.

    `moderation`: the answers are the second, blind marking. `complete`: every question
    must be answered. Raises AuditError listing every problem; nothing is saved then.
    """
    framework = framework_get(audit_case.audit.framework)
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


# --- the answers file ------------------------------------------------------------------------

_TOP_REQUIRED = {"format", "framework", "service", "title", "cases", "answers"}
_TOP_OPTIONAL = {"fieldwork"}
_ANSWER_REQUIRED = {"case", "question", "answer", "auditor"}
_ANSWER_OPTIONAL = {"reasons", "note"}


def _date_or_problem(value: Any, where: str, problems: list[str]) -> date | None:
    if not isinstance(value, str):
        problems.append(f"{where}: must be a date like 2013-06-17")
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        problems.append(f"{where}: {value!r} is not a date like 2013-06-17")
        return None


def answers_document_check(document: Any) -> tuple[list[str], dict]:
    """Every problem of an answers document, each with its place; and what was understood.

    The second value holds the service, framework, cases and the answers split into
    primary and moderation answers, for `audit_load` to store when there is no problem.
    """
    problems: list[str] = []
    if not isinstance(document, dict):
        return ["the document must be a JSON object"], {}
    for key in sorted(_TOP_REQUIRED - document.keys()):
        problems.append(f"{key}: missing")
    for key in sorted(set(document) - _TOP_REQUIRED - _TOP_OPTIONAL):
        problems.append(f"{key}: unknown key")
    if "format" in document and document["format"] != ANSWERS_FORMAT:
        problems.append(f"format: {document['format']!r} is not {ANSWERS_FORMAT!r}")
    framework = None
    if "framework" in document:
        try:
            framework = framework_get(str(document["framework"]))
        except FrameworkError as exc:
            problems.append(f"framework: {exc}")
    service = None
    if "service" in document:
        service = Service.objects.filter(code=document["service"]).first() if isinstance(document["service"], str) else None
        if service is None:
            problems.append(f"service: no stored service {document['service']!r}")
    if "title" in document and (not isinstance(document["title"], str) or not document["title"].strip()):
        problems.append("title: must be non-empty text")
    fieldwork = {}
    if "fieldwork" in document:
        raw = document["fieldwork"]
        if not isinstance(raw, dict) or set(raw) - {"start", "end"}:
            problems.append("fieldwork: must be {\"start\": date, \"end\": date}")
        else:
            fieldwork = {k: _date_or_problem(v, f"fieldwork.{k}", problems) for k, v in raw.items()}
            if fieldwork.get("start") and fieldwork.get("end") and fieldwork["start"] > fieldwork["end"]:
                problems.append("fieldwork: the end is before the start")

    case_refs: list[str] = []
    raw_cases = document.get("cases", [])
    if not isinstance(raw_cases, list) or not raw_cases:
        problems.append("cases: must be a non-empty list of case references")
        raw_cases = []
    for i, ref in enumerate(raw_cases):
        if not isinstance(ref, str) or not ref:
            problems.append(f"cases[{i}]: must be a case reference")
        elif ref in case_refs:
            problems.append(f"cases[{i}]: {ref!r} is listed twice")
        else:
            case_refs.append(ref)
    stored: dict[str, Case] = {}
    if service is not None and case_refs:
        stored = {c.ref: c for c in Case.objects.filter(service=service, ref__in=case_refs)}
        for i, ref in enumerate(raw_cases):
            if isinstance(ref, str) and ref and ref not in stored:
                problems.append(f"cases[{i}]: {ref!r} is not a stored case of {service.code}")

    raw_answers = document.get("answers", [])
    if not isinstance(raw_answers, list):
        problems.append("answers: must be a list")
        raw_answers = []
    first_auditor: dict[str, str] = {}
    auditors_of_case: dict[str, list[str]] = defaultdict(list)
    seen: dict[tuple[str, str, str], int] = {}
    primary: dict[tuple[str, str], dict] = {}
    moderation: dict[tuple[str, str], dict] = {}
    for i, a in enumerate(raw_answers):
        where = f"answers[{i}]"
        if not isinstance(a, dict):
            problems.append(f"{where}: must be an object")
            continue
        for key in sorted(_ANSWER_REQUIRED - a.keys()):
            problems.append(f"{where}.{key}: missing")
        for key in sorted(set(a) - _ANSWER_REQUIRED - _ANSWER_OPTIONAL):
            problems.append(f"{where}.{key}: unknown key")
        case_ref, qid, answer, auditor = a.get("case"), a.get("question"), a.get("answer"), a.get("auditor")
        if "case" in a and case_ref not in case_refs:
            problems.append(f"{where}.case: {case_ref!r} is not one of the file's cases")
        question = None
        if "question" in a and framework is not None:
            try:
                question = framework.question(str(qid))
            except KeyError:
                problems.append(f"{where}.question: {qid!r} is not a question of {framework.id}")
        if "answer" in a and answer not in ANSWERS:
            problems.append(f"{where}.answer: {answer!r} is not one of yes, no, n/a")
        if "auditor" in a and (not isinstance(auditor, str) or not auditor.strip()):
            problems.append(f"{where}.auditor: must name the auditor (a staff reference)")
        reasons = a.get("reasons", [])
        if not isinstance(reasons, list) or not all(isinstance(r, str) for r in reasons):
            problems.append(f"{where}.reasons: must be a list of reason keys")
            reasons = []
        for j, r in enumerate(reasons):
            if question is not None and r not in question.reasons:
                expected = ", ".join(question.reasons) or "none"
                problems.append(f"{where}.reasons[{j}]: {r!r} is not a reason for {question.id} (expected one of {expected})")
        if len(set(reasons)) != len(reasons):
            problems.append(f"{where}.reasons: a reason is given twice")
        if reasons and answer != "no":
            problems.append(f"{where}.reasons: reasons are given only where the answer is no")
        note = a.get("note", "")
        if not isinstance(note, str):
            problems.append(f"{where}.note: must be text")
            note = ""
        if not all(isinstance(v, str) for v in (case_ref, qid, auditor)):
            continue
        identity = (case_ref, qid, auditor)
        if identity in seen:
            problems.append(f"{where}: duplicates answers[{seen[identity]}] ({case_ref}, {qid}, {auditor})")
            continue
        seen[identity] = i
        first_auditor.setdefault(case_ref, auditor)
        if auditor not in auditors_of_case[case_ref]:
            auditors_of_case[case_ref].append(auditor)
            if len(auditors_of_case[case_ref]) == 3:
                problems.append(f"{where}.auditor: {case_ref} already has answers from two auditors "
                                f"({', '.join(auditors_of_case[case_ref][:2])}); a third is not allowed")
        row = {"answer": answer, "reasons": reasons, "note": note, "auditor": auditor}
        (primary if auditor == first_auditor[case_ref] else moderation)[(case_ref, qid)] = row

    if framework is not None:
        for ref in case_refs:
            if ref not in first_auditor:
                problems.append(f"{ref}: no answers")
                continue
            missing = [qid for qid in framework.question_ids() if (ref, qid) not in primary]
            if missing:
                problems.append(f"{ref}: no answer by {first_auditor[ref]} to {', '.join(missing)}")
    understood = {
        "service": service, "framework": framework, "cases": [stored[r] for r in case_refs if r in stored],
        "fieldwork": fieldwork, "primary": primary, "moderation": moderation,
        "title": str(document.get("title", "")).strip(), "first_auditor": first_auditor,
    }
    return problems, understood


@transaction.atomic
def audit_load(document: Any, *, actor_name: str = "casequality audit load") -> Audit:
    """Create an audit with its cases and answers from an answers document (audits spec).

    All or nothing: raises AuditError with every problem, each with its place in the
    document, and stores nothing then.
    """
    problems, got = answers_document_check(document)
    if problems:
        raise AuditError(f"The answers file has {len(problems)} problem{'s' if len(problems) != 1 else ''}", problems)
    service, framework = got["service"], got["framework"]
    audit = audit_create(
        service=service, framework_id=framework.id, title=got["title"], actor_name=actor_name,
        fieldwork_start=got["fieldwork"].get("start"), fieldwork_end=got["fieldwork"].get("end"),
        sample_size=len(got["cases"]), source="file",
    )
    audit_cases = {ac.case_id: ac for ac in _audit_cases_add(audit, [(c, "", False) for c in got["cases"]])}
    by_ref = {c.ref: audit_cases[c.id] for c in got["cases"]}
    auditors = {r for rows in (got["primary"], got["moderation"]) for r in (row["auditor"] for row in rows.values())}
    users = {u.staff.ref: u for u in User.objects.filter(staff__service=service, staff__ref__in=auditors).select_related("staff")}
    users.update({u.username: u for u in User.objects.filter(username__in=auditors - users.keys())})
    rows = []
    for moderation, answers in ((False, got["primary"]), (True, got["moderation"])):
        for (ref, qid), row in answers.items():
            ac = by_ref[ref]
            suggestion = ac.suggestions.get(qid, {})
            rows.append(Answer(
                audit_case=ac, question=qid, answer=row["answer"], reasons=row["reasons"], note=row["note"],
                auditor=row["auditor"], auditor_user=users.get(row["auditor"]), is_moderation=moderation,
                suggested_answer=suggestion.get("answer", ""), suggested_reasons=suggestion.get("reasons", []),
                suggested_rules=suggestion.get("rules", []),
            ))
    Answer.objects.bulk_create(rows)
    moderators = {ref: row["auditor"] for (ref, _), row in got["moderation"].items()}
    for ref, ac in by_ref.items():
        ac.inspector = users.get(got["first_auditor"][ref])
        ac.moderator = users.get(moderators.get(ref))
    AuditCase.objects.bulk_update(by_ref.values(), ["inspector", "moderator"])
    for case in got["cases"]:
        access_log_record(actor=None, verb=AccessVerb.AUDIT, case=case, target=f"audit {audit.id} (answers file)",
                          actor_name=actor_name)
    return audit


def audit_load_file(path: str | Path, *, actor_name: str = "casequality audit load") -> Audit:
    """`audit_load` from a JSON file. Raises AuditError (also for unreadable or invalid JSON)."""
    try:
        with open(path, encoding="utf-8") as f:
            document = json.load(f)
    except OSError as exc:
        raise AuditError(f"{path}: cannot be read ({exc.strerror})") from None
    except json.JSONDecodeError as exc:
        raise AuditError(f"{path}: not valid JSON", [f"line {exc.lineno}, column {exc.colno}: {exc.msg}"]) from None
    return audit_load(document, actor_name=actor_name)


__all__ = [
    "AnswerInput", "AuditError", "answers_check", "answers_document_check", "audit_case_answers_save",
    "audit_case_replace",
    "audit_cases_assign", "audit_create", "audit_load", "audit_load_file", "audit_sample_draw",
    "suggestions_compute",
]
