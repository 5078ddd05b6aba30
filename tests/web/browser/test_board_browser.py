"""The board's dashboard and the improvement plan in headless Chromium, on the demo
caseload with two published audits and a plan: axe-clean, and no child's name on them.

Set CASEQUALITY_SCREENSHOTS=1 to save docs/screenshots/board-trends.png and
improvement-plan.png as well.
"""

from __future__ import annotations

import io
import os
from datetime import timedelta
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from django.utils import timezone

from casequality.accounts.models import User
from casequality.cases.models import Case, Service, Staff
from casequality.reports.models import ActionStatus
from casequality.reports.services import (
    ActionInput,
    plan_action_create,
    plan_comment_add,
    plan_update_add,
    report_publish,
)
from casequality.reports.trends import complete_quarters
from tests.reports.factories import SHARES_2013, manchester_2013_audit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[3] / "docs" / "screenshots"


def _nightly_history(service, quarters) -> None:
    """What a year of nightly checks would have recorded and the demo (checked once, today)
    cannot: subjects met in time, more each quarter, for the first rule of each family."""
    from casequality.standards.models import Finding
    from casequality.standards.rulebook import rulebook

    firsts = {}
    for meta in rulebook().rules.values():
        firsts.setdefault(meta.family, meta.id)
    cases = list(Case.objects.filter(service=service).order_by("pk")[:20])
    rows = []
    for i, quarter in enumerate(quarters):
        for rule in firsts.values():
            for n in range(4 + 4 * i):
                due = quarter.start + timedelta(days=(7 * n) % 80)
                rows.append(
                    Finding(
                        service=service,
                        case=cases[n % len(cases)],
                        rule=rule,
                        key=f"history-{i}-{n}",
                        kind="task",
                        severity="must",
                        owner="CM",
                        subject=f"H{i}{n}",
                        subject_type="case",
                        message="Met in time.",
                        due=due,
                        opened_on=due - timedelta(days=10),
                        last_seen_on=due,
                        resolved_on=due - timedelta(days=2),
                        resolution="resolved",
                    )
                )
    Finding.objects.bulk_create(rows)


@pytest.fixture
def demo_board(db):
    """The demo (100 cases) with a year of nightly history, two published audits three
    quarters apart and a plan of four actions."""
    call_command("demo", "--no-serve", "--cases", "100", "--history-months", "0", stdout=io.StringIO())
    service = Service.objects.get()
    _nightly_history(service, complete_quarters(timezone.localdate(), 5))
    partners = ("local_authority_childrens_services", "police", "probation", "health", "education")
    service.board_meetings = [  # police missed two of the four meetings of the last two quarters
        {
            "date": (q.start + timedelta(days=days)).isoformat(),
            "attendance": {p: p != "police" or days == 70 for p in partners},
        }
        for q in complete_quarters(timezone.localdate(), 2)
        for days in (14, 70)
    ]
    service.save(update_fields=["board_meetings"])
    qa_lead, board = User.objects.get(username="qa-lead"), User.objects.get(username="board")
    today = timezone.localdate()
    quarters = complete_quarters(today, 4)
    better = {**SHARES_2013, "1.2": (34, 47), "2.1": (27, 47), "1.3": (18, 30), "3.3": (14, 22)}
    for quarter, shares, title, make in (
        (quarters[0], SHARES_2013, "Spring screening", True),
        (quarters[-1], better, "Autumn screening", False),
    ):
        audit = manchester_2013_audit(service, title=title, shares=shares, make_cases=make)
        audit.fieldwork_end = quarter.start + timedelta(days=40)
        audit.save(update_fields=["fieldwork_end"])
        report_publish(audit=audit, actor=qa_lead)
    managers = list(Staff.objects.filter(service=service, role="team_manager").order_by("ref"))
    actions = [
        ("Weekly oversight huddle for every team", managers[0], "", "OVS-001", "", "", 60, ActionStatus.ON_TRACK),
        (
            "Assessments written from evidence, not copied",
            None,
            "Head of Service",
            "LOR-004",
            "sqs-2013:1.2",
            "",
            90,
            ActionStatus.AT_RISK,
        ),
        (
            "Police at every management board",
            None,
            "Chair of the board",
            "",
            "",
            "kpi-7",
            -10,
            ActionStatus.NOT_STARTED,
        ),
        (
            "Risk of harm plans reviewed after each significant change",
            managers[-1],
            "",
            "",
            "sqs-2013:2.1",
            "",
            120,
            ActionStatus.DONE,
        ),
    ]
    made = []
    for title, staff, role, rule, question, kpi, days, status in actions:
        framework, _, qid = question.partition(":")
        made.append(
            plan_action_create(
                service=service,
                actor=qa_lead,
                data=ActionInput(
                    title=title,
                    due=today + timedelta(days=days),
                    owner_staff=staff,
                    owner_role=role,
                    status=status,
                    rule=rule,
                    audit_framework=framework,
                    audit_question=qid,
                    kpi=kpi,
                ),
            )
        )
    plan_update_add(
        action=made[1],
        on=today - timedelta(days=3),
        actor=qa_lead,
        status=ActionStatus.AT_RISK,
        text="Two of five teams trained; training paused while two managers are on leave.",
    )
    plan_comment_add(action=made[1], actor=board, text="Please bring the training dates to the March board.")
    return made


def _no_child_named(html: str) -> None:
    for name, dob in Case.objects.values_list("child_name", "child_dob"):
        assert name not in html
        assert dob.strftime("%-d %B %Y") not in html


