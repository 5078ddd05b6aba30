"""The signed-in person's one read (casequality/data/signed_in.py) gives what its ORM twin
gives, typed alike, on SQLite and PostgreSQL (DATABASE_URL): a user with a staff record and
granted services, one with neither, hostile names, a demo database or not, no such user;
and a signed-in page asks nothing more about its user.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casequality.accounts.models import DemoMark, User
from casequality.cases.models import Service
from casequality.data.signed_in import signed_in, signed_in_orm

from .test_reads import HOSTILE, typed

pytestmark = pytest.mark.django_db


def _as_read(found):
    """Everything a read gives: every column of the user and of their staff record, typed."""
    if found is None:
        return None
    user = found.user
    staff = user.staff
    return {
        "user": typed(
            {f.attname: getattr(user, f.attname) for f in User._meta.get_fields() if f.concrete and not f.many_to_many}
        ),
        "staff": None
        if staff is None
        else typed(
            {
                f.attname: getattr(staff, f.attname)
                for f in type(staff)._meta.get_fields()
                if f.concrete and not f.many_to_many
            }
        ),
        "demo": found.demo_database,
        "granted": sorted(found.extra_service_ids),
    }


def test_a_case_manager_with_a_staff_record_and_two_granted_services_reads_as_the_orm_reads_them(cast):
    user = cast.cm_a
    user.extra_services.add(
        Service.objects.create(code="GR1", name="Granted one"), Service.objects.create(code="GR2", name="Granted two")
    )
    user.last_login = datetime(2026, 12, 6, 9, 30, tzinfo=UTC)
    user.save()
    read = _as_read(signed_in(user.pk))
    assert read == _as_read(signed_in_orm(user.pk))
    assert len(read["granted"]) == 2 and read["staff"] is not None


def test_a_board_member_with_no_staff_record_and_no_granted_service_reads_as_the_orm_reads_them(cast):
    read = _as_read(signed_in(cast.board.pk))
    assert read == _as_read(signed_in_orm(cast.board.pk))
    assert read["staff"] is None and read["granted"] == []


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_names_read_as_the_orm_reads_them(cast, name):
    user = cast.tm_north
    user.first_name, user.last_name = name, name[::-1]
    user.save()
    user.staff.name = name
    user.staff.save()
    assert _as_read(signed_in(user.pk)) == _as_read(signed_in_orm(user.pk))


def test_a_demo_database_is_read_with_the_user(cast):
    assert signed_in(cast.qa_lead.pk).demo_database is False
    DemoMark.objects.create()
    assert signed_in(cast.qa_lead.pk).demo_database is True
    assert _as_read(signed_in(cast.qa_lead.pk)) == _as_read(signed_in_orm(cast.qa_lead.pk))


@pytest.mark.parametrize("user_id", [987654, "987654", "not a number", ""])
def test_no_such_user_reads_as_nobody(cast, user_id):
    assert signed_in(user_id) is None


def test_a_signed_in_page_asks_the_database_about_its_user_in_one_statement(cast, client):
    cast.qa_lead.extra_services.add(Service.objects.create(code="GR1", name="Granted one"))
    client.force_login(cast.qa_lead)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("web:rules"))
    assert response.status_code == 200
    about_the_user = [
        q["sql"]
        for q in queries.captured_queries
        if "accounts_demomark" in q["sql"] or "accounts_user_extra_services" in q["sql"]
    ]
    assert len(about_the_user) == 1, about_the_user
    assert "accounts_demomark" in about_the_user[0] and "accounts_user_extra_services" in about_the_user[0]


def test_a_deactivated_user_is_signed_out_by_the_one_read(cast, client):
    client.force_login(cast.cm_a)
    User.objects.filter(pk=cast.cm_a.pk).update(is_active=False)
    response = client.get(reverse("web:caseload"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_demo_login_signs_in_only_where_the_database_is_marked_demo(cast, client):
    User.objects.filter(pk=cast.cm_a.pk).update(is_demo_login=True)
    client.force_login(cast.cm_a)
    assert client.get(reverse("web:caseload")).status_code == 302
    DemoMark.objects.create()
    client.force_login(cast.cm_a)
    assert client.get(reverse("web:caseload")).status_code == 200
