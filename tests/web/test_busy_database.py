"""While an import holds the database, a page answers 503 "try again", never a 500."""
from __future__ import annotations

import sqlite3

from django.db import OperationalError

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
                raise UpdateError
        except UpdateError:
            raise SessionInterrupted("The request's session was deleted before the request completed.")
    except SessionInterrupted as interrupted:
        response = bad_request(request, interrupted)
    assert response.status_code == 503
