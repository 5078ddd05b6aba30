"""The web tests' world: the test cast, three imported cases, a finding, a sample, a self-audit."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from casequality.cases.models import Case
from casequality.oversight.models import SelfAudit, SupervisionSample
from casequality.oversight.services import AnswerInput, self_audit_submit, supervision_sample_draw
from casequality.standards.models import Finding
from tests.web.factories import ensure_finding, import_cases


@dataclass
class World:
    cast: object
    cases: dict[str, Case]
    finding: Finding  # OVS-001 on N-0001's assessment A1
    cm_finding: Finding  # a case manager's finding on N-0001
    sample: SupervisionSample  # tm_north's sample of cm_a's cases
    self_audit: SelfAudit  # cm_a's self-audit of N-0001
    audit: object  # the QA lead's sqs-2013 audit, S-0001 assigned to the inspector (report in draft)
    audit_case: object
    action: object  # the QA lead's action of the service's improvement plan, on OVS-001 and sqs-2013 1.2


@pytest.fixture
def world(cast) -> World:
    cases = import_cases(cast)
    finding = ensure_finding(cases["N-0001"])
    cm_finding = ensure_finding(cases["N-0001"], rule="LOR-003", owner="CM", kind="finding", severity="should")
    for ref in ("N-0002", "S-0001"):
        ensure_finding(cases[ref])
    sample = supervision_sample_draw(actor=cast.tm_north, case_manager=cast.cm_a.staff, size=3, seed=7)
    audit = self_audit_submit(
        actor=cast.cm_a,
        case=cases["N-0001"],
        answers=[
            AnswerInput(question="1.2", answer="yes", reasons=[]),
            AnswerInput(question="2.1", answer="no", reasons=["full_assessment_missing"]),
        ],
    )
    from casequality.audits.models import AuditCase
    from casequality.audits.services import audit_create

    inspection = audit_create(service=cast.service, framework_id="sqs-2013", title="Spring audit", actor=cast.qa_lead)
    audit_case = AuditCase.objects.create(audit=inspection, case=cases["S-0001"], inspector=cast.inspector)
    from datetime import date

    from casequality.reports.services import ActionInput, plan_action_create

    action = plan_action_create(
        service=cast.service,
        actor=cast.qa_lead,
        data=ActionInput(
            title="Countersign assessments on time",
            due=date(2027, 3, 31),
            owner_staff=cast.tm_north.staff,
            rule="OVS-001",
            audit_framework="sqs-2013",
            audit_question="1.2",
        ),
    )
    return World(
        cast=cast,
        cases=cases,
        finding=finding,
        cm_finding=cm_finding,
        sample=sample,
        self_audit=audit,
        audit=inspection,
        audit_case=audit_case,
        action=action,
    )
