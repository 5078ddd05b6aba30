"""The schedule end to end: `casequality beat` asks at the time set, a real worker on RabbitMQ
enqueues each person's digest through the outbox, and the email reaches a real SMTP server;
asked again the same day, nothing more is sent.

The processes share the test's PostgreSQL database (on SQLite, an in-memory test database
cannot be shared: skipped there). They keep the machine's clock, not the suite's pinned day.
"""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection

from casequality.notifications.schedule import DIGEST_MESSAGE
from casequality.tasks.worker import app
from tests.notifications.test_digest import caseload  # noqa: F401 - the fixture
from tests.tasks.conftest import broker_url, migrated_sqlite, site  # noqa: F401 - the fixtures

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the workers share the test's database: PostgreSQL only"
)


def _next_minute() -> str:
    """A minute from now, or two when the next begins within 15 seconds (London time, HH:MM), by
    the machine's clock that beat keeps (the suite's is pinned)."""
    now = time_machine.escape_hatch.datetime.datetime.now(ZoneInfo("Europe/London"))
    at = (now + timedelta(minutes=1 if now.second < 45 else 2)).replace(second=0)
    return at.strftime("%H:%M")


def _sent(place) -> int:
    return place.query("SELECT count(*) FROM notifications_sentemail WHERE kind = 'digest' AND state = 'sent'")[0][0]


def _mail_env(smtp) -> dict[str, str]:
    return {
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp.port),
        "CASEQUALITY_BASE_URL": "https://casequality.example.gov.uk",
    }


def _digest_tasks_done(place, count: int) -> None:
    place.wait_for(
        "SELECT 1 FROM tasks_taskrun WHERE task_path LIKE '%%digest_send' AND status = 'SUCCESSFUL' "
        f"HAVING count(*) >= {count}",
        what=f"{count} digest tasks",
    )
    # Each email goes after its task's commit: wait until none is still being sent.
    place.wait_for(
        "SELECT 1 FROM notifications_sentemail WHERE state <> 'sending' HAVING count(*) = "
        "(SELECT count(*) FROM notifications_sentemail)",
        what="the emails sent",
    )


def test_beat_sends_the_digest_through_a_worker_once_a_day(site, caseload, smtp):  # noqa: F811
    people = 6  # the cast's case managers, team managers and QA lead, each with an address
    site.worker(**_mail_env(smtp))
    site.start(
        "beat",
        "--schedule-file",
        str(site.tmp_path / "beat-schedule"),
        **_mail_env(smtp),
        CASEQUALITY_DIGEST_TIME=_next_minute(),
        CASEQUALITY_DIGEST_DAYS="*",
    )
    _digest_tasks_done(site, people)
    first = sorted(m["To"] for m in smtp.messages)
    assert "cm_a@yjs.example.gov.uk" in first
    assert _sent(site) == len(first)
    with app.connection_for_write(site.broker_url) as conn:
        app.send_task(DIGEST_MESSAGE, queue=site.queue, connection=conn)  # beat's message, again
    _digest_tasks_done(site, 2 * people)
    assert sorted(m["To"] for m in smtp.messages) == first
