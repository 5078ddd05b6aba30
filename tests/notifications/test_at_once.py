"""Emails at once, read from a real SMTP server: a return reaches the item's author, a request
for countersignature the manager; neither carries the child's name or the return's reason."""

from __future__ import annotations

import pytest
from django.db import transaction

from casequality.notifications.models import EmailPreference, SentEmail
from casequality.oversight.services import item_countersign, oversight_request
from tests.notifications.conftest import HOSTILE_REASON, NEVER, hostile, with_addresses
from tests.web.factories import import_cases


@pytest.fixture
def case(cast):
    with_addresses(cast)
    return hostile(import_cases(cast, refs=("N-0001",), case_manager="S1")["N-0001"])


def _return(cast, case):
    return item_countersign(
        actor=cast.tm_north, item=case.assessments.get(ref="A1"), outcome="returned", comment=HOSTILE_REASON
    )


def test_returning_work_emails_the_case_manager_at_once(cast, case, smtp, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _return(cast, case)
    (message,) = smtp.messages
    assert message["To"] == "cm_a@yjs.example.gov.uk"
    assert message["Subject"] == "Your assessment on case N-0001 has been returned to you"
    assert "https://casequality.example.gov.uk/cases/N-0001/" in message.get_content()


def test_the_return_email_carries_neither_the_childs_name_nor_the_reason(
    cast, case, smtp, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _return(cast, case)
    assert len(smtp.messages) == 1
    everything = smtp.everything()
    assert [word for word in NEVER if word in everything] == []
    assert "(ZOS)" in everything


def test_asking_for_countersignature_emails_the_team_manager(cast, case, smtp, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        oversight_request(actor=cast.cm_a, item=case.assessments.get(ref="A1"))
    (message,) = smtp.messages
    assert message["To"] == "tm_north@yjs.example.gov.uk"
    assert message["Subject"] == "Countersign the assessment on case N-0001"
    assert "https://casequality.example.gov.uk/oversight/N-0001/assessment/A1/" in message.get_content()
    assert [word for word in NEVER if word in smtp.everything()] == []


def test_approving_work_sends_no_email(cast, case, smtp, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        item_countersign(actor=cast.tm_north, item=case.assessments.get(ref="A1"), outcome="approved")
    assert smtp.messages == []


def test_a_return_rolled_back_sends_no_email_and_claims_none(cast, case, smtp, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            _return(cast, case)
            raise RuntimeError("the page failed after the return")
    assert smtp.messages == []
    assert not SentEmail.objects.exists()


def test_a_person_who_turned_these_emails_off_gets_none(cast, case, smtp, django_capture_on_commit_callbacks):
    EmailPreference.objects.create(user=cast.cm_a, at_once=False)
    with django_capture_on_commit_callbacks(execute=True):
        _return(cast, case)
    assert smtp.messages == []


def test_a_mail_server_that_is_down_leaves_the_return_made_and_the_email_failed(
    cast, case, smtp, settings, django_capture_on_commit_callbacks
):
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": _closed_port(), "timeout": 5},
        }
    }
    with django_capture_on_commit_callbacks(execute=True):
        act = _return(cast, case)
    assert act.pk is not None
    claim = SentEmail.objects.get()
    assert (claim.state, claim.error.split(":")[0]) == ("failed", "ConnectionRefusedError")


def _closed_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # nothing listens there once the socket is closed
