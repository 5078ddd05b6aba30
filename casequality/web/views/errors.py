"""The page for an error the server could not handle, and its one expected kind: a busy database.

On SQLite one writer works at a time: while a large import holds the database, a page that
must write (its session, its access-log entry) waits `timeout` seconds and then fails with
"database is locked". That is not a fault of the page: it answers 503 with a page that says
to try again shortly (and `Retry-After`), never a 500. On PostgreSQL the same goes for a
statement stopped by a lock or statement timeout.
"""
from __future__ import annotations

import sys

from django.db import OperationalError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views import defaults

BUSY_MESSAGES = ("database is locked", "database table is locked", "lock timeout", "statement timeout")
RETRY_AFTER_SECONDS = 30


def database_busy(error: BaseException | None) -> bool:
    """Whether `error` says the database was busy with other work (not that it is broken)."""
    seen = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        if isinstance(error, OperationalError) and any(m in str(error).lower() for m in BUSY_MESSAGES):
            return True
        # Django re-raises some database errors as its own (a session it could not save
        # becomes SessionInterrupted, a 400): the busy database is then their context.
        error = error.__cause__ or error.__context__
    return False


def _busy(request: HttpRequest) -> HttpResponse:
    response = render(request, "503.html", {"retry_after": RETRY_AFTER_SECONDS}, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """Django's handler400: a session the busy database could not save is a 503, not a 400."""
    if database_busy(exception):
        return _busy(request)
    return defaults.bad_request(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    """Django's handler500: 503 "try again" while the database is busy, else the 500 page."""
    if database_busy(sys.exc_info()[1]):
        return _busy(request)
    return defaults.server_error(request)
