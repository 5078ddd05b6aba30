"""Statements PostgreSQL plans once a connection: the few hot reads whose planning costs more
than their run (decision 0068).

Django binds a statement's values on the client (its default cursor, psycopg's
ClientCursor), so PostgreSQL parses and plans every statement it is sent, on every request.
For a team manager's Today that planning was 1.2 ms of the statement's 3 ms of backend CPU:
dozens of joins and sub-plans planned again for a few dozen rows. `fetch_planned` sends such
a statement as a prepared statement instead (psycopg's server-side binding with
`prepare=True`: the extended protocol's Parse once a connection, then Bind and Execute), and
the settings ask PostgreSQL for the statement's generic plan (`plan_cache_mode =
force_generic_plan` on each connection, casequality/settings.py): planned once a connection,
with the values as parameters, and the plan kept for every later run whatever the values.

Only a statement measured to gain is read so, because a generic plan does not see the values:
a QA lead's Today, planned for one service's thousands of actions, ran twice as long with
its generic plan and is not read here. Django's cursors bind on the client and prepare
nothing, so the setting reaches no other statement of the product (PL/pgSQL's statements in
the triggers take their generic plan after their fifth run already). The settings give
psycopg a prepare threshold (Django turns it off; psycopg prepares nothing without one), which
only a cursor that binds on the server reads. Where the settings ask for server-side binding
(`OPTIONS["server_side_binding"]`), every cursor of Django's would read it, so neither is set
and the statements here are planned on every run, as any other.

The rows are the plain cursor's: tests hold them equal to the ORM twin of each statement read
here, on SQLite and PostgreSQL (they run here too), and show the plan kept on PostgreSQL
(tests/data/test_planned.py). On SQLite, or on another database, the statement is run as any
other. Only public API: Django's connection (`cursor()`, `make_cursor`, `make_debug_cursor`,
`queries_logged`) and psycopg's (`Cursor`, `execute(prepare=True)`). Behind PgBouncer in
transaction mode (1.21 or later keeps prepared statements), the connection's options do not
pass: set the plan cache mode on the database role (docs/operating.md).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from contextlib import ExitStack
from typing import Any

import psycopg
from django.db import connections

# A constant of the code as it may be written into a statement's text: letters, digits and
# `_ , . -` (a rule's id, an owner, an order's type, a risk level, a role).
_PLAIN = re.compile(r"[A-Za-z0-9_,.-]+")


def constants(values: Iterable[str]) -> str:
    """`('TM', 'CM,TM')`: constants of the code (never a person's input) written into a
    statement as literals, for an IN; `(NULL)` for none. A generic plan sees no parameter's
    value, so a partial index whose predicate names a rule or an owner (standards'
    finding_tm_queue: `owner IN ('TM', 'CM,TM') AND rule <> 'OVS-002'`) serves a statement
    planned once only where the statement names the value itself: with the rulebook's values
    as parameters a QA lead's queue planned once ran ten times as long. Refuses anything but
    plain words (ValueError), so nothing can be written into the text that is not a word."""
    words = list(values)
    for word in words:
        if not isinstance(word, str) or not _PLAIN.fullmatch(word):
            raise ValueError(f"not a constant to write into a statement: {word!r}")
    return "(" + ", ".join(f"'{word}'" for word in words) + ")" if words else "(NULL)"


def constant(value: str) -> str:
    """One constant of the code as a literal (`'OVS-001'`), as `constants` writes them."""
    return constants([value])[1:-1]


class PreparingCursor(psycopg.Cursor[tuple[Any, ...]]):
    """psycopg's cursor with server-side binding, that prepares each statement it runs."""

    def execute(
        self, query: Any, params: Any = None, *, prepare: bool | None = None, binary: bool | None = None
    ) -> Any:
        return super().execute(query, params, prepare=True, binary=binary)


def _cursor(connection: Any) -> Any:
    """A cursor that prepares what it runs, wrapped as Django wraps its own: its errors, its
    thread check and, when queries are logged (DEBUG, the tests' query counts), its log.
    django-stubs type make_cursor's argument as Django's wrapper; Django passes the
    driver's cursor, as here."""
    connection.ensure_connection()
    wrap = connection.make_debug_cursor if connection.queries_logged else connection.make_cursor
    return wrap(PreparingCursor(connection.connection))


def fetch_planned(sql: str, params: Sequence[Any], using: str = "default") -> list[tuple[Any, ...]]:
    """Every row of `sql` (one statement, `%s` placeholders), as a cursor's fetchall() gives
    them; on PostgreSQL as a prepared statement, planned once a connection."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return list(cursor.fetchall())
    with _cursor(connection) as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def fetch_planned_sets(
    statements: Sequence[tuple[str, Sequence[Any]]], using: str = "default"
) -> list[list[tuple[Any, ...]]]:
    """Every row of each (sql, params), as `fetch_planned` gives them; on PostgreSQL sent
    together in one round trip (psycopg's pipeline mode: each statement's Bind and Execute,
    and its Parse the first time on the connection, then one Sync), each planned once a
    connection. The case page's eleven reads, measured alone: 2.3 ms of CPU (client and
    server) one at a time, 1.3 ms as one text planned each time, 0.8 ms so. On SQLite one at
    a time."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return [fetch_planned(sql, params, using) for sql, params in statements]
    with ExitStack() as opened:  # every cursor closed, whether or not a statement failed
        cursors = [opened.enter_context(_cursor(connection)) for _ in statements]
        # The statements' errors come when the pipeline is synced, out of the cursors' own
        # wrapping: Django's wraps them there too.
        with connection.wrap_database_errors, connection.connection.pipeline():
            for cursor, (sql, params) in zip(cursors, statements, strict=True):
                cursor.execute(sql, params)
        return [list(cursor.fetchall()) for cursor in cursors]
