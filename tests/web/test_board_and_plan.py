"""The board's trends page and the improvement plan: no child on them, who edits, stale
writes refused, validation, updates and comments, the PDF."""

from __future__ import annotations

import datetime as dt
import re
from datetime import date, timedelta
from io import BytesIO

import pytest
import time_machine
from django.utils import timezone
from pypdf import PdfReader

from casequality.cases.models import Service
from casequality.reports.models import ActionStatus, BoardComment, PlanAction, PlanUpdate
from casequality.reports.services import ActionInput, plan_action_create, report_publish
from casequality.reports.trends import complete_quarters
from tests.reports.factories import CHILD_NAMES as AUDITED_CHILDREN
from tests.reports.factories import manchester_2013_audit
from tests.web.factories import date_input, ensure_finding


def _seen(client, url: str) -> str:
    """The version a form's page shows (its hidden field), as a browser would send it."""
    return re.search(
        r'name="version" (?:type="hidden" )?value="([^"]*)"|value="([^"]*)" name="version"',
        client.get(url).content.decode(),
    ).group(1)


def _form(action, **changes):
    data = {
        "title": action.title,
        "detail": action.detail,
        "owner_staff": str(action.owner_staff_id or ""),
        "owner_role": action.owner_role,
        **date_input("due", action.due),
        "status": action.status,
        "rule": action.rule,
        "audit_question": f"{action.audit_framework}:{action.audit_question}" if action.audit_framework else "",
        "kpi": action.kpi,
        "version": str(action.version),
    }
    data.update(changes)
    return data


@pytest.fixture
def published(world):
    """A published audit of 47 children with distinctive names, its fieldwork last quarter."""
    audit = manchester_2013_audit(world.cast.service, title="Autumn audit")
    audit.fieldwork_end = complete_quarters(timezone.localdate(), 1)[0].start + timedelta(days=20)
    audit.save(update_fields=["fieldwork_end"])
    report_publish(audit=audit, actor=world.cast.qa_lead)
    return audit


def test_the_board_page_names_no_child_and_no_case_with_published_audits_on_it(client, world, published):
    client.force_login(world.cast.board)
    html = client.get("/board/").content.decode()
    assert "Reducing the likelihood of reoffending" in html  # the audit's themes are on it
    children = [*AUDITED_CHILDREN, *(c.child_name for c in world.cases.values())]
    for name in children:
        assert name not in html
    for case in world.cases.values():
        assert case.ref not in html
        assert case.child_dob.isoformat() not in html and case.child_dob.strftime("%-d %B %Y") not in html
    for ref in published.cases.values_list("case__ref", flat=True):
        assert f">{ref}<" not in html


def test_the_board_page_has_a_chart_with_its_figures_behind_details_for_each_trend(client, world, published):
    last_quarter = complete_quarters(timezone.localdate(), 1)[0]
    ensure_finding(world.cases["N-0001"], subject="A9", due=last_quarter.start + timedelta(days=10))
    world.cast.service.board_meetings = [
        {"date": (last_quarter.start + timedelta(days=10)).isoformat(), "attendance": {"police": True, "health": False}}
    ]
    world.cast.service.save(update_fields=["board_meetings"])
    client.force_login(world.cast.board)
    html = client.get("/board/").content.decode()
    for theme in ("Managerial oversight", "Short Quality Screening of youth offending work"):
        chart = html.index(f'aria-label="{theme}:')
        details = html.index('<details class="govuk-details">', chart)
        assert html.index("Figures for", details) < html.index("<table", details)
    assert 'aria-label="KPI 7: Management board attendance: the rate in each quarter"' in html
    assert "Figures for the KPIs" in html


