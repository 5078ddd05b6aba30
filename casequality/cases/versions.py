"""What a form that adds something was based on (decision 0031).

Forms that change something existing carry its version (countersign, settings, notes,
manager entries: web/forms.py's `VersionedForm`). Forms that add a record of their own (a
self-audit, a supervision sample, a plan's action, update or comment) carry what their
page showed of the records of that kind: a count, with the thing's own version where it
has one. The view compares it under a lock on the row the new record hangs on, so the
same form sent twice (a double click, a resent POST, two tabs) is saved once, and a POST
without it is refused, never applied.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Model, QuerySet
from django.http import HttpRequest

MISSING = (
    "Nothing was saved: the form did not say what the page you sent it from showed. "
    "Check the page below, then send it again"
)
CHANGED = (
    "Nothing was saved: {what} changed since you opened the page (was the form sent twice?). "
    "Check the page below, then send it again if it is still needed"
)


def counted(queryset: QuerySet[Any], *parts: object) -> str:
    """A version made of `parts` and the number of rows of `queryset`."""
    return ".".join([*(str(p) for p in parts), str(queryset.count())])


def lock(model: type[Model], pk: int | None) -> None:
    """Lock one row until the transaction ends (SQLite's transactions here take the write lock)."""
    if pk is not None:
        list(model._default_manager.select_for_update().filter(pk=pk).values_list("pk", flat=True))


def refusal(request: HttpRequest, current: str, what: str) -> str | None:
    """The message refusing the POST, or None if it was based on `current`."""
    sent = request.POST.get("version", "")
    if not sent:
        return MISSING
    if sent != current:
        return CHANGED.format(what=what)
    return None
