"""The page cache reads a user's services and their record versions in one query of plain
SQL (web/record_version.py, record_versions_for_user); the services it finds must be the
ones accounts.selectors.user_service_ids gives, the scope every page and the API use.
Checked for every role and every way a user holds services, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from casequality.accounts.models import Role, User
from casequality.accounts.selectors import user_service_ids
from casequality.cases.models import Service
from casequality.web.record_version import record_versions_for_user
from tests.web.test_page_cache import committed

# (has a home service, how many services granted)
HOLDINGS = [(True, 0), (True, 1), (True, 2), (False, 1), (False, 0)]


def _fresh(user: User) -> User:
    """The user as a request loads it: nothing remembered on the object."""
    return User.objects.get(pk=user.pk)


@pytest.mark.parametrize("home, granted", HOLDINGS)
@pytest.mark.parametrize("role", list(Role))
def test_the_page_caches_sql_finds_the_services_the_users_scope_gives(db, role, home, granted):
    service = Service.objects.create(code="HOM", name="Home service")
    Service.objects.create(code="NOT", name="A service the user has nothing to do with")
    user = User.objects.create(username=f"{role}-{home}-{granted}", role=role, service=service if home else None)
    extra = [Service.objects.create(code=f"G{i}", name=f"Granted {i}") for i in range(granted)]
    user.extra_services.add(*extra)
    if home and granted:
        user.extra_services.add(service)  # granted as well as home: still one service
    committed()  # PostgreSQL: else this transaction's own writes keep the cache (and its versions) off

    sql_user = _fresh(user)
    versions = record_versions_for_user(sql_user)

    expected = user_service_ids(_fresh(user))
    assert versions is not None
    assert {service_id for service_id, _version in versions} == expected
    assert sql_user._casequality_service_ids == expected
