"""A real SMTP server on loopback (aiosmtpd) that keeps what arrives, and a caseload whose
record holds text that must never leave the service's systems."""

from __future__ import annotations

import email
import email.policy
import socket
import threading
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from django.utils import timezone

from casequality.cases.models import Case
from casequality.standards.models import Finding

# What the record says that an email must never carry: a child's name, a return's reason,
# a finding's message quoting the record.
HOSTILE_NAME = "Zoë O'Brien-Smith"
HOSTILE_REASON = "REASON-SECRET: she told us about 12 Acacia Avenue <script>alert(1)</script>"
HOSTILE_MESSAGE = "MESSAGE-SECRET: Zoë's assessment quotes her school"
NEVER = ("Zoë", "O'Brien", "Brien", "Smith", "REASON-SECRET", "Acacia", "<script>", "MESSAGE-SECRET", "Jordan", "Riley")


@dataclass
class Mailbox:
    """What the SMTP server received: each message parsed, with its raw bytes."""

    messages: list[email.message.EmailMessage] = field(default_factory=list)
    raw: list[bytes] = field(default_factory=list)
    port: int = 0
    refuse: int = 0  # answer this many messages with 451 (a mail server refusing for now)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def to(self, address: str) -> list[email.message.EmailMessage]:
        return [m for m in self.messages if m["To"] == address]

    @staticmethod
    def text(message: email.message.EmailMessage) -> str:
        """Every header and every part of a message, decoded, as a reader would see it."""
        parts = [f"{k}: {v}" for k, v in message.items()]
        parts += [part.get_content() for part in message.walk() if part.get_content_maintype() == "text"]
        return "\n".join(parts)

    def everything(self) -> str:
        """All that arrived, decoded and raw: what a check for leaked text must search."""
        return "\n".join([self.text(m) for m in self.messages] + [r.decode("utf-8", "replace") for r in self.raw])


class _Handler:
    def __init__(self, mailbox: Mailbox):
        self.mailbox = mailbox

    async def handle_DATA(self, server, session, envelope):
        with self.mailbox.lock:
            if self.mailbox.refuse:
                self.mailbox.refuse -= 1
                return "451 Try again later"
            self.mailbox.raw.append(envelope.original_content or envelope.content)
            self.mailbox.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 Message accepted for delivery"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp(settings):
    """A real SMTP server on a free port of loopback, and Django's mail settings pointing at it."""
    port = _free_port()
    mailbox = Mailbox(port=port)
    controller = Controller(_Handler(mailbox), hostname="127.0.0.1", port=port)
    controller.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 10},
        }
    }
    settings.CASEQUALITY_BASE_URL = "https://casequality.example.gov.uk"
    yield mailbox
    controller.stop()


def with_addresses(cast):
    for user in (cast.cm_a, cast.cm_b, cast.cm_c, cast.tm_north, cast.tm_south, cast.qa_lead):
        user.email = f"{user.username}@yjs.example.gov.uk"
        user.save(update_fields=["email"])
    return cast


def hostile(case: Case) -> Case:
    """The case's child renamed, and its findings' messages made to quote the record."""
    Case.objects.filter(pk=case.pk).update(child_name=HOSTILE_NAME)
    Finding.objects.filter(case=case).update(message=HOSTILE_MESSAGE)
    case.refresh_from_db()
    return case


def opened_today(finding: Finding) -> Finding:
    Finding.objects.filter(pk=finding.pk).update(opened_on=timezone.localdate())
    return finding


def days(n: int):
    return timezone.localdate() + timedelta(days=n)
