"""The self-audit page's agreement rates by one plain read (data.reads.agreement_counts,
beside its twin; web.views.self_audit.agreement_rates): for every role what
oversight.selectors.agreement_rates gives, in its order. Run on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from casequality.accounts.models import Role
from casequality.accounts.selectors import staff_for_user
from casequality.cases.models import Staff
from casequality.data import reads
from casequality.oversight.models import Check, SelfAudit, SelfAuditAnswer
from casequality.oversight.selectors import agreement_rates as agreement_rates_orm
from casequality.web.views.self_audit import agreement_rates, staff_scope
from tests.web.factories import import_cases

ROLES = ["cm_a", "cm_b", "cm_c", "tm_north", "tm_south", "qa_lead", "inspector", "board", "admin"]


@pytest.fixture
def checked(cast):
    """Self-audits of two case managers: answers agreed with, disagreed with and not yet
    checked; a case manager of the same name as another; one with none."""
    cases = import_cases(cast)
    verdicts = [Check.AGREE, Check.AGREE, "", Check.DISAGREE, "", Check.AGREE]
    for n, case in enumerate(cases.values()):
        audit = SelfAudit.objects.create(case=case, case_manager=case.case_manager, author=cast.cm_a)
        SelfAuditAnswer.objects.bulk_create(
            SelfAuditAnswer(self_audit=audit, question=f"Q{i}", position=i, answer="yes", verdict=verdict)
            for i, verdict in enumerate(verdicts[n:])
        )
    first = Staff.objects.filter(role=Role.CASE_MANAGER).order_by("id").first()
    Staff.objects.create(service=cast.service, ref="SAME", name=first.name, role=Role.CASE_MANAGER, team=first.team)
    return cast


def test_the_plain_read_of_agreement_counts_returns_what_its_twin_returns(checked):
    staff = list(Staff.objects.values_list("pk", "team_id", "service_id"))
    for scope, values in (
        ("staff", [s[0] for s in staff]),
        ("staff", []),
        ("team", [s[1] for s in staff if s[1]] * 2),
        ("services", [s[2] for s in staff] + [10**9]),
    ):
        for role in (Role.CASE_MANAGER, Role.TEAM_MANAGER):
            args = {"role": role, "agree": Check.AGREE}
            assert reads.agreement_counts(scope, values, **args) == [
                tuple(row) for row in reads.agreement_counts_orm(scope, values, **args)
            ], (scope, role)


@pytest.mark.parametrize("who", ROLES)
def test_the_self_audit_pages_agreement_rates_are_those_of_oversight_selectors_by_name_then_id(checked, who):
    user = getattr(checked, who)
    wanted = sorted(agreement_rates_orm(user), key=lambda r: (r.case_manager_name, r.case_manager_id))
    assert agreement_rates(user) == wanted


@pytest.mark.parametrize("who", ROLES)
def test_the_staff_scope_of_the_plain_read_holds_the_staff_staff_for_user_gives(checked, who):
    user = getattr(checked, who)
    scope, values = staff_scope(user)
    column = reads.STAFF_SCOPES[scope][1]
    held = Staff.objects.filter(role=Role.CASE_MANAGER, **{f"{column}__in": values})
    assert sorted(held.values_list("pk", flat=True)) == sorted(staff_for_user(user).values_list("pk", flat=True))


def test_the_agreement_rates_cost_one_query(checked, django_assert_num_queries):
    staff_scope(checked.qa_lead)  # the user's services, read once a request
    with django_assert_num_queries(1):
        agreement_rates(checked.qa_lead)


def test_a_qa_leads_rates_count_every_answer_checked_and_agreed_with_in_their_service(checked):
    rates = agreement_rates(checked.qa_lead)
    assert (sum(r.checked for r in rates), sum(r.agreed for r in rates)) == (9, 6)