def test_the_boards_summary_of_the_plan_counts_each_status_and_the_open_actions_past_their_due_date(client, world):
    for title, status in (("Audit the plans", ActionStatus.ON_TRACK), ("Train the team", ActionStatus.DONE)):
        plan_action_create(
            service=world.cast.service,
            actor=world.cast.qa_lead,
            data=ActionInput(title=title, due=date(2027, 1, 31), owner_role="QA lead", status=status),
        )
    # With world.action (not started, due 31 March 2027): the done one is not overdue.
    with time_machine.travel(dt.datetime(2027, 2, 15, 12, tzinfo=dt.UTC)):
        client.force_login(world.cast.board)
        html = client.get("/board/").content.decode()
    assert "Improvement plan</a>: 3 actions (1 not started, 1 on track, 1 done); 1 overdue." in html


def test_the_plans_counts_by_plain_sql_are_those_of_their_orm_twin(world):
    from casequality.reports.selectors import plan_status_counts, plan_status_counts_orm

    for title, status, due in (
        ("Audit the plans", ActionStatus.ON_TRACK, date(2027, 1, 31)),
        ("Train the team", ActionStatus.DONE, date(2027, 1, 31)),
        ("Drop the form", ActionStatus.DROPPED, date(2027, 1, 31)),
        ("Check the dates", ActionStatus.ON_TRACK, date(2027, 6, 30)),
    ):
        plan_action_create(
            service=world.cast.service,
            actor=world.cast.qa_lead,
            data=ActionInput(title=title, due=due, owner_role="QA lead", status=status),
        )
    for user in (world.cast.board, world.cast.qa_lead, world.cast.cm_a):
        for day in (date(2026, 12, 7), date(2027, 1, 31), date(2027, 2, 1), date(2027, 12, 31)):
            assert plan_status_counts(user, as_of=day) == plan_status_counts_orm(user, as_of=day)
    assert plan_status_counts(world.cast.board, as_of=date(2027, 2, 1)) == (
        {"not_started": 1, "on_track": 2, "done": 1, "dropped": 1},
        1,
    )


def test_the_published_audits_by_plain_sql_are_those_of_their_orm_twin(world, published):
    from casequality.reports.selectors import published_audit_ids, published_audit_ids_orm

    draft = manchester_2013_audit(world.cast.service, title="Draft audit", prefix="D")
    other = Service.objects.create(code="OTH", name="Other")
    service = world.cast.service.pk
    for services in ([service], [service, other.pk], [other.pk], [], [service, service]):
        assert published_audit_ids(services) == published_audit_ids_orm(services)
    assert published_audit_ids([service]) == [published.pk] and draft.pk != published.pk


def test_the_plan_shows_each_actions_figure_beside_it(client, world, published):
    client.force_login(world.cast.board)
    html = client.get("/board/plan/").content.decode()
    assert "Countersign assessments on time" in html
    assert "Rule OVS-001" in html
    assert "Audit question sqs-2013 1.2" in html and "53% yes (25 of 47 cases)" in html


def test_a_qa_lead_adds_an_action_and_its_first_update_says_so(client, world):
    client.force_login(world.cast.qa_lead)
    response = client.post(
        "/board/plan/new/",
        {
            "version": _seen(client, "/board/plan/new/"),
            "title": "Train managers in oversight",
            "owner_staff": "",
            "owner_role": "Head of Service",
            **date_input("due", date(2027, 6, 30)),
            "status": "on_track",
            "rule": "OVS-001",
            "audit_question": "",
            "kpi": "",
        },
    )
    action = PlanAction.objects.get(title="Train managers in oversight")
    assert response.status_code == 302 and response["Location"] == f"/board/plan/{action.pk}/"
    assert action.owner == "Head of Service" and action.status == ActionStatus.ON_TRACK
    assert action.updates.get().author_name == str(world.cast.qa_lead)


