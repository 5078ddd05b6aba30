"""Cursor paging over a monotonic key, for every feed of the API (findings, acts, ...).

A cursor is opaque to the client: the base64 of `{"feed": NAME, "after": KEY}`, where
KEY is the last key the client has been given. A page is the rows whose key is greater,
in key order, at most `limit` of them; because the key only grows as rows are added or
changed, asking again with the same cursor later gives exactly what came after it.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000


class CursorError(ValueError):
    """A cursor this feed did not hand out."""


def cursor_encode(feed: str, after: int) -> str:
    raw = json.dumps({"feed": feed, "after": after}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def cursor_decode(feed: str, cursor: str | None) -> int:
    """The key a cursor of `feed` stands after (0: the start). Raises CursorError."""
    if cursor is None or cursor == "":
        return 0
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        value = json.loads(raw)
    except (binascii.Error, ValueError):
        raise CursorError("is not a cursor this API gave out") from None
    if not isinstance(value, dict) or value.get("feed") != feed:
        raise CursorError(f"is not a cursor of {feed}")
    after = value.get("after")
    if isinstance(after, bool) or not isinstance(after, int) or after < 0:
        raise CursorError("is not a cursor this API gave out")
    return after


@dataclass
class Page:
    """One page of a feed: its rows, the cursor of the next page (None at the end for
    now) and the cursor to ask with later for what comes after this page."""

    rows: list[Any]
    next: str | None
    since: str


def page_after(
    queryset: QuerySet, *, feed: str, after: int, limit: int, key: str = "id", horizon: int | None = None
) -> Page:
    """The rows of `queryset` with `key` > `after` (and < `horizon`, if given), in key order.

    One query: `limit` + 1 rows are read to know whether another page follows.
    """
    rows = queryset.filter(**{f"{key}__gt": after})
    if horizon is not None:
        rows = rows.filter(**{f"{key}__lt": horizon})
    found = list(rows.order_by(key)[: limit + 1])
    more = len(found) > limit
    found = found[:limit]
    last = getattr(found[-1], key) if found else after
    return Page(rows=found, next=cursor_encode(feed, last) if more else None, since=cursor_encode(feed, last))


def page_json(page: Page, convert: Callable[[Any], dict]) -> dict:
    """The page as the API answers it."""
    return {"results": [convert(row) for row in page.rows], "next": page.next, "since": page.since}
