"""The daily digest, read from a real SMTP server: the right actions, nothing of the record's
text, once a day whatever runs it (casequality/notifications/digest.py)."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from casequality.notifications.digest import digest_enqueue
from casequality.notifications.models import EmailKind, EmailPreference, SentEmail, SentState
from casequality.oversight.services import item_countersign
from tests.notifications.conftest import HOSTILE_REASON, NEVER, days, hostile, opened_today, with_addresses
from tests.web.factories import ensure_finding, import_cases

CM_A = "cm_a@yjs.example.gov.uk"


@pytest.fixture
def caseload(cast):
    """cm_a's four kinds of action on three cases whose child is called by a hostile name:
    N-0001's assessment returned (with a hostile reason), N-0003 overdue, N-0004 due today
    and a new one on N-0004 (due next week); a finding on cm_b's case, not cm_a's."""
    with_addresses(cast)
    cases = import_cases(cast, refs=("N-0001", "N-0003", "N-0004"), case_manager="S1")
    item_countersign(
        actor=cast.tm_north, item=cases["N-0001"].assessments.get(ref="A1"), outcome="returned", comment=HOSTILE_REASON
    )
    ensure_finding(cases["N-0003"], rule="LOR-001", owner="CM", kind="finding", due=days(-3))
    ensure_finding(cases["N-0004"], rule="PLAN-001", owner="CM", kind="task", due=days(0))
    opened_today(ensure_finding(cases["N-0004"], rule="LOR-003", owner="CM", kind="finding", due=days(8)))
    # Already on cm_a's list before today and not due yet: not news, not in the email.
    ensure_finding(cases["N-0003"], rule="PLAN-001", owner="CM", kind="task", due=days(12))
    for case in cases.values():
        hostile(case)
    return cases


def run(day=None, *, capture):
    """The digest of `day` (today) as the schedule runs it, its emails sent after the commit."""
    with capture(execute=True):
        return digest_enqueue(day or timezone.localdate())


def test_the_digest_lists_what_is_returned_overdue_due_today_and_new(
    caseload, smtp, django_capture_on_commit_callbacks
):
    run(capture=django_capture_on_commit_callbacks)
    (message,) = smtp.to(CM_A)
    body = message.get_content()
    assert message["Subject"] == "You have 4 actions in Casequality today"
    returned, overdue, today, new = (body.index(s) for s in ("returned to you:", "overdue:", "due today:", "new:"))
    assert returned < overdue < today < new
    assert "* N-0001 (ZOS): Make the changes asked for to the start assessment" in body[returned:overdue]
    assert "* N-0003 (ZOS): " in body[overdue:today] and "3 days overdue" in body[overdue:today]
    assert "* N-0004 (ZOS): " in body[today:new] and "due today" in body[today:new]
    assert "* N-0004 (ZOS): Add evidence to each section scored 2 or more." in body[new:]
    assert body.count("\n* ") == 4


def test_the_digest_links_to_each_case_and_to_the_email_settings(caseload, smtp, django_capture_on_commit_callbacks):
    run(capture=django_capture_on_commit_callbacks)
    body = smtp.to(CM_A)[0].get_content()
    assert "https://casequality.example.gov.uk/cases/N-0003/" in body
    assert "https://casequality.example.gov.uk/accounts/email/" in body


def test_the_digest_carries_no_childs_name_and_no_text_of_the_record(
    caseload, smtp, django_capture_on_commit_callbacks
):
    run(capture=django_capture_on_commit_callbacks)
    assert smtp.messages
    everything = smtp.everything()
    assert [word for word in NEVER if word in everything] == []


def test_a_second_run_the_same_day_sends_nothing(caseload, smtp, django_capture_on_commit_callbacks):
    run(capture=django_capture_on_commit_callbacks)
    first = len(smtp.messages)
    run(capture=django_capture_on_commit_callbacks)
    assert first >= 1
    assert len(smtp.messages) == first


def test_the_next_day_sends_again(caseload, smtp, django_capture_on_commit_callbacks):
    run(capture=django_capture_on_commit_callbacks)
    run(timezone.localdate() + timedelta(days=1), capture=django_capture_on_commit_callbacks)
    assert len(smtp.to(CM_A)) == 2


def test_new_means_opened_since_the_last_digest(caseload, smtp, django_capture_on_commit_callbacks):
    run(capture=django_capture_on_commit_callbacks)
    run(timezone.localdate() + timedelta(days=1), capture=django_capture_on_commit_callbacks)
    tomorrow = smtp.to(CM_A)[1].get_content()
    assert "new:" not in tomorrow  # LOR-003 was new yesterday and was in yesterday's email


def test_a_person_who_turned_the_digest_off_gets_none(caseload, smtp, cast, django_capture_on_commit_callbacks):
    EmailPreference.objects.create(user=cast.cm_a, daily_digest=False)
    run(capture=django_capture_on_commit_callbacks)
    assert smtp.to(CM_A) == []


def test_a_person_with_nothing_to_do_gets_no_email(caseload, smtp, django_capture_on_commit_callbacks):
    run(capture=django_capture_on_commit_callbacks)
    assert smtp.to("cm_c@yjs.example.gov.uk") == []


def test_a_digest_the_mail_server_refused_is_sent_by_the_next_run(caseload, smtp, django_capture_on_commit_callbacks):
    smtp.refuse = 99
    run(capture=django_capture_on_commit_callbacks)
    assert SentEmail.objects.get(user__email=CM_A, kind=EmailKind.DIGEST).state == SentState.FAILED
    smtp.refuse = 0
    run(capture=django_capture_on_commit_callbacks)
    assert len(smtp.to(CM_A)) == 1
    assert SentEmail.objects.get(user__email=CM_A, kind=EmailKind.DIGEST).state == SentState.SENT


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_send_each_person_one_digest(caseload, smtp):
    if connection.vendor != "postgresql":
        pytest.skip("threads need a database they can share, writing at once: PostgreSQL")
    start = threading.Barrier(2)
    problems = []

    def one_run():
        try:
            start.wait(timeout=30)
            call_command("digest")
        except BaseException as error:  # noqa: BLE001 - reported by the test
            problems.append(error)
        finally:
            connection.close()

    runs = [threading.Thread(target=one_run) for _ in range(2)]
    for t in runs:
        t.start()
    for t in runs:
        t.join(timeout=120)
    assert problems == []
    assert len(smtp.to(CM_A)) == 1
    assert SentEmail.objects.filter(kind=EmailKind.DIGEST).count() == len(smtp.messages)


def test_a_team_managers_digest_leaves_out_their_team_members_actions(
    caseload, smtp, cast, django_capture_on_commit_callbacks
):
    """N-0003's overdue action is cm_a's: it is on the team manager's Today page, not in their email."""
    ensure_finding(caseload["N-0004"], rule="OVS-001", owner="TM", kind="task", due=days(0))
    run(capture=django_capture_on_commit_callbacks)
    (message,) = smtp.to("tm_north@yjs.example.gov.uk")
    assert "* N-0004 (ZOS): " in message.get_content()
    assert "N-0003" not in message.get_content()
