"""The queue's filters' reads (casequality/data/queues.py: overseen_staff, service_teams, and
the two sent together, services_staff_and_teams) give what their ORM twins give on SQLite
and PostgreSQL (DATABASE_URL), hostile and equal names included, and the case managers a
team manager and a QA lead choose from are accounts.selectors.staff_for_user's, in its
order.
"""

from __future__ import annotations

import pytest

from casequality.accounts.models import Role
from casequality.accounts.selectors import staff_for_user, user_service_ids, user_team_id
from casequality.cases.models import Staff, StaffRole, Team
from casequality.data.queues import (
    overseen_staff,
    overseen_staff_orm,
    service_teams,
    service_teams_orm,
    services_staff_and_teams,
)

from .test_reads import HOSTILE

pytestmark = pytest.mark.django_db


@pytest.fixture
def named(cast):
    """Case managers of hostile names, two of the same name; teams of hostile names."""
    service = cast.cm_a.staff.service
    north = cast.cm_a.staff.team
    for number, name in enumerate([*HOSTILE, "Sam Patel", "Sam Patel"]):
        Staff.objects.create(service=service, ref=f"H{number}", name=name, role=StaffRole.CASE_MANAGER, team=north)
    for name in HOSTILE:  # a team's name is unique in its service
        Team.objects.create(service=service, name=name)
    return cast


@pytest.mark.parametrize("limit", [0, 1, 3, 51])
def test_a_teams_and_a_services_case_managers_read_as_the_orm_reads_them(named, limit):
    staff = named.cm_a.staff
    for where in ({"team_id": staff.team_id}, {"service_ids": [staff.service_id]}, {"service_ids": []}):
        read = overseen_staff(role=Role.CASE_MANAGER, limit=limit, **where)
        assert read == overseen_staff_orm(role=Role.CASE_MANAGER, limit=limit, **where)
        assert bool(read) == (limit > 0 and any(where.values()))


@pytest.mark.parametrize("username", ["tm_north", "qa_lead"])
def test_the_case_managers_to_choose_from_are_staff_for_users_in_its_order(named, username):
    user = getattr(named, username)
    expected = list(staff_for_user(user).order_by("name", "pk").values_list("pk", "name")[:51])
    if username == "tm_north":
        read = overseen_staff(role=Role.CASE_MANAGER, team_id=user_team_id(user), limit=51)
    else:
        read = overseen_staff(role=Role.CASE_MANAGER, service_ids=sorted(user_service_ids(user)), limit=51)
    assert read == expected and len(read) > len(HOSTILE)


def test_a_services_teams_read_as_the_orm_reads_them(named):
    service_id = named.cm_a.staff.service_id
    read = service_teams([service_id])
    assert read == service_teams_orm([service_id]) and len(read) > len(HOSTILE)
    assert service_teams([]) == [] == service_teams_orm([])


@pytest.mark.parametrize("limit", [0, 1, 3, 51])
def test_a_services_case_managers_and_teams_read_together_are_what_their_twins_read(named, limit):
    for service_ids in ([named.cm_a.staff.service_id], []):
        staff, teams = services_staff_and_teams(role=Role.CASE_MANAGER, service_ids=service_ids, limit=limit)
        assert staff == overseen_staff_orm(role=Role.CASE_MANAGER, service_ids=service_ids, limit=limit)
        assert teams == service_teams_orm(service_ids)
        assert bool(teams) == bool(service_ids) and bool(staff) == bool(service_ids and limit > 0)