def test_the_board_sees_the_trends_by_quarter_axe_clean_and_naming_no_child(page, sign_in, live_server, demo_board):
    sign_in("board", "demo")
    page.goto(f"{live_server.url}/board/")
    assert page.locator("h1").inner_text() == "Dashboard"
    assert page.locator("#standards-summary tbody tr").count() >= 3
    assert page.locator("svg.cq-chart").count() >= 5
    _no_child_named(page.content())
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    if os.environ.get("CASEQUALITY_SCREENSHOTS"):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "board-trends.png"), full_page=True)


def test_the_board_reads_the_plan_and_comments_on_an_action_axe_clean(page, sign_in, live_server, demo_board):
    sign_in("board", "demo")
    page.goto(f"{live_server.url}/board/plan/")
    assert page.locator("#plan tbody tr").count() == 3  # the done one is behind Details
    assert "Overdue" in page.locator("#plan").inner_text()
    _no_child_named(page.content())
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    if os.environ.get("CASEQUALITY_SCREENSHOTS"):
        page.screenshot(path=str(SCREENSHOTS / "improvement-plan.png"), full_page=True)
    page.click("text=Assessments written from evidence, not copied")
    page.wait_for_load_state()
    assert "Please bring the training dates to the March board." in page.content()
    assert Axe().run(page).violations_count == 0
    if os.environ.get("CASEQUALITY_SCREENSHOTS"):
        page.screenshot(path=str(SCREENSHOTS / "plan-action.png"), full_page=True)
    page.click("text=Comment on this action")
    page.click("button:has-text('Add the comment')")  # empty: the GOV.UK error summary
    assert "Enter your comment" in page.locator(".govuk-error-summary").inner_text()
    assert Axe().run(page).violations_count == 0
    page.fill("textarea[name=text]", "Thank you: progress noted.")
    page.click("button:has-text('Add the comment')")
    page.wait_for_load_state()
    assert "Thank you: progress noted." in page.content()


def test_a_qa_lead_changes_an_action_and_adds_an_update_axe_clean(page, sign_in, live_server, demo_board):
    sign_in("qa-lead", "demo")
    page.goto(f"{live_server.url}/board/plan/{demo_board[0].pk}/edit/")
    assert Axe().run(page).violations_count == 0
    page.fill("#id_title", "")
    page.click("button:has-text('Save the action')")
    assert "Enter what will be done" in page.locator(".govuk-error-summary").inner_text()
    assert Axe().run(page).violations_count == 0
    page.fill("#id_title", "Weekly oversight huddle in every team")
    page.select_option("#id_status", "at_risk")
    page.click("button:has-text('Save the action')")
    page.wait_for_load_state()
    assert "Changed what will be done from" in page.content(), page.locator("main").inner_text()
    page.click("text=Add an update")
    assert Axe().run(page).violations_count == 0
    page.fill("textarea[name=text]", "Huddles started in North.")
    page.click("button:has-text('Add the update')")
    page.wait_for_load_state()
    assert "Huddles started in North." in page.content()


def test_the_board_reads_the_national_standards_self_assessment_at_desk_and_phone_widths(
    page, sign_in, live_server, cast
):
    """Decision 0055: the report in the YJB's layout, published, as the board reads it:
    axe-clean, no child named, nothing wider than the window at 1280 and 390 px."""
    from casequality.audits.services import StandardSelfAssessmentInput, standard_self_assessment_save
    from tests.audits.factories import national_standards_audit

    audit = national_standards_audit(cast.service)
    standard_self_assessment_save(
        audit=audit,
        standard="1",
        entry=StandardSelfAssessmentInput(
            strategic="The management board reviews the joint panel's decisions each quarter.",
            evidence="Board minutes, March 2026; the panel's terms of reference",
            strategic_band="Good",
            actions="Add the police's decision dates to the panel's record",
            actions_owner="Head of service",
        ),
        seen_version=0,
        actor=cast.qa_lead,
    )
    report_publish(audit=audit, actor=cast.qa_lead)
    sign_in("board")
    page.goto(f"{live_server.url}/audits/{audit.pk}/self-assessment/")
    assert page.locator("h2.govuk-heading-l").all_inner_texts()[0] == "Standard 1: out of court disposals"
    _no_child_named(page.content())
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        if os.environ.get("CASEQUALITY_SCREENSHOTS"):
            page.screenshot(path=f"/tmp/national-standards-{width}.png", full_page=True)


def test_the_qa_lead_writes_a_standards_strategic_self_assessment_at_desk_and_phone_widths(
    page, sign_in, live_server, cast
):
    """Decision 0055: the form the QA lead writes a standard's strategic self-assessment on:
    GOV.UK errors when actions have no owner, saved once corrected, axe-clean, nothing wider
    than the window at 1280 and 390 px."""
    from tests.audits.factories import national_standards_audit

    audit = national_standards_audit(cast.service)
    sign_in("qa_lead")
    page.goto(f"{live_server.url}/audits/{audit.pk}/self-assessment/1/")
    page.fill("#id_strategic", "The board reviews the joint panel's decisions each quarter.")
    page.fill("#id_actions", "Add the police's decision dates to the panel's record")
    page.click("#save")
    assert "Enter who owns the actions" in page.locator(".govuk-error-summary").inner_text()
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        if os.environ.get("CASEQUALITY_SCREENSHOTS"):
            page.screenshot(path=f"/tmp/national-standards-form-{width}.png", full_page=True)
    page.fill("#id_actions_owner", "Head of service")
    page.click("#save")
    assert "the service's self-assessment has been saved" in page.content()
    assert "each quarter" in page.locator("#standard-1-narrative").inner_text()
