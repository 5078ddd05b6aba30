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
    while error is not None:
        if isinstance(error, OperationalError) and any(m in str(error).lower() for m in BUSY_MESSAGES):
            return True
        error = error.__cause__
    return False


def server_error(request: HttpRequest) -> HttpResponse:
    """Django's handler500: 503 "try again" while the database is busy, else the 500 page."""
    if database_busy(sys.exc_info()[1]):
        response = render(request, "503.html", {"retry_after": RETRY_AFTER_SECONDS}, status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return defaults.server_error(request)
