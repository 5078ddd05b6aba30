"""The access log's keyed hash chain, its signed checkpoints, and the walk that checks them.

An entry's hash is HMAC-SHA-256, keyed with a key derived from
`settings.CASEQUALITY_ACCESS_LOG_KEY` (from the environment, never stored in the database),
over the previous entry's hash and the entry's canonical content (every field but its own
hash, as sorted JSON with the time in UTC). Whoever can write to the database but does not
hold the key can change, remove, insert or rehash no entry without `access-log verify`
finding it: a new hash needs the key.

The chain starts from an anchor: "" at the beginning, or the hash of the last entry a
retention run removed (AccessLogChain.anchor_*). The anchor and the chain's head live in
the database, so they are vouched for by signed checkpoints (AccessLogCheckpoint): each
signs, with the same key, a position of the chain (number and hash) and the anchor of the
moment. `casequality access-log checkpoint` writes one (hourly, from cron), and every
retention run writes one after it moves the anchor. The verifier requires the anchor to be
the one the newest checkpoint signed and the chain to reach and match every checkpoint's
position. What remains possible without the key: removing the newest entries written
since the last checkpoint and moving the head back (docs/security.md).

Entries written before the key existed (before migration accounts 0005) were plain
SHA-256. That migration writes a first checkpoint of kind "key" signing the head of the
moment as `plain_through`: entries up to that number are checked as before (plain SHA-256,
and the checkpoint fixes the hash they must end at), every later one must be keyed.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

# The fields the hash covers, in the order they are read for the walk.
HASHED_FIELDS = (
    "seq",
    "at",
    "actor_id",
    "actor_name",
    "role",
    "client_address",
    "verb",
    "service_id",
    "case_id",
    "case_ref",
    "case_refs",
    "target",
    "payload",
)

# The fields a checkpoint's signature covers.
SIGNED_FIELDS = ("at", "kind", "seq", "hash", "anchor_seq", "anchor_hash", "plain_through")


def hashed_fields(entry: Any) -> dict[str, Any]:
    """The hashed fields of an AccessLogEntry instance (what `values(*HASHED_FIELDS)` gives)."""
    return {name: getattr(entry, name) for name in HASHED_FIELDS}


def _utc(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical_content(fields: dict[str, Any]) -> str:
    """The entry's fields as one string: sorted JSON, the time in UTC to the microsecond."""
    content = {name: fields[name] for name in HASHED_FIELDS}
    content["at"] = _utc(content["at"])
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _key(purpose: str) -> bytes:
    """A key for one purpose, derived from the access log's key (HMAC of the purpose's name),
    so that no entry's hash can be passed off as a checkpoint's signature."""
    from django.conf import settings

    secret = getattr(settings, "CASEQUALITY_ACCESS_LOG_KEY", "")
    if not secret:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("Set CASEQUALITY_ACCESS_LOG_KEY: the access log's key (docs/operating.md)")
    return hmac.new(secret.encode(), f"casequality access log: {purpose}".encode(), hashlib.sha256).digest()


def entry_hash(prev_hash: str, fields: dict[str, Any]) -> str:
    """The entry's keyed hash: HMAC-SHA-256 over the previous hash and the canonical content."""
    message = (prev_hash + "\n" + canonical_content(fields)).encode()
    return hmac.new(_key("entries"), message, hashlib.sha256).hexdigest()


def plain_entry_hash(prev_hash: str, fields: dict[str, Any]) -> str:
    """The hash of an entry written before the key (migration accounts 0003): plain SHA-256."""
    return hashlib.sha256((prev_hash + "\n" + canonical_content(fields)).encode()).hexdigest()


