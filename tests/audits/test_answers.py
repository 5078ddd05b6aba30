"""One way to check an answer (casequality/audits/answers.py), for audits and self-audits alike."""

import pytest
from django.core.exceptions import ValidationError

from casequality.audits.answers import AnswerInput, answers_check
from casequality.audits.frameworks import framework_get
from casequality.oversight.models import SelfAudit
from casequality.oversight.services import self_audit_submit

from .factories import case_make


def test_a_reason_that_is_not_the_questions_is_named_with_the_reasons_expected():
    problems = answers_check(framework_get("sqs-2013"), [AnswerInput("1.5", "no", ("not_a_reason",))], complete=False)
    assert problems == [
        "1.5: 'not_a_reason' is not a reason for 1.5 (expected one of assessment_not_reflected, "
        "one_phase_only, childs_views_absent, resettlement_not_addressed)"
    ]


def test_a_self_audit_refuses_a_reason_its_question_does_not_have_and_stores_nothing(cast):
    case = case_make(cast.service, "X001", case_manager=cast.cm_a.staff)
    with pytest.raises(ValidationError) as info:
        self_audit_submit(actor=cast.cm_a, case=case, answers=[AnswerInput("1.5", "no", ["not_a_reason"])])
    assert info.value.messages[0].startswith("1.5: 'not_a_reason' is not a reason for 1.5")
    assert not SelfAudit.objects.exists()