def test_an_action_without_what_or_owner_shows_the_govuk_error_summary_and_writes_nothing(client, world):
    client.force_login(world.cast.tm_north)
    before = PlanAction.objects.count()
    html = client.post(
        "/board/plan/new/",
        {
            "version": "1",
            "title": "",
            "owner_staff": "",
            "owner_role": "",
            "due_day": "31",
            "due_month": "2",
            "due_year": "2027",
            "status": "on_track",
        },
    ).content.decode()
    assert "govuk-error-summary" in html
    assert "Enter what will be done" in html
    assert "Choose who owns the action, or write the role that does" in html
    assert "The due date must be a real date" in html
    assert PlanAction.objects.count() == before


def test_an_owner_from_another_service_is_refused(client, world):
    other = Service.objects.create(code="OTH", name="Other")
    from casequality.cases.models import Staff

    outsider = Staff.objects.create(service=other, ref="X1", name="Out Sider", role="team_manager")
    client.force_login(world.cast.qa_lead)
    html = client.post(
        "/board/plan/new/",
        {
            "version": "1",
            "title": "T",
            "owner_staff": str(outsider.pk),
            "owner_role": "",
            **date_input("due", date(2027, 1, 1)),
            "status": "on_track",
        },
    ).content.decode()
    assert "govuk-error-summary" in html and not PlanAction.objects.filter(title="T").exists()


def test_an_edit_is_saved_and_kept_as_an_update_naming_what_changed(client, world):
    action = world.action
    client.force_login(world.cast.tm_north)
    response = client.post(f"/board/plan/{action.pk}/edit/", _form(action, status="at_risk"))
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == ActionStatus.AT_RISK and action.version == 2
    assert action.updates.first().text == "Changed status from Not started to At risk."


def test_a_second_editor_never_silently_overwrites_the_first(client, world):
    action = world.action
    first, second = _form(action, title="First editor's title"), _form(action, title="Second editor's title")
    client.force_login(world.cast.qa_lead)
    assert client.post(f"/board/plan/{action.pk}/edit/", first).status_code == 302
    client.force_login(world.cast.tm_north)
    response = client.post(f"/board/plan/{action.pk}/edit/", second)
    html = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" in html
    assert f"{world.cast.qa_lead} changed this action after you opened it" in html
    assert "Second editor&#x27;s title" in html  # their text stays on the form
    action.refresh_from_db()
    assert action.title == "First editor's title"