def checkpoint_signature(fields: dict[str, Any]) -> str:
    """A checkpoint's signature: HMAC-SHA-256 over its signed fields as sorted JSON."""
    content = {name: fields[name] for name in SIGNED_FIELDS}
    content["at"] = _utc(content["at"])
    message = json.dumps(content, sort_keys=True, separators=(",", ":")).encode()
    return hmac.new(_key("checkpoints"), message, hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class ChainBreak:
    """The first place that does not fit, and why."""

    entry_id: int | None
    seq: int | None
    reason: str
    checkpoint_id: int | None = None

    def __str__(self) -> str:
        if self.entry_id:
            where = f"entry {self.entry_id} (number {self.seq} in the chain)"
        elif self.checkpoint_id:
            where = f"checkpoint {self.checkpoint_id}"
        else:
            where = "the chain's head"
        return f"{where}: {self.reason}"


@dataclass(frozen=True)
class Checkpoint:
    """What the walk needs of a stored checkpoint."""

    id: int
    at: datetime
    kind: str
    seq: int
    hash: str
    anchor_seq: int
    anchor_hash: str
    plain_through: int
    signature: str

    def fields(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in SIGNED_FIELDS}

    def label(self) -> str:
        return f"checkpoint {self.id} ({self.kind}, {_utc(self.at)[:19]}Z)"


def chain_walk(
    rows: Iterable[dict[str, Any]],
    *,
    anchor_seq: int,
    anchor_hash: str,
    head_seq: int,
    head_hash: str,
    checkpoints: Iterable[Checkpoint] = (),
) -> tuple[int, ChainBreak | None]:
    """Walk the entries in `seq` order from the anchor. Returns (entries checked, first break).

    `head_seq`/`head_hash` are what the last writer recorded: a chain whose last rows were
    removed ends short of them. `checkpoints` are the stored checkpoints, oldest first: each
    must be signed with this install's key, the newest must have signed today's anchor, and
    the chain must pass through every position they signed (after the anchor).
    """
    checkpoints = list(checkpoints)
    for checkpoint in checkpoints:
        if not hmac.compare_digest(checkpoint.signature, checkpoint_signature(checkpoint.fields())):
            return 0, ChainBreak(
                None,
                checkpoint.seq,
                f"{checkpoint.label()} is not signed with this install's "
                "access-log key: it was forged or changed (or CASEQUALITY_ACCESS_LOG_KEY "
                "is not the key the log was written with)",
                checkpoint.id,
            )
    plain_through = 0
    if checkpoints:
        newest = checkpoints[-1]
        if (anchor_seq, anchor_hash) != (newest.anchor_seq, newest.anchor_hash):
            return 0, ChainBreak(
                None,
                anchor_seq,
                f"the chain's anchor is number {anchor_seq}, but the newest "
                f"{newest.label()} signed number {newest.anchor_seq}: the oldest entries were "
                "removed or the anchor moved by something other than the retention command",
                newest.id,
            )
        plain_through = max(c.plain_through for c in checkpoints)
    elif (anchor_seq, anchor_hash) != (0, ""):
        return 0, ChainBreak(
            None,
            anchor_seq,
            f"the chain's anchor is number {anchor_seq} but no signed "
            "checkpoint vouches for it: the oldest entries were removed or the anchor moved by "
            "something other than the retention command",
        )
    marks = {c.seq: c for c in checkpoints if c.seq > anchor_seq}
    expected_seq, prev = anchor_seq + 1, anchor_hash
    checked = 0
    for row in rows:
        if row["seq"] != expected_seq:
            return checked, ChainBreak(
                row["id"], row["seq"], f"expected number {expected_seq} in the chain: entries are missing"
            )
        if row["prev_hash"] != prev:
            return checked, ChainBreak(
                row["id"], row["seq"], "its previous hash is not the hash of the entry before it"
            )
        plain = row["seq"] <= plain_through
        expected = plain_entry_hash(prev, row) if plain else entry_hash(prev, row)
        if not hmac.compare_digest(expected, row["hash"]):
            reason = (
                "its content does not match its hash (it was changed)"
                if plain
                else "its content does not match its keyed hash (it was changed or rehashed without the key)"
            )
            return checked, ChainBreak(row["id"], row["seq"], reason)
        mark = marks.get(row["seq"])
        if mark is not None and mark.hash != row["hash"]:
            return checked, ChainBreak(row["id"], row["seq"], f"its hash is not the one {mark.label()} signed")
        prev, expected_seq = row["hash"], expected_seq + 1
        checked += 1
    last = expected_seq - 1
    furthest = max(marks, default=0)
    if furthest > last:
        return checked, ChainBreak(
            None,
            last,
            f"the chain ends at number {last} but {marks[furthest].label()} "
            f"signed number {furthest}: entries were removed",
            marks[furthest].id,
        )
    if (last, prev) != (head_seq, head_hash):
        return checked, ChainBreak(
            None,
            head_seq,
            f"the chain ends at number {last} but its head records {head_seq}: the last entries are missing or changed",
        )
    return checked, None


def checkpoints_stored() -> list[Checkpoint]:
    from casequality.accounts.models import AccessLogCheckpoint

    return [
        Checkpoint(**row)
        for row in AccessLogCheckpoint.objects.order_by("id").values("id", "signature", *SIGNED_FIELDS)
    ]


def access_log_verify(*, batch_size: int = 2000) -> tuple[int, ChainBreak | None]:
    """Walk the stored access log from its anchor to its head (reads only, in `seq` order)."""
    from casequality.accounts.models import AccessLogChain, AccessLogEntry

    head = AccessLogChain.objects.filter(pk=1).first() or AccessLogChain(seq=0, hash="")
    rows = AccessLogEntry.objects.order_by("seq").values("id", "prev_hash", "hash", *HASHED_FIELDS)
    return chain_walk(
        rows.iterator(chunk_size=batch_size),
        anchor_seq=head.anchor_seq,
        anchor_hash=head.anchor_hash,
        head_seq=head.seq,
        head_hash=head.hash,
        checkpoints=checkpoints_stored(),
    )
