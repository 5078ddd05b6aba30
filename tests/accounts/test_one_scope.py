"""The scope a user has is written once (accounts/selectors.py, from the role table
accounts/roles.py), and everything that reads it agrees, for every role and the national
administrator: the pages' lists (cases_for_user), a page's check on one case
(case_visible_to, the permissions on a case) and the case page itself, the page cache's
plain SQL of the user's services (user_services_sql), which must hold every case the
user sees when the cache keeps the user's pages, and the API (a token's service; no
person's session reaches it). tests/web/test_page_cache_scope.py checks the cache's own
query against the same definitions."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection

from casequality.accounts.models import Role, User
from casequality.accounts.roles import SCOPE_WITHIN_SERVICES
from casequality.accounts.selectors import (
    admin_scope,
    case_visible_to,
    cases_for_user,
    user_service_ids,
    user_services_sql,
)
from casequality.cases.models import Case, Service, Staff, Team
from tests.api.conftest import api  # noqa: F401 - the API's fixture: a token of the cast's service
from tests.web.conftest import world  # noqa: F401 - the cast, its three cases, an inspector's audit

# Who plays each role: the cast's people, and the administrator made national.
NATIONAL = "national administrator"
PLAYERS = {
    Role.CASE_MANAGER: "cm_a",
    Role.TEAM_MANAGER: "tm_north",
    Role.QA_LEAD: "qa_lead",
    Role.INSPECTOR: "inspector",
    Role.BOARD: "board",
    Role.ADMIN: "admin",
    NATIONAL: "admin",
}
EVERYONE = [*Role, NATIONAL]


def test_every_role_is_played():
    assert set(PLAYERS) == set(EVERYONE)


@pytest.fixture
def other_service(world):  # noqa: F811 - the fixture imported above
    """A second service with its own team, case manager and case, none of it the cast's."""
    service = Service.objects.create(code="OTH", name="Another service")
    team = Team.objects.create(service=service, name="East")
    staff = Staff.objects.create(service=service, ref="S1", name="Kim Other", role=Role.CASE_MANAGER, team=team)
    Case.objects.create(
        service=service,
        ref="O-0001",
        case_manager=staff,
        team=team,
        child_name="Dana Elsewhere",
        child_dob=date(2010, 5, 1),
        child_sex="female",
    )
    return service


def _person(who) -> User:
    """The player of `who`, fresh from the database as a request loads them."""
    user = User.objects.get(username=PLAYERS[who])
    if who == NATIONAL:
        User.objects.filter(pk=user.pk).update(national_admin=True)
        user = User.objects.get(pk=user.pk)
    return user


def _in_scope(user: User) -> set[str]:
    return set(cases_for_user(user).values_list("ref", flat=True))


@pytest.mark.parametrize("who", EVERYONE)
def test_a_check_on_one_case_agrees_with_the_list_for_every_role(other_service, who):
    user = _person(who)
    listed = _in_scope(user)
    for case in Case.objects.all():
        assert case_visible_to(_person(who), case) == (case.ref in listed), case.ref
        assert _person(who).has_perm("cases.view_case", case) == (case.ref in listed), case.ref


@pytest.mark.parametrize("who", EVERYONE)
def test_the_case_page_opens_exactly_the_cases_of_the_list_for_every_role(client, other_service, who):
    user = _person(who)
    listed = _in_scope(user)
    client.force_login(user)
    for ref in ("N-0001", "N-0002", "S-0001"):  # the cast's service's (a page of one service's refs)
        status = client.get(f"/cases/{ref}/").status_code
        assert (status == 200) == (ref in listed), (ref, status)
        assert status in (200, 403, 404)


@pytest.mark.parametrize("who", EVERYONE)
def test_the_page_caches_sql_finds_the_users_services_for_every_role(other_service, who):
    user = _person(who)
    user.extra_services.add(other_service)
    sql, params = user_services_sql(user)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        found = {row[0] for row in cursor.fetchall()}
    assert found == user_service_ids(_person(who)) == {user.service_id, other_service.pk}


@pytest.mark.parametrize("role", sorted(SCOPE_WITHIN_SERVICES))
def test_every_case_a_role_whose_pages_are_kept_sees_lies_in_its_services(other_service, role):
    """The page cache keys a page on the versions of the user's services: a case of
    another service shown on it would not renew it."""
    user = _person(role)
    seen = {service for service in cases_for_user(user).values_list("service_id", flat=True)}
    assert seen and seen <= user_service_ids(user)


def test_a_case_manager_whose_staff_record_is_of_another_service_sees_none_of_its_cases(world, other_service):  # noqa: F811
    cm = _person(Role.CASE_MANAGER)
    cm.staff = Staff.objects.get(service=other_service, ref="S1")
    cm.save()
    assert _in_scope(_person(Role.CASE_MANAGER)) == set()


def test_a_case_manager_granted_their_staff_records_service_sees_its_cases(world, other_service):  # noqa: F811
    cm = _person(Role.CASE_MANAGER)
    cm.staff = Staff.objects.get(service=other_service, ref="S1")
    cm.save()
    cm.extra_services.add(other_service)
    assert _in_scope(_person(Role.CASE_MANAGER)) == {"O-0001"}


@pytest.mark.parametrize("who", [Role.BOARD, Role.ADMIN, NATIONAL])
def test_the_board_and_administrators_see_no_childs_record(other_service, who):
    assert _in_scope(_person(who)) == set()


def test_only_the_national_administrators_admin_pages_reach_every_service(other_service):
    admin = _person(Role.ADMIN)
    assert admin_scope(admin) == {admin.service_id}
    assert admin_scope(_person(NATIONAL)) is None  # the same administrator, granted it


def test_a_token_reads_exactly_the_cases_its_services_qa_lead_sees(api, other_service):  # noqa: F811
    lead = _person(Role.QA_LEAD)
    assert user_service_ids(lead) == {lead.service_id}  # the token's service, and only it
    listed = _in_scope(lead)
    for ref in Case.objects.values_list("ref", flat=True):
        assert (api.get(f"/cases/{ref}").status_code == 200) == (ref in listed), ref


@pytest.mark.parametrize("who", EVERYONE)
def test_no_persons_session_reaches_the_api_whatever_their_role(client, world, who):  # noqa: F811
    client.force_login(_person(who))
    assert client.get("/api/v1/cases/N-0001").status_code == 401
