"""The one root of errors whose message is meant for the person who caused them, and the
two answers every layer gives to a failure that is not theirs (decision 0029).

A command prints such an error's message and exits 1; a page shows it in an error summary.
Anything else that is raised is a bug and is handled as one.

`database_busy(error)` tells a database busy with other work (a lock or statement
timeout, SQLite's "database is locked") from a broken one: the pages, the API and the
command answer it with "try again", never as a bug. `problem_response` is an API error
as RFC 9457 problem details (`application/problem+json`), whichever layer gives it.
"""

from __future__ import annotations

import json
from http import HTTPStatus
from typing import Any

# How long a page, the API or a command asks to wait before trying again (Retry-After).
RETRY_AFTER_SECONDS = 30

# What SQLite and PostgreSQL say when a statement waited too long for another's lock or
# ran past its statement timeout (PostgreSQL: "canceling statement due to lock timeout",
# "... due to statement timeout"; a lock held by an idle transaction that is ended says
# "terminating connection due to idle-in-transaction timeout").
BUSY_MESSAGES = ("database is locked", "database table is locked", "lock timeout", "statement timeout")


class CasequalityError(Exception):
    """An error a user can act on: its message says what is wrong and where."""


def database_busy(error: BaseException | None) -> bool:
    """Whether `error` (or what caused it) says the database was busy with other work,
    not that it is broken."""
    from django.db import OperationalError

    seen = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        if isinstance(error, OperationalError) and any(m in str(error).lower() for m in BUSY_MESSAGES):
            return True
        # Django re-raises some database errors as its own (a session it could not save
        # becomes SessionInterrupted, a 400): the busy database is then their context.
        error = error.__cause__ or error.__context__
    return False


PROBLEM_JSON = "application/problem+json"


def problem_body(status: int, detail: str, **members: Any) -> dict[str, Any]:
    """RFC 9457 problem details: `type` about:blank (the status says what kind), `title`
    the status's phrase, `status`, `detail` what went wrong this time, and any extension
    members (`problems`)."""
    return {"type": "about:blank", "title": HTTPStatus(status).phrase, "status": status, "detail": detail, **members}


def problem_response(status: int, detail: str, *, headers: dict[str, str] | None = None, **members: Any):
    """An HttpResponse carrying `problem_body(...)` as application/problem+json."""
    from django.http import HttpResponse

    response = HttpResponse(
        json.dumps(problem_body(status, detail, **members)), status=status, content_type=PROBLEM_JSON
    )
    for name, value in (headers or {}).items():
        response[name] = value
    return response
