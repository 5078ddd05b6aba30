"""The case page's read of the case itself (web.selectors.case_for_page: one plain read,
data.reads.page_cases, beside its twin): for every role the case accounts.selectors.
case_get_for_user gives, with its team and case manager, or a 404 where it gives one.
Run on SQLite and PostgreSQL (DATABASE_URL)."""

from __future__ import annotations

from datetime import date

import pytest
from django.http import Http404

from casequality.accounts.selectors import case_get_for_user
from casequality.cases.models import Case, Service, Staff, Team
from casequality.data import reads
from casequality.web.selectors import case_for_page
from tests.data.test_reads import HOSTILE, typed
from tests.web.factories import import_cases


@pytest.fixture
def cases(cast):
    """The cast's three cases, one without a team or case manager, another service's case
    of the same reference granted to the QA lead, and one not granted; hostile values."""
    found = import_cases(cast)
    Case.objects.filter(pk=found["S-0001"].pk).update(team=None, case_manager=None, child_name=HOSTILE[4])
    granted = Service.objects.create(code="G_%", name="Granted")
    team = Team.objects.create(service=granted, name=HOSTILE[-1])
    staff = Staff.objects.create(service=granted, ref=HOSTILE[0], name=HOSTILE[5], role="case_manager", team=team)
    for service in (granted, Service.objects.create(code="NOT", name="Not granted")):
        for ref in ("N-0001", "G-0001", HOSTILE[1]):
            Case.objects.create(
                service=service,
                ref=ref,
                child_name=HOSTILE[2],
                child_dob=date(2010, 1, 2),
                child_sex="male",
                team=team if service == granted else None,
                case_manager=staff if service == granted else None,
                offences=[{"id": "O1", "description": HOSTILE[3]}],
            )
    cast.qa_lead.extra_services.add(granted)
    return ["N-0001", "N-0002", "S-0001", "G-0001", HOSTILE[1], "X-0404", "n-0001", "N-000_", "N-000%"]


def _seen(case: Case) -> tuple:
    """Every column of the case, its team's and its case manager's."""
    related = [
        [getattr(one, f.attname) for f in type(one)._meta.concrete_fields] if one is not None else None
        for one in (case.team, case.case_manager)
    ]
    return typed([getattr(case, f.attname) for f in Case._meta.concrete_fields]), typed(related)


def _or_404(read, user, ref):
    try:
        return _seen(read(user, ref))
    except Http404:
        return "404"


def test_the_plain_read_of_a_case_returns_what_its_twin_returns(cases, cast):
    services = [s.pk for s in Service.objects.order_by("pk")]
    for ref in cases:
        for ids in (services, services[:1], services[1:], [], [10**9], [*services, *services]):
            assert typed(reads.page_cases(ref, ids)) == typed(list(reads.page_cases_orm(ref, ids))), (ref, ids)


ROLES = ["cm_a", "cm_b", "cm_c", "tm_north", "tm_south", "qa_lead", "inspector", "board", "admin"]


@pytest.mark.parametrize("who", ROLES)
def test_the_case_page_reads_the_case_each_role_would_get_from_case_get_for_user(cases, cast, who):
    user = getattr(cast, who)
    for ref in cases:
        assert _or_404(case_for_page, user, ref) == _or_404(case_get_for_user, user, ref), ref


def test_the_case_page_reads_its_case_with_its_team_and_case_manager_in_one_query(
    cases, cast, django_assert_num_queries
):
    wanted = case_get_for_user(cast.qa_lead, "N-0001")  # and the user's services, read once a request
    with django_assert_num_queries(1):
        case = case_for_page(cast.qa_lead, "N-0001")
        assert (case.pk, case.team.name, case.case_manager.name) == (
            wanted.pk,
            wanted.team.name,
            wanted.case_manager.name,
        )
