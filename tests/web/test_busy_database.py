"""While an import holds the database, a page answers 503 "try again", never a 500."""

from __future__ import annotations

import sqlite3
import threading

import psycopg
import pytest
from django.db import OperationalError, connection

from casequality.cases.selectors import subject_state
from casequality.standards.models import Finding
from casequality.web.views.errors import database_busy, server_error


def raised(error: Exception):
    """Call Django's 500 handler as Django does: inside the `except` of the error."""

    def handle(request):
        try:
            raise error
        except Exception:  # noqa: BLE001 - the handler reads sys.exc_info()
            return server_error(request)

    return handle


def test_a_locked_sqlite_database_is_recognised_as_busy(tmp_path):
    path = tmp_path / "busy.sqlite3"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("CREATE TABLE t (x)")
    holder.execute("BEGIN IMMEDIATE")
    waiter = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        waiter.execute("INSERT INTO t VALUES (1)")
    except sqlite3.OperationalError as locked:
        wrapped = OperationalError(*locked.args)
        wrapped.__cause__ = locked
        assert database_busy(wrapped)
    else:
        raise AssertionError("the second writer was not refused")
    finally:
        holder.execute("ROLLBACK")


def test_a_page_that_finds_the_database_busy_answers_503_with_retry_after(rf, cast):
    request = rf.get("/cases/")
    request.user = cast.cm_a
    response = raised(OperationalError("database is locked"))(request)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "Try again in 30 seconds" in response.content.decode()


def test_any_other_server_error_is_still_a_500(rf, cast):
    request = rf.get("/cases/")
    request.user = cast.cm_a
    assert raised(OperationalError("no such table: cases_case"))(request).status_code == 500


def test_a_session_the_busy_database_could_not_save_answers_503_not_400(rf, cast):
    from django.contrib.sessions.backends.base import UpdateError
    from django.contrib.sessions.exceptions import SessionInterrupted

    from casequality.web.views.errors import bad_request

    request = rf.get("/cases/")
    request.user = cast.cm_a
    try:  # as Django's session middleware raises it when the save fails
        try:
            try:
                raise OperationalError("database is locked")
            except OperationalError:
                raise UpdateError  # noqa: B904 (as Django raises it: the cause is only the context)
        except UpdateError:
            raise SessionInterrupted(  # noqa: B904 (as Django raises it)
                "The request's session was deleted before the request completed."
            )
    except SessionInterrupted as interrupted:
        response = bad_request(request, interrupted)
    assert response.status_code == 503


def test_a_form_sent_while_the_database_is_busy_answers_503_saying_it_was_not_saved(rf, cast):
    request = rf.post("/oversight/N-0001/assessment/A1/", {"outcome": "approved"})
    request.user = cast.tm_north
    response = raised(OperationalError("canceling statement due to lock timeout"))(request)

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    html = response.content.decode()
    assert "What you sent was not saved." in html
    assert "has been lost" not in html


def test_a_session_the_busy_database_could_not_save_after_a_form_says_it_may_have_been_saved(rf, cast):
    from django.contrib.sessions.exceptions import SessionInterrupted

    from casequality.web.views.errors import bad_request

    request = rf.post("/oversight/N-0001/assessment/A1/", {"outcome": "approved"})
    request.user = cast.tm_north
    try:  # Django's session middleware saves the session after the view has run
        try:
            raise OperationalError("database is locked")
        except OperationalError:
            raise SessionInterrupted(  # noqa: B904 (as Django raises it: the cause is only the context)
                "The request's session was deleted before the request completed."
            )
    except SessionInterrupted as interrupted:
        response = bad_request(request, interrupted)

    assert response.status_code == 503
    assert "What you sent may have been saved." in response.content.decode()


def test_an_api_request_that_meets_a_busy_database_before_the_api_answers_problem_details(rf):
    response = raised(OperationalError("database is locked"))(rf.get("/api/v1/findings"))

    assert (response.status_code, response["Content-Type"]) == (503, "application/problem+json")
    assert response["Retry-After"] == "30"


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the web's lock timeout is PostgreSQL's (SQLite: busy timeout)"
)
def test_a_web_connection_has_the_web_lock_statement_and_idle_timeouts(db, tmp_path):
    # In a process of its own with the production settings, as a gunicorn worker starts
    # (the suite's own connection has no idle timeout: tests/settings.py).
    import os
    import subprocess
    import sys

    settings_dict = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "casequality.settings",
        "CASEQUALITY_DEMO": "true",
        "DATABASE_URL": f"postgres://{settings_dict['USER']}@{settings_dict['HOST']}:{settings_dict['PORT']}/"
        f"{settings_dict['NAME']}",
    }
    env.pop("CASEQUALITY_DB_CONTEXT", None)
    show = (
        "import django; django.setup()\n"
        "from django.db import connection\n"
        "c = connection.cursor()\n"
        "print(*[c.execute(f'SHOW {n}').fetchone()[0] for n in "
        "('lock_timeout', 'statement_timeout', 'idle_in_transaction_session_timeout')])"
    )
    result = subprocess.run(
        [sys.executable, "-c", show], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=300
    )

    assert result.stdout.split() == ["5s", "20s", "5min"], result.stderr


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a lock held by another connection: PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_a_countersignature_waiting_on_a_lock_answers_503_within_the_lock_timeout_and_is_not_saved(client, world):
    from casequality.cases.models import Act

    client.force_login(world.cast.tm_north)
    version = subject_state(case=world.cases["N-0001"], subject_type="assessment", ref="A1").version
    # A1 has Musts open: approving it is confirmed (decision 0049), so the post reaches the write.
    musts = Finding.objects.filter(
        case=world.cases["N-0001"], subject="A1", kind="finding", severity="must", resolved_on__isnull=True
    ).exclude(rule__startswith="OVS-")
    confirm = ",".join(str(f.pk) for f in musts)
    client.raise_request_exception = False  # as a server answers: through handler500
    params = connection.get_connection_params()
    with psycopg.connect(
        **{k: v for k, v in params.items() if k in ("dbname", "user", "password", "host", "port")}, autocommit=False
    ) as holder:
        # A stalled import holding the acts table; the safety timer ends it should the page wait for ever.
        holder.execute("LOCK TABLE cases_act IN SHARE ROW EXCLUSIVE MODE")
        safety = threading.Timer(120, holder.rollback)
        safety.start()
        try:
            response = client.post(
                "/oversight/N-0001/assessment/A1/", {"version": version, "outcome": "approved", "confirm_open": confirm}
            )
        finally:
            safety.cancel()
            holder.rollback()

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "What you sent was not saved." in response.content.decode()
    assert not Act.objects.filter(case=world.cases["N-0001"], subject_ref="A1").exists()
