"""`casequality demo`'s year (decision 0051): a year of monthly sweeps on the record as it
stood each month, so the board's quarters move, and an improvement plan with owners, due
dates, statuses, updates and the board's comments, made by the roles that may."""

from __future__ import annotations

import io
from datetime import date

from django.core.management import call_command
from django.db.models import F

from casequality.accounts.models import User
from casequality.demo.generator.tables import story_factor
from casequality.demo.history import sweep_dates
from casequality.reports.models import BoardComment, PlanAction, PlanUpdate
from casequality.standards.models import Finding

STORY_CASES = 60  # enough for a theme to have something decided in each of the last two quarters


def run_demo(*args: str) -> None:
    call_command("demo", "--no-serve", *args, stdout=io.StringIO())


def test_the_sweeps_are_replayed_monthly_from_the_first_check_a_year_back():
    assert sweep_dates(date(2026, 12, 2)) == [date(2025, 12, 2)] + [date(2026, m, 2) for m in range(1, 13)]


def test_the_demo_year_improves_the_plans_themes_and_lets_safeguarding_slip():
    assert story_factor("OVS-001", 1.0) < story_factor("OVS-001", 0.0)
    assert story_factor("VUL-002", 1.0) > story_factor("VUL-002", 0.0)
    assert story_factor("PSR-001", 0.3) == 1.0


def test_the_demos_board_shows_a_theme_whose_share_met_in_time_moves_between_quarters(db, client):
    run_demo("--cases", str(STORY_CASES))
    # The first check a year back, and findings raised in the months since, not all today.
    assert len(set(Finding.objects.values_list("opened_on", flat=True))) > 6
    client.force_login(User.objects.get(username="board"))
    response = client.get("/board/")
    assert response.status_code == 200
    moving = [t.trend for t in response.context["themes"] if t.trend.change]
    assert moving, [(t.trend.name, [q.met_share for q in t.trend.quarters]) for t in response.context["themes"]]
    assert not response.context["before_first_check"]


def test_the_demos_plan_has_owned_dated_actions_with_updates_and_the_boards_comments(db, client):
    run_demo("--cases", "10")
    actions = list(PlanAction.objects.all())
    assert len(actions) >= 5
    assert all(a.due and a.status and (a.owner_staff or a.owner_role) for a in actions)
    assert len({a.status for a in actions}) >= 4
    written = PlanUpdate.objects.exclude(text="Action added to the plan.")
    assert written.count() >= 8
    # Who may edit and comment stays as decision 0018 says: editors update, the board comments.
    assert {u.author.username for u in written} <= {"qa-lead", "team-manager"}
    assert BoardComment.objects.count() >= 4
    assert set(BoardComment.objects.values_list("author__username", flat=True)) == {"board"}
    client.force_login(User.objects.get(username="board"))
    page = client.get("/board/plan/").content.decode()
    assert "Weekly oversight huddle in every team" in page


def test_the_demo_without_its_year_has_one_sweep_and_no_plan(db):
    run_demo("--cases", "10", "--history-months", "0")
    assert set(Finding.objects.values_list("opened_on", flat=True)) <= {date(2026, 12, 2)}
    assert not PlanAction.objects.exists()


def test_no_finding_of_the_demos_year_is_resolved_before_it_was_opened(transactional_db):
    run_demo("--cases", "10")
    assert Finding.objects.exists()
    backwards = Finding.objects.filter(resolved_on__lt=F("opened_on"))
    assert not backwards.exists(), list(backwards.values_list("rule", "subject", "opened_on", "resolved_on")[:5])
