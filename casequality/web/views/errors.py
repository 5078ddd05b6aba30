"""The page for an error the server could not handle, and its one expected kind: a busy database.

While an import or a sweep holds what a request needs, the request's statement waits at
most its lock timeout (PostgreSQL; SQLite's busy timeout), then fails (settings,
CASEQUALITY_LOCK_TIMEOUT_WEB; docs/operating.md, "Timeouts"). That is not a fault of
the page: it answers 503 with `Retry-After`, never a 500, and says only what is known
(decision 0029):
- raised while the view ran, a change the request asked for was not saved: every write is
  one transaction (`services.py`), and the failure rolled it back;
- raised after the view (Django saving the session, a 400 with the busy database as its
  cause), the view's change may have been saved: the page says so, and to look first.
A request to the API gets the same answers as problem details (application/problem+json).
"""

from __future__ import annotations

import sys

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views import defaults

from casequality.errors import RETRY_AFTER_SECONDS, database_busy, problem_response

__all__ = ["RETRY_AFTER_SECONDS", "bad_request", "database_busy", "server_error"]

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def _api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def _busy(request: HttpRequest, *, after_view: bool) -> HttpResponse:
    changed = request.method not in SAFE_METHODS
    saved = "maybe" if changed and after_view else ("no" if changed else "nothing")
    headers = {"Retry-After": str(RETRY_AFTER_SECONDS)}
    if _api(request):
        detail = {
            "no": "The database was busy with other work: nothing of this request was saved.",
            "maybe": "The database was busy with other work after the request was carried out: it may have been "
            "saved. Read it back before sending it again.",
            "nothing": "The database was busy with other work.",
        }[saved]
        return problem_response(503, f"{detail} Try again in {RETRY_AFTER_SECONDS} seconds.", headers=headers)
    response = render(request, "503.html", {"retry_after": RETRY_AFTER_SECONDS, "saved": saved}, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Django's handler400: a session the busy database could not save is a 503, not a 400
    (the view had already run: what it did may have been saved)."""
    if database_busy(exception):
        return _busy(request, after_view=True)
    if _api(request):
        return problem_response(400, "The request could not be understood.")
    return defaults.bad_request(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    """Django's handler500: 503 "try again" while the database is busy, else the 500 page."""
    if database_busy(sys.exc_info()[1]):
        return _busy(request, after_view=False)
    if _api(request):
        return problem_response(500, "The server failed to answer this request; it has been logged.")
    return defaults.server_error(request)
