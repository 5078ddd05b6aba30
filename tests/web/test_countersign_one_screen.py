"""Countersigning in one screen (issue 23, item 4; decision 0049): what to check, then the
decision; approving while a Must is open asks first, naming the open findings, and records
nothing until confirmed."""

from __future__ import annotations

import re

from casequality.accounts.models import AccessLogEntry, AccessVerb
from casequality.cases.models import Act, Case
from casequality.cases.selectors import subject_state
from tests.web.factories import ensure_finding

ITEM = "/oversight/N-0001/assessment/A1/"


def seen() -> str:
    return subject_state(case=Case.objects.get(ref="N-0001"), subject_type="assessment", ref="A1").version


def open_must(world, rule="ROSH-002"):
    return ensure_finding(world.cases["N-0001"], rule=rule, owner="CM,TM", kind="finding", severity="must")


def acts(world) -> int:
    return Act.objects.filter(case=world.cases["N-0001"], subject_ref="A1").count()


def test_the_item_page_lists_what_to_check_musts_first_before_the_decision(client, world):
    must = open_must(world)
    client.force_login(world.cast.tm_north)
    html = client.get(ITEM).content.decode()
    checklist = html.split('data-list="to-check">', 1)[1].split("</ul>", 1)[0]
    assert re.findall(r"govuk-tag--(\w+)", checklist) == ["red", "orange", "blue"]  # Must, Should, Task
    assert f"#finding-{must.pk}" in checklist.split("</li>", 1)[0]
    assert html.index('id="what-to-check"') < html.index('name="outcome"') < html.index('id="the-item"')


def test_each_finding_to_check_links_to_its_full_text_below(client, world):
    must = open_must(world)
    client.force_login(world.cast.tm_north)
    html = client.get(ITEM).content.decode()
    assert f'href="#finding-{must.pk}"' in html and f'id="finding-{must.pk}"' in html
    assert html.index(f'href="#finding-{must.pk}"') < html.index(f'id="finding-{must.pk}"')


def test_approving_with_a_must_open_asks_for_confirmation_naming_it(client, world):
    open_must(world)
    client.force_login(world.cast.tm_north)
    response = client.post(ITEM, {"version": seen(), "outcome": "approved"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html
    assert '<a href="#id_confirm_open">This assessment has 1 Must finding open.' in html
    musts = html.split('data-list="open-musts">', 1)[1].split("</ul>", 1)[0]
    assert "Medium or higher RoSH rests on a full assessment" in musts
    assert "Yes, countersign it with these open" in html


def test_an_unconfirmed_approval_records_nothing(client, world):
    open_must(world)
    client.force_login(world.cast.tm_north)
    client.post(ITEM, {"version": seen(), "outcome": "approved"})
    assert acts(world) == 0
    assert not AccessLogEntry.objects.filter(case_ref="N-0001", verb=AccessVerb.COUNTERSIGN).exists()


def test_a_confirmed_approval_is_recorded(client, world):
    must = open_must(world)
    client.force_login(world.cast.tm_north)
    response = client.post(ITEM, {"version": seen(), "outcome": "approved", "confirm_open": str(must.pk)})
    assert response.status_code == 302
    assert acts(world) == 1


def test_a_must_raised_after_the_confirmation_was_asked_asks_again(client, world):
    must = open_must(world)
    shown = str(must.pk)
    later = open_must(world, rule="VUL-001")
    client.force_login(world.cast.tm_north)
    html = client.post(ITEM, {"version": seen(), "outcome": "approved", "confirm_open": shown}).content.decode()
    assert "This assessment has 2 Must findings open." in html
    assert acts(world) == 0 and later.pk


def test_returning_with_a_must_open_needs_no_confirmation(client, world):
    open_must(world)
    client.force_login(world.cast.tm_north)
    response = client.post(ITEM, {"version": seen(), "outcome": "returned", "comment": "Complete the full RoSH."})
    assert response.status_code == 302
    assert acts(world) == 1


def test_the_oversight_finding_the_countersignature_answers_never_asks(client, world):
    ensure_finding(world.cases["N-0001"], rule="OVS-001", kind="finding")
    client.force_login(world.cast.tm_north)
    response = client.post(ITEM, {"version": seen(), "outcome": "approved"})
    assert response.status_code == 302
    assert acts(world) == 1


def test_a_should_left_open_needs_no_confirmation(client, world):
    client.force_login(world.cast.tm_north)  # the world's LOR-003 on A1 is a Should
    assert client.post(ITEM, {"version": seen(), "outcome": "approved"}).status_code == 302


def test_the_case_page_says_which_item_was_countersigned_by_whom_and_when(client, world):
    client.force_login(world.cast.tm_north)
    client.post(ITEM, {"version": seen(), "outcome": "approved"})
    html = client.get("/cases/N-0001/").content.decode()
    rows = html.split('id="countersigned"', 1)[1].split("</dl>", 1)[0]
    row = next(r for r in rows.split('class="govuk-summary-list__row"') if "(A1)" in r)
    assert "assessment" in row.lower()
    assert "Countersigned by Alex Brown on 2 December 2026" in row


def test_after_a_return_the_item_is_the_case_managers_with_the_managers_full_name_and_reason(client, world):
    client.force_login(world.cast.tm_north)
    client.post(ITEM, {"version": seen(), "outcome": "returned", "comment": "Name who is at risk."})
    client.force_login(world.cast.cm_a)
    # Names and reasons from the record sit in <bdi> (a right-to-left mark in one turns no other text).
    today = re.sub(r"</?bdi>", "", client.get("/today/").content.decode())
    case_page = re.sub(r"</?bdi>", "", client.get("/cases/N-0001/").content.decode())
    assert "Returned by Alex Brown on 2 December 2026: Name who is at risk." in today
    assert "Returned by Alex Brown on 2 December 2026: Name who is at risk." in case_page
    assert "is back with the case manager, Sam Patel" in case_page
