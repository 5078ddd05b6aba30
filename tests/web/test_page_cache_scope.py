"""The page cache reads a user's services and their record versions in one query of plain
SQL (data/page_cache.py, record_versions_for_user); the services it finds must be the
ones accounts.selectors.user_service_ids gives (and user_services_sql, its plain-SQL twin),
the scope every page and the API use. Checked for every role, the national administrator
included, and every way a user holds services, on SQLite and PostgreSQL. The roles whose
pages it keeps are those whose cases all lie in their services (accounts/roles.py). And
what it watches stays an explicit list: the access log, written by every page view, is
not on it (tests/accounts/test_one_scope.py checks the scope's other readers)."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import connection

from casequality.accounts.models import AccessVerb, Role, User
from casequality.accounts.roles import SCOPE_WITHIN_SERVICES
from casequality.accounts.selectors import user_service_ids, user_services_sql
from casequality.accounts.services import access_log_record
from casequality.cases.models import Service
from casequality.data.page_cache import KEPT_FOR, record_versions_for_user
from casequality.data.record_versions import NOT_WATCHED, WATCHED, record_versions
from tests.web.test_page_cache import committed

# (has a home service, how many services granted)
HOLDINGS = [(True, 0), (True, 1), (True, 2), (False, 1), (False, 0)]
NATIONAL = "national_admin"


def _fresh(user: User) -> User:
    """The user as a request loads it: nothing remembered on the object."""
    return User.objects.get(pk=user.pk)


def _holder(who, home: bool, granted: int) -> User:
    service = Service.objects.create(code="HOM", name="Home service")
    Service.objects.create(code="NOT", name="A service the user has nothing to do with")
    user = User.objects.create(
        username=f"{who}-{home}-{granted}",
        role=Role.ADMIN if who == NATIONAL else who,
        national_admin=who == NATIONAL,
        service=service if home else None,
    )
    extra = [Service.objects.create(code=f"G{i}", name=f"Granted {i}") for i in range(granted)]
    user.extra_services.add(*extra)
    if home and granted:
        user.extra_services.add(service)  # granted as well as home: still one service
    committed()  # PostgreSQL: else this transaction's own writes keep the cache (and its versions) off
    return user


@pytest.mark.parametrize("home, granted", HOLDINGS)
@pytest.mark.parametrize("who", [*Role, NATIONAL])
def test_the_page_caches_sql_finds_the_services_the_users_scope_gives(db, who, home, granted):
    user = _holder(who, home, granted)

    sql_user = _fresh(user)
    versions = record_versions_for_user(sql_user)

    expected = user_service_ids(_fresh(user))
    assert versions is not None
    assert {service_id for service_id, _version in versions} == expected
    assert sql_user._casequality_service_ids == expected


@pytest.mark.parametrize("home, granted", HOLDINGS)
@pytest.mark.parametrize("who", [*Role, NATIONAL])
def test_the_plain_sql_of_the_users_services_is_their_scopes(db, who, home, granted):
    user = _holder(who, home, granted)
    sql, params = user_services_sql(_fresh(user))
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        found = {row[0] for row in cursor.fetchall()}
    assert found == user_service_ids(_fresh(user))


def test_the_cache_keeps_pages_only_of_roles_whose_cases_lie_in_their_services():
    assert KEPT_FOR <= SCOPE_WITHIN_SERVICES


def test_no_table_of_any_app_of_the_project_with_a_case_service_or_finding_goes_unnamed():
    """What the cache watches is an explicit list (data/record_versions.py): each table that
    holds a case, service or finding is watched or says why not, in every app of the
    project, those added later included."""
    related = {"Case", "Service", "Finding"}
    tables = {
        model._meta.db_table
        for model in apps.get_models()
        if model.__module__.startswith("casequality.")
        and any(
            f.is_relation and f.concrete and f.related_model and f.related_model.__name__ in related
            for f in model._meta.get_fields()
        )
    }
    tables.discard("accounts_user_extra_services")  # the user's services are part of the key
    assert tables - set(WATCHED) - set(NOT_WATCHED) == set()
    assert "accounts_accesslogentry" in NOT_WATCHED and "accounts_accesslogentry" not in WATCHED


def test_a_page_view_written_to_the_access_log_keeps_the_services_version(cast):
    committed()
    before = record_versions([cast.service.pk])
    assert before is not None
    access_log_record(actor=cast.qa_lead, verb=AccessVerb.VIEW, service=cast.service, target="caseload")
    committed()
    assert record_versions([cast.service.pk]) == before
