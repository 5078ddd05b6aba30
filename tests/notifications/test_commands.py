"""`casequality digest` for operators, and the schedule `casequality beat` keeps."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command

from casequality.notifications.models import EmailKind, SentEmail, SentState
from casequality.notifications.schedule import digest_crontab
from tests.notifications.conftest import NEVER
from tests.notifications.test_digest import caseload  # noqa: F401 - the fixture


def _digest(*args: str, capture) -> str:
    out = StringIO()
    with capture(execute=True):
        call_command("digest", *args, stdout=out)
    return out.getvalue()


def test_the_dry_run_says_who_would_get_what_and_sends_nothing(caseload, smtp, django_capture_on_commit_callbacks):  # noqa: F811
    out = _digest("--dry-run", capture=django_capture_on_commit_callbacks)
    assert "cm_a <cm_a@yjs.example.gov.uk>: 4 actions: 1 returned to you, 1 overdue, 1 due today, 1 new" in out
    assert "  overdue: N-0003 (ZOS) " in out
    assert smtp.messages == []


def test_the_dry_run_names_no_child_and_quotes_no_record(caseload, smtp, django_capture_on_commit_callbacks):  # noqa: F811
    out = _digest("--dry-run", capture=django_capture_on_commit_callbacks)
    assert [word for word in NEVER if word in out] == []


def test_the_command_sends_the_digests_and_says_how_many(caseload, smtp, django_capture_on_commit_callbacks):  # noqa: F811
    out = _digest(capture=django_capture_on_commit_callbacks)
    assert "Digests of 2026-12-02: 1 sent now, 0 sent before" in out
    assert len(smtp.messages) == 1


def test_run_again_the_command_says_the_digests_were_sent_before(caseload, smtp, django_capture_on_commit_callbacks):  # noqa: F811
    _digest(capture=django_capture_on_commit_callbacks)
    out = _digest(capture=django_capture_on_commit_callbacks)
    assert "0 sent now, 1 sent before" in out
    assert len(smtp.messages) == 1


@pytest.mark.django_db(transaction=True)
def test_the_command_fails_saying_so_when_the_mail_server_refused(caseload, smtp):  # noqa: F811
    """Outside a test's transaction, as an operator runs it: the emails go as its transaction commits."""
    smtp.refuse = 99
    with pytest.raises(CommandError) as refused:
        call_command("digest", stdout=StringIO())
    failed = SentEmail.objects.filter(state=SentState.FAILED, kind=EmailKind.DIGEST).count()
    assert failed >= 1
    assert str(refused.value).startswith(f"{failed} digest(s) were not sent")


def test_a_date_the_command_cannot_read_is_refused(db):
    with pytest.raises(CommandError, match="--date must be a day as YYYY-MM-DD"):
        call_command("digest", "--date", "7/12/2026", stdout=StringIO())


@pytest.mark.once
def test_the_schedule_asks_for_the_digest_at_the_time_set(settings):
    settings.CASEQUALITY_DIGEST_TIME, settings.CASEQUALITY_DIGEST_DAYS = "06:45", "mon-fri"
    schedule = digest_crontab()
    assert (schedule.hour, schedule.minute, schedule.day_of_week) == ({6}, {45}, {1, 2, 3, 4, 5})


@pytest.mark.once
def test_a_time_the_schedule_cannot_read_is_refused(settings):
    settings.CASEQUALITY_DIGEST_TIME = "7am"
    with pytest.raises(ImproperlyConfigured, match="CASEQUALITY_DIGEST_TIME must be a time such as 07:00"):
        digest_crontab()


def test_the_scheduler_will_not_start_without_a_broker(db, settings):
    settings.CASEQUALITY_BROKER_URL = ""
    with pytest.raises(CommandError, match="run `casequality digest` from cron instead"):
        call_command("beat")
