"""`casequality demo`: a fresh demo database with one login per role."""

from __future__ import annotations

import io
import os
from datetime import date

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import RequestFactory

from casequality.accounts.models import Role, User
from casequality.cases.models import Case, Staff


def run_demo(*args: str) -> str:
    """The demo without its year of sweeps and plan (tests/demo/test_demo_story.py has them)."""
    out = io.StringIO()
    call_command("demo", "--no-serve", "--history-months", "0", *args, stdout=out)
    return out.getvalue()


def test_the_demo_command_refuses_a_database_that_holds_cases(cast):
    Case.objects.create(
        service=cast.service, ref="MAN-1", child_name="Sam Child", child_dob=date(2000, 1, 1), child_sex="male"
    )
    with pytest.raises(CommandError, match=r"already holds 1 case\b.*--reset"):
        run_demo("--cases", "10")
    assert list(Case.objects.values_list("ref", flat=True)) == ["MAN-1"]


def test_the_demo_command_creates_one_login_per_role_with_the_demo_password(db):
    output = run_demo("--cases", "30", "--as-of", "2013-06-17")
    users = {u.username: u for u in User.objects.all()}
    assert set(users) == {"case-manager", "team-manager", "qa-lead", "inspector", "board", "admin"}
    assert {u.role for u in users.values()} == set(Role.values)
    for username in users:
        assert (
            authenticate(RequestFactory().post("/accounts/login/"), username=username, password="demo")
            == users[username]
        )
    assert "for this demo database only" in output


def test_the_demo_case_manager_has_a_caseload_and_the_team_manager_is_their_manager(db):
    run_demo("--cases", "30", "--as-of", "2013-06-17")
    cm, tm = User.objects.get(username="case-manager"), User.objects.get(username="team-manager")
    assert Case.objects.filter(case_manager=cm.staff).count() >= 5
    assert cm.staff.manager == tm.staff
    assert cm.team == tm.team == cm.staff.team


def test_the_demo_admin_can_use_django_admin(db, client):
    run_demo("--cases", "10", "--as-of", "2013-06-17")
    admin = User.objects.get(username="admin")
    client.force_login(admin)
    assert client.get("/admin/").status_code == 200


def test_the_demo_admin_has_the_admin_role_and_is_no_superuser(db):
    run_demo("--cases", "10", "--as-of", "2013-06-17")
    admin = User.objects.get(username="admin")
    assert admin.role == Role.ADMIN
    assert not admin.is_superuser and not admin.is_staff
    assert not admin.has_perm("cases.view_case")


def test_the_demo_command_imports_the_generated_caseload(db):
    run_demo("--cases", "20", "--as-of", "2013-06-17")
    assert Case.objects.count() == 20
    assert Staff.objects.filter(role="case_manager").exists()


@pytest.mark.django_db(transaction=True)
def test_the_demo_command_with_reset_replaces_what_the_database_held(cast):
    Case.objects.create(
        service=cast.service, ref="MAN-1", child_name="Sam Child", child_dob=date(2000, 1, 1), child_sex="male"
    )
    run_demo("--cases", "12", "--reset", "--as-of", "2013-06-17")
    assert not Case.objects.filter(ref="MAN-1").exists()
    assert Case.objects.count() == 12
    assert not User.objects.filter(username="cm_a").exists()


def test_the_casequality_command_points_the_demo_at_demo_sqlite3(monkeypatch, tmp_path):
    import django.core.management

    seen = {}
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(
        django.core.management,
        "execute_from_command_line",
        lambda argv: seen.update(argv=argv, url=os.environ.get("DATABASE_URL")),
    )
    from casequality.cli import main

    main(["demo", "--no-serve"])
    assert seen == {"argv": ["casequality", "demo", "--no-serve"], "url": f"sqlite:///{tmp_path}/demo.sqlite3"}


def test_the_casequality_command_leaves_a_named_database_alone_for_the_demo(monkeypatch):
    import django.core.management

    seen = {}
    monkeypatch.setenv("DATABASE_URL", "postgres://somewhere/else")
    monkeypatch.setattr(
        django.core.management,
        "execute_from_command_line",
        lambda argv: seen.update(url=os.environ.get("DATABASE_URL")),
    )
    from casequality.cli import main

    main(["demo"])
    assert seen["url"] == "postgres://somewhere/else"
