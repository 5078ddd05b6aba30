"""Writes of the audits app: create an audit, draw its sample, assign, answer, load a file.

Every function is keyword-only and either succeeds whole or changes nothing. By concern:
`creating` (an audit, its sample, the rulebook's suggestions), `assigning` (inspectors,
moderators, reserves), `answering` (an auditor's answers; the answer itself and its check
are `casequality.audits.answers`), `loading` (an answers file), `self_assessing` (the
service's strategic self-assessment per standard), `errors` (`AuditError`).
"""

from casequality.audits.answers import AnswerInput, answers_check
from casequality.audits.services.answering import (
    audit_answers_freeze,
    audit_case_answers_save,
    audit_judged_ratings_save,
    disagreement_settle,
)
from casequality.audits.services.assigning import (
    audit_case_replace,
    audit_cases_assign,
    audit_cases_assign_unassigned,
    audit_inspector_access_end,
    may_mark,
)
from casequality.audits.services.creating import audit_create, audit_sample_draw, suggestions_compute
from casequality.audits.services.errors import AuditError
from casequality.audits.services.loading import ANSWERS_FORMAT, answers_document_check, audit_load, audit_load_file
from casequality.audits.services.self_assessing import StandardSelfAssessmentInput, standard_self_assessment_save

__all__ = [
    "ANSWERS_FORMAT",
    "AnswerInput",
    "AuditError",
    "answers_check",
    "answers_document_check",
    "audit_answers_freeze",
    "audit_case_answers_save",
    "audit_case_replace",
    "audit_judged_ratings_save",
    "audit_cases_assign",
    "audit_cases_assign_unassigned",
    "audit_inspector_access_end",
    "audit_create",
    "may_mark",
    "audit_load",
    "audit_load_file",
    "audit_sample_draw",
    "disagreement_settle",
    "StandardSelfAssessmentInput",
    "standard_self_assessment_save",
    "suggestions_compute",
]