def test_an_update_that_sets_a_status_moves_the_version_on_so_an_open_edit_is_refused(client, world):
    action = world.action
    stale = _form(action, title="Edited while an update came in")
    client.force_login(world.cast.qa_lead)
    response = client.post(
        f"/board/plan/{action.pk}/updates/new/",
        {
            "version": _seen(client, f"/board/plan/{action.pk}/updates/new/"),
            **date_input("on", timezone.localdate()),
            "text": "Two managers trained.",
            "status": "on_track",
        },
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == ActionStatus.ON_TRACK
    assert client.post(f"/board/plan/{action.pk}/edit/", stale).status_code == 200
    action.refresh_from_db()
    assert action.title == "Countersign assessments on time"


def test_an_update_dated_in_the_future_is_refused(client, world):
    client.force_login(world.cast.qa_lead)
    tomorrow = timezone.localdate() + timedelta(days=1)
    html = client.post(
        f"/board/plan/{world.action.pk}/updates/new/",
        {
            "version": _seen(client, f"/board/plan/{world.action.pk}/updates/new/"),
            **date_input("on", tomorrow),
            "text": "Soon.",
            "status": "",
        },
    ).content.decode()
    assert "The date of the update must be today or in the past" in html
    assert not PlanUpdate.objects.filter(text="Soon.").exists()


def test_the_board_comments_and_the_comment_shows_on_the_action(client, world):
    client.force_login(world.cast.board)
    response = client.post(
        f"/board/plan/{world.action.pk}/comments/new/",
        {"version": _seen(client, f"/board/plan/{world.action.pk}/comments/new/"), "text": "Please report in March."},
    )
    assert response.status_code == 302
    assert BoardComment.objects.get().author == world.cast.board
    assert "Please report in March." in client.get(f"/board/plan/{world.action.pk}/").content.decode()


def test_the_board_may_not_edit_an_action_nor_a_qa_lead_comment_as_the_board(client, world):
    client.force_login(world.cast.board)
    assert client.post(f"/board/plan/{world.action.pk}/edit/", _form(world.action, title="X")).status_code == 403
    client.force_login(world.cast.qa_lead)
    assert client.post(f"/board/plan/{world.action.pk}/comments/new/", {"text": "x"}).status_code == 403
    assert not BoardComment.objects.exists()


def test_an_action_of_another_service_is_not_found(client, world):
    other = Service.objects.create(code="OTH", name="Other")
    theirs = plan_action_create(
        service=other,
        actor=world.cast.qa_lead,
        data=ActionInput(title="Theirs", due=date(2027, 1, 1), owner_role="Head of Service"),
    )
    client.force_login(world.cast.board)
    assert client.get(f"/board/plan/{theirs.pk}/").status_code == 404
    assert "Theirs" not in client.get("/board/plan/").content.decode()


def test_the_plan_pdf_holds_each_action_its_status_and_latest_update(client, world):
    client.force_login(world.cast.qa_lead)
    client.post(
        f"/board/plan/{world.action.pk}/updates/new/",
        {
            "version": _seen(client, f"/board/plan/{world.action.pk}/updates/new/"),
            **date_input("on", timezone.localdate()),
            "text": "Weekly check started.",
            "status": "at_risk",
        },
    )
    response = client.get("/board/plan/pdf/")
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(BytesIO(response.content)).pages)
    text = " ".join(text.split())
    assert "Improvement plan" in text
    assert "Countersign assessments on time" in text and "At risk" in text
    assert "Weekly check started." in text
    assert "Alex Brown" in text  # the owner


def test_an_action_on_a_kpi_shows_its_latest_quarterly_rate_and_change(client, world):
    before, last = complete_quarters(timezone.localdate(), 2)
    everyone = ("local_authority_childrens_services", "police", "probation", "health", "education")
    service = world.cast.service
    service.board_meetings = [
        {"date": (before.start + timedelta(days=10)).isoformat(), "attendance": {p: p != "police" for p in everyone}},
        {"date": (last.start + timedelta(days=10)).isoformat(), "attendance": {p: True for p in everyone}},
    ]
    service.save(update_fields=["board_meetings"])
    plan_action_create(
        service=service,
        actor=world.cast.qa_lead,
        data=ActionInput(
            title="Police at every board", due=date(2027, 3, 31), owner_role="Chair of the board", kpi="kpi-7"
        ),
    )
    client.force_login(world.cast.board)
    html = client.get("/board/plan/").content.decode()
    assert (
        'KPI 7</strong> <span class="cq-figure-title">(Management board attendance)</span>: 100% (5 of 5), '
        f"{last.label}; up 20 points since {before.label}"
    ) in html


def test_on_the_plan_the_navigation_marks_the_plan_and_not_the_dashboard(client, world):
    client.force_login(world.cast.board)
    html = client.get("/board/plan/").content.decode()
    marked = [line for line in html.splitlines() if "govuk-service-navigation__item--active" in line]
    assert len(marked) == 1
    nav = html[html.index("govuk-service-navigation__item--active") :]
    assert nav.index("Performance") < nav.index("</li>")
    pages = html.split('class="app-subnav"', 1)[1].split("</nav>", 1)[0]
    assert 'href="/board/plan/" aria-current="page"' in pages
    assert 'href="/board/" aria-current' not in pages


def test_an_action_on_a_rule_or_question_that_does_not_exist_is_refused_and_nothing_is_written(world):
    from casequality.reports.services import PlanError

    for bad in (
        {"rule": "XYZ-999"},
        {"audit_framework": "sqs-2013", "audit_question": "9.9"},
        {"audit_framework": "no-such-framework", "audit_question": "1.1"},
    ):
        with pytest.raises(PlanError):
            plan_action_create(
                service=world.cast.service,
                actor=world.cast.qa_lead,
                data=ActionInput(title="Bad link", due=date(2027, 1, 1), owner_role="Head of Service", **bad),
            )
    assert not PlanAction.objects.filter(title="Bad link").exists()


