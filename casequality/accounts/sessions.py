"""The session engine: Django's database sessions, each request's session read by one plain
statement (decision 0064).

Every signed-in request loads its session before anything else; Django's engine builds and
compiles a queryset for it on each request, about as much CPU as the read of the user that
data/signed_in.py made plain. `SessionStore.load` reads the row by its key in plain SQL
(`session_row`; `session_row_orm` is its twin, held equal by tests/accounts/test_sessions.py
on SQLite and PostgreSQL). A session that is missing or expired goes Django's own way
(`super().load()`): it forgets the key, so a key a browser made up is never saved, and
logs what Django logs. Writes, expiry and clearing are Django's.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.db import router
from django.db.models import QuerySet
from django.utils import timezone

from casequality.data.reads import fetch_rows, row_converters

_COLUMNS = ("session_data", "expire_date")


def session_row(session_key: str, *, using: str = "default") -> tuple[str, datetime] | None:
    """(session_data, expire_date) of the session `session_key`, expired or not; None if none."""
    model = SessionStore.get_model_class()
    table = model._meta.db_table
    sql = f'SELECT "session_data", "expire_date" FROM "{table}" WHERE "session_key" = %s'
    # Planned once a connection (data.planned, decision 0068): every signed-in request reads it.
    rows = fetch_rows(sql, [session_key], row_converters(model._meta.label, _COLUMNS), using, planned=True)
    return (rows[0][0], rows[0][1]) if rows else None


def session_row_orm(session_key: str, *, using: str = "default") -> QuerySet[Any, Any]:
    """`session_row`'s twin."""
    return (
        SessionStore.get_model_class()
        ._default_manager.using(using)
        .filter(session_key=session_key)
        .values_list(*_COLUMNS)
    )


class SessionStore(DatabaseSessionStore):
    def load(self) -> dict[str, Any]:
        using = router.db_for_read(self.get_model_class())
        row = session_row(self.session_key, using=using) if self.session_key else None
        if row is None or row[1] <= timezone.now():
            return super().load()
        return self.decode(row[0])
