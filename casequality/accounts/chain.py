"""The access log's hash chain: what an entry's hash covers, and the walk that checks it.

An entry's hash is SHA-256 over the previous entry's hash and the entry's canonical
content (every field but its own hash, as sorted JSON with the time in UTC). Changing any
field of a row, removing a row or inserting one breaks the chain at that row or the next.
The chain starts from an anchor: "" at the beginning, or the hash of the last entry a
retention run removed (AccessLogChain.anchor_hash).
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timezone as dt_timezone
from typing import Any, Iterable

# The fields the hash covers, in the order they are read for the walk.
HASHED_FIELDS = (
    "seq", "at", "actor_id", "actor_name", "role", "client_address", "verb", "service_id",
    "case_id", "case_ref", "case_refs", "target", "payload",
)


def hashed_fields(entry: Any) -> dict[str, Any]:
    """The hashed fields of an AccessLogEntry instance (what `values(*HASHED_FIELDS)` gives)."""
    return {name: getattr(entry, name) for name in HASHED_FIELDS}


def canonical_content(fields: dict[str, Any]) -> str:
    """The entry's fields as one string: sorted JSON, the time in UTC to the microsecond."""
    content = {name: fields[name] for name in HASHED_FIELDS}
    at: datetime = content["at"]
    content["at"] = at.astimezone(dt_timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def entry_hash(prev_hash: str, fields: dict[str, Any]) -> str:
    return hashlib.sha256((prev_hash + "\n" + canonical_content(fields)).encode()).hexdigest()


@dataclass(frozen=True)
class ChainBreak:
    """The first entry that does not fit, and why."""

    entry_id: int | None
    seq: int | None
    reason: str

    def __str__(self) -> str:
        where = f"entry {self.entry_id} (number {self.seq} in the chain)" if self.entry_id else "the chain's head"
        return f"{where}: {self.reason}"


def chain_walk(rows: Iterable[dict[str, Any]], *, anchor_seq: int, anchor_hash: str,
               head_seq: int, head_hash: str) -> tuple[int, ChainBreak | None]:
    """Walk the entries in `seq` order from the anchor. Returns (entries checked, first break).

    `head_seq`/`head_hash` are what the last writer recorded: a chain whose last rows were
    removed ends short of them.
    """
    expected_seq, prev = anchor_seq + 1, anchor_hash
    checked = 0
    for row in rows:
        if row["seq"] != expected_seq:
            return checked, ChainBreak(row["id"], row["seq"],
                                       f"expected number {expected_seq} in the chain: entries are missing")
        if row["prev_hash"] != prev:
            return checked, ChainBreak(row["id"], row["seq"], "its previous hash is not the hash of the entry before it")
        if entry_hash(prev, row) != row["hash"]:
            return checked, ChainBreak(row["id"], row["seq"], "its content does not match its hash (it was changed)")
        prev, expected_seq = row["hash"], expected_seq + 1
        checked += 1
    if (expected_seq - 1, prev) != (head_seq, head_hash):
        return checked, ChainBreak(None, head_seq,
                                   f"the chain ends at number {expected_seq - 1} but its head records {head_seq}: "
                                   "the last entries are missing or changed")
    return checked, None


def access_log_verify(*, batch_size: int = 2000) -> tuple[int, ChainBreak | None]:
    """Walk the stored access log from its anchor to its head (reads only, in `seq` order)."""
    from casequality.accounts.models import AccessLogChain, AccessLogEntry

    head = AccessLogChain.objects.filter(pk=1).first() or AccessLogChain(seq=0, hash="")
    rows = AccessLogEntry.objects.order_by("seq").values("id", "prev_hash", "hash", *HASHED_FIELDS)
    return chain_walk(rows.iterator(chunk_size=batch_size), anchor_seq=head.anchor_seq,
                      anchor_hash=head.anchor_hash, head_seq=head.seq, head_hash=head.hash)
