"""Loading an answers file (format casequality-audit/1): an audit, its cases and answers."""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any

from django.db import transaction

from casequality.accounts.models import AccessVerb, User
from casequality.accounts.services import access_log_record
from casequality.audits.answers import answer_problems
from casequality.audits.frameworks import FrameworkError, framework_get
from casequality.audits.models import Answer, Audit, AuditCase
from casequality.audits.services.creating import audit_cases_add, audit_create
from casequality.audits.services.errors import AuditError
from casequality.cases.models import Case, Service

ANSWERS_FORMAT = "casequality-audit/1"

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
        service = (
            Service.objects.filter(code=document["service"]).first() if isinstance(document["service"], str) else None
        )
        if service is None:
            problems.append(f"service: no stored service {document['service']!r}")
    if "title" in document and (not isinstance(document["title"], str) or not document["title"].strip()):
        problems.append("title: must be non-empty text")
    fieldwork = {}
    if "fieldwork" in document:
        raw = document["fieldwork"]
        if not isinstance(raw, dict) or set(raw) - {"start", "end"}:
            problems.append('fieldwork: must be {"start": date, "end": date}')
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
        if "auditor" in a and (not isinstance(auditor, str) or not auditor.strip()):
            problems.append(f"{where}.auditor: must name the auditor (a staff reference)")
        reasons = a.get("reasons", [])
        if not isinstance(reasons, list) or not all(isinstance(r, str) for r in reasons):
            problems.append(f"{where}.reasons: must be a list of reason keys")
            reasons = []
        given = {key: a[key] for key in ("question", "answer") if key in a}
        problems += [
            f"{where}.{place}: {message}" for place, message in answer_problems(framework, reasons=reasons, **given)
        ]
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
                problems.append(
                    f"{where}.auditor: {case_ref} already has answers from two auditors "
                    f"({', '.join(auditors_of_case[case_ref][:2])}); a third is not allowed"
                )
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
        "service": service,
        "framework": framework,
        "cases": [stored[r] for r in case_refs if r in stored],
        "fieldwork": fieldwork,
        "primary": primary,
        "moderation": moderation,
        "title": str(document.get("title", "")).strip(),
        "first_auditor": first_auditor,
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
        service=service,
        framework_id=framework.id,
        title=got["title"],
        actor_name=actor_name,
        fieldwork_start=got["fieldwork"].get("start"),
        fieldwork_end=got["fieldwork"].get("end"),
        sample_size=len(got["cases"]),
        source="file",
    )
    audit_cases = {ac.case_id: ac for ac in audit_cases_add(audit=audit, picks=[(c, "", False) for c in got["cases"]])}
    by_ref = {c.ref: audit_cases[c.id] for c in got["cases"]}
    auditors = {r for rows in (got["primary"], got["moderation"]) for r in (row["auditor"] for row in rows.values())}
    users = {
        u.staff.ref: u
        for u in User.objects.filter(staff__service=service, staff__ref__in=auditors).select_related("staff")
    }
    users.update({u.username: u for u in User.objects.filter(username__in=auditors - users.keys())})
    rows = []
    for moderation, answers in ((False, got["primary"]), (True, got["moderation"])):
        for (ref, qid), row in answers.items():
            ac = by_ref[ref]
            suggestion = ac.suggestions.get(qid, {})
            rows.append(
                Answer(
                    audit_case=ac,
                    question=qid,
                    answer=row["answer"],
                    reasons=row["reasons"],
                    note=row["note"],
                    auditor=row["auditor"],
                    auditor_user=users.get(row["auditor"]),
                    is_moderation=moderation,
                    suggested_answer=suggestion.get("answer", ""),
                    suggested_reasons=suggestion.get("reasons", []),
                    suggested_rules=suggestion.get("rules", []),
                )
            )
    Answer.objects.bulk_create(rows)
    moderators = {ref: row["auditor"] for (ref, _), row in got["moderation"].items()}
    for ref, ac in by_ref.items():
        ac.inspector = users.get(got["first_auditor"][ref])
        ac.moderator = users.get(moderators.get(ref))
    AuditCase.objects.bulk_update(by_ref.values(), ["inspector", "moderator"])
    for case in got["cases"]:
        access_log_record(
            actor=None,
            verb=AccessVerb.AUDIT,
            case=case,
            target=f"audit {audit.id} (answers file)",
            actor_name=actor_name,
        )
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