def test_an_action_whose_owner_has_left_can_still_be_changed(client, world):
    owner = world.action.owner_staff
    owner.active = False
    owner.save(update_fields=["active"])
    client.force_login(world.cast.qa_lead)
    response = client.post(f"/board/plan/{world.action.pk}/edit/", _form(world.action, status="on_track"))
    assert response.status_code == 302
    world.action.refresh_from_db()
    assert world.action.owner_staff == owner and world.action.status == ActionStatus.ON_TRACK


def test_the_board_is_told_met_in_time_is_too_low_for_quarters_before_the_first_check(client, world):
    # The world's findings were first raised these last days, after every complete quarter the board shows.
    from casequality.standards.models import Finding

    first = min(Finding.objects.values_list("opened_on", flat=True))
    assert first > complete_quarters(timezone.localdate(), 1)[-1].end
    client.force_login(world.cast.board)
    html = client.get("/board/").content.decode()
    assert 'id="before-first-check"' in html
    assert f"first checked these cases on {first:%-d %B %Y}" in html


def test_the_board_is_not_warned_once_the_first_check_is_within_its_quarters(client, world):
    from casequality.standards.models import Finding

    Finding.objects.filter(pk=world.finding.pk).update(opened_on=timezone.localdate() - timedelta(days=400))
    client.force_login(world.cast.board)
    assert 'id="before-first-check"' not in client.get("/board/").content.decode()


def test_a_new_action_sent_without_the_version_read_is_refused_and_nothing_saved(client, world):
    client.force_login(world.cast.qa_lead)
    before = PlanAction.objects.count()
    html = client.post(
        "/board/plan/new/",
        {
            "title": "Once",
            "owner_staff": "",
            "owner_role": "Head of Service",
            **date_input("due", date(2027, 6, 30)),
            "status": "on_track",
        },
    ).content.decode()
    assert "Nothing was saved" in html and PlanAction.objects.count() == before


def test_the_same_new_action_sent_twice_is_saved_once(client, world):
    client.force_login(world.cast.qa_lead)
    data = {
        "version": _seen(client, "/board/plan/new/"),
        "title": "Once",
        "owner_staff": "",
        "owner_role": "Head of Service",
        **date_input("due", date(2027, 6, 30)),
        "status": "on_track",
    }
    assert client.post("/board/plan/new/", data).status_code == 302
    assert "Nothing was saved" in client.post("/board/plan/new/", data).content.decode()
    assert PlanAction.objects.filter(title="Once").count() == 1


def test_the_same_update_sent_twice_is_saved_once(client, world):
    client.force_login(world.cast.qa_lead)
    url = f"/board/plan/{world.action.pk}/updates/new/"
    data = {"version": _seen(client, url), **date_input("on", timezone.localdate()), "text": "Twice?", "status": ""}
    assert client.post(url, data).status_code == 302
    assert "Nothing was saved" in client.post(url, data).content.decode()
    assert PlanUpdate.objects.filter(text="Twice?").count() == 1


def test_the_same_comment_sent_twice_is_saved_once_and_one_without_a_version_not_at_all(client, world):
    client.force_login(world.cast.board)
    url = f"/board/plan/{world.action.pk}/comments/new/"
    assert "Nothing was saved" in client.post(url, {"text": "No version."}).content.decode()
    data = {"version": _seen(client, url), "text": "Twice?"}
    assert client.post(url, data).status_code == 302
    assert "Nothing was saved" in client.post(url, data).content.decode()
    assert list(BoardComment.objects.values_list("text", flat=True)) == ["Twice?"]
