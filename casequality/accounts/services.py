"""Writes of the accounts app: the one way to record access to a child's record."""

from __future__ import annotations

import json
from collections.abc import Iterable
from contextvars import ContextVar
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from casequality.accounts.chain import SIGNED_FIELDS, checkpoint_signature, entry_hash, hashed_fields
from casequality.accounts.models import (
    AccessLogChain,
    AccessLogCheckpoint,
    AccessLogEntry,
    AccessLogRemoval,
    AccessVerb,
    User,
)
from casequality.cases.models import Case, Service
from casequality.data.planned import fetch_planned

# Where the current request came from: set by accounts.middleware.AccessLogMiddleware for
# the request's duration, so that services deep below a view log it without a parameter.
client_address: ContextVar[str] = ContextVar("casequality_client_address", default="")


def access_log_record(
    *,
    actor: User | None,
    verb: AccessVerb | str,
    case: Case | None = None,
    service: Service | None = None,
    target: str = "",
    payload: dict[str, Any] | None = None,
    actor_name: str | None = None,
    case_ref: str = "",
) -> AccessLogEntry:
    """Record that `actor` did `verb` to `case` (or to `target`). Returns the entry.

    `actor` is None for commands run from the shell; `actor_name` then says who
    (for example "casequality import (cli)"). `case_ref` names a case that is not at hand
    (a refused address, an erased case). `service` names the service of an entry
    about many cases (an import, an export); otherwise it is the case's or the actor's.
    """
    name = actor_name or (actor.get_username() if actor is not None else "system")
    return _append(
        actor=actor,
        actor_name=name,
        verb=str(verb),
        service_id=(
            case.service_id
            if case is not None
            else service.pk
            if service is not None
            else actor.service_id
            if actor is not None
            else None
        ),
        case=case,
        case_ref=case.ref if case is not None else case_ref,
        target=target,
        payload=payload or {},
    )


def access_log_page(
    *,
    actor: User,
    target: str,
    cases: Iterable[Case | str],
    service: Service | None = None,
    payload: dict[str, Any] | None = None,
    verb: AccessVerb = AccessVerb.VIEW,
) -> AccessLogEntry:
    """Record one page (or file) that showed many children: one entry naming every case on it
    (`verb`: viewed, or exported for a download).

    One INSERT whatever the page's length; the references are stored so that subject
    access finds the entry from any one of them.
    """
    refs = sorted({c if isinstance(c, str) else c.ref for c in cases})
    return _append(
        actor=actor,
        actor_name=actor.get_username(),
        verb=verb,
        service_id=service.pk if service is not None else actor.service_id,
        case=None,
        case_ref="",
        case_refs=(" " + " ".join(refs) + " ") if refs else "",
        target=target,
        payload={**(payload or {}), "cases": len(refs)},
    )


def _append(*, actor: User | None, case: Case | None, case_refs: str = "", **fields: Any) -> AccessLogEntry:
    """Join the chain: lock its head, hash the entry over the head's hash, insert, move the head.

    The head row is locked (SELECT ... FOR UPDATE on PostgreSQL; SQLite's transactions
    here begin IMMEDIATE, which takes the write lock), so two writers never chain onto
    the same entry; `seq` is unique besides. The hash is keyed (HMAC, accounts/chain.py),
    so it is made here, in Python: the key never goes to the database (decision 0030).
    """
    entry = AccessLogEntry(
        actor=actor,
        case=case,
        case_refs=case_refs,
        role=getattr(actor, "role", "") or "",
        client_address=client_address.get(),
        at=timezone.now(),
        **fields,
    )
    # What the hash covers must be what the database gives back: JSON-native values only.
    entry.payload = json.loads(json.dumps(entry.payload, default=str))
    with transaction.atomic():
        head_seq, head_hash = _head_locked_values()
        entry.seq = head_seq + 1
        entry.prev_hash = head_hash
        entry.hash = entry_hash(head_hash, hashed_fields(entry))
        if connection.vendor == "postgresql":
            _insert_and_move_head(entry)  # one round trip fewer while the head is locked
        else:
            entry.save(force_insert=True)
            AccessLogChain.objects.filter(pk=1).update(seq=entry.seq, hash=entry.hash)
    return entry


_COLUMNS = (
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
    "prev_hash",
    "hash",
)
_INSERT_AND_MOVE_HEAD = (
    "WITH e AS (INSERT INTO accounts_accesslogentry ({columns}) VALUES ({values}) RETURNING id) "
    "UPDATE accounts_accesslogchain SET seq = %s, hash = %s WHERE id = 1 RETURNING (SELECT id FROM e)"
).format(columns=", ".join(_COLUMNS), values=", ".join("%s::jsonb" if name == "payload" else "%s" for name in _COLUMNS))


def _insert_and_move_head(entry: AccessLogEntry) -> None:
    """PostgreSQL: the entry's INSERT and the head's UPDATE in one statement (the head is
    already locked by this transaction; the hash was made in Python, with the key)."""
    values = [json.dumps(entry.payload) if name == "payload" else getattr(entry, name) for name in _COLUMNS]
    # Planned once a connection (data.planned, decision 0068): every read of a child's record writes one.
    entry.pk = fetch_planned(_INSERT_AND_MOVE_HEAD, [*values, entry.seq, entry.hash])[0][0]
    entry._state.adding, entry._state.db = False, connection.alias


# The head's row read and locked as _head_locked does, in plain SQL: every page that shows
# a child's record appends an entry, so the queryset Django built and compiled for it was
# an eighth of a page served from the page cache (docs/benchmarks/pages.md, 7 December).
_HEAD_LOCKED_SQL = "SELECT seq, hash FROM accounts_accesslogchain WHERE id = 1 FOR UPDATE"


def _head_locked_values() -> tuple[int, str]:
    """(seq, hash) of the chain's head, locked until the transaction ends: a plain read on
    PostgreSQL, `_head_locked` (its twin: a test holds them equal) elsewhere or when the
    head is still to be made."""
    if connection.vendor == "postgresql":
        rows = fetch_planned(_HEAD_LOCKED_SQL, [])
        if rows:
            return int(rows[0][0]), rows[0][1]
    head = _head_locked()
    return head.seq, head.hash


def _head_locked() -> AccessLogChain:
    """The chain's head row, locked until the transaction ends (made if missing)."""
    head = AccessLogChain.objects.select_for_update().filter(pk=1).first()
    if head is None:
        head, _ = AccessLogChain.objects.select_for_update().get_or_create(pk=1)
    return head


def access_log_checkpoint(*, kind: str = "hourly") -> AccessLogCheckpoint:
    """Sign the chain's head and anchor as they stand (accounts/chain.py): what `access-log
    verify` holds the chain to from now on. Written hourly by `casequality access-log
    checkpoint` (cron) and by every retention run."""
    with transaction.atomic():
        head = _head_locked()
        last = AccessLogCheckpoint.objects.order_by("-id").values_list("plain_through", flat=True).first()
        checkpoint = AccessLogCheckpoint(
            at=timezone.now(),
            kind=kind,
            seq=head.seq,
            hash=head.hash,
            anchor_seq=head.anchor_seq,
            anchor_hash=head.anchor_hash,
            plain_through=last or 0,
        )
        checkpoint.signature = checkpoint_signature({name: getattr(checkpoint, name) for name in SIGNED_FIELDS})
        checkpoint.save(force_insert=True)
    return checkpoint


def on_case_records_accessed(
    sender,
    *,
    verb: str,
    service: Service,
    target: str,
    actor_name: str,
    payload: dict[str, Any],
    case: Case | None = None,
    **kwargs: Any,
) -> AccessLogEntry:
    """Record a command's or integration's read or write of case records (cases.signals.case_records_accessed)."""
    return access_log_record(
        actor=None, verb=verb, service=service, case=case, target=target, actor_name=actor_name, payload=payload
    )


def access_log_retain(*, before, actor_name: str) -> int:
    """Remove the access log's oldest segment: every entry up to the last one written before
    `before`. Returns how many went.

    A whole segment from the chain's start, never a row in the middle: the chain restarts
    from the last removed entry's hash (the head's anchor), which `access-log verify`
    starts from, and the removal is itself recorded (AccessLogRemoval, an entry, and a
    signed checkpoint of the new anchor). On
    PostgreSQL the table's trigger lets this DELETE through only with the session
    variable `casequality.retention` on, set here for this transaction alone.
    """
    with transaction.atomic():
        head = AccessLogChain.objects.select_for_update().filter(pk=1).first()
        last = AccessLogEntry.objects.filter(at__lt=before).order_by("-seq").values("seq", "hash").first()
        if head is None or last is None:
            access_log_checkpoint(kind="retention")  # every run signs where the chain stands
            return 0
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config('casequality.retention', 'on', true)")
        removed, _ = AccessLogEntry.objects.filter(seq__lte=last["seq"]).delete()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config('casequality.retention', 'off', true)")
        AccessLogChain.objects.filter(pk=1).update(anchor_seq=last["seq"], anchor_hash=last["hash"])
        AccessLogRemoval.objects.create(
            at=timezone.now(), through_seq=last["seq"], through_hash=last["hash"], entries=removed, before=before
        )
        access_log_record(
            actor=None,
            actor_name=actor_name,
            verb=AccessVerb.RETENTION,
            target="access log",
            payload={"entries_removed": removed, "through": last["seq"], "before": before.isoformat()},
        )
        # The only signed move of the anchor: `access-log verify` refuses any other.
        access_log_checkpoint(kind="retention")
    return removed


def on_user_logged_in(sender, *, request, user: User, **kwargs: Any) -> None:
    access_log_record(actor=user, verb=AccessVerb.SIGN_IN, target=request.path if request else "")


def on_user_logged_out(sender, *, request, user: User | None, **kwargs: Any) -> None:
    if user is not None:
        access_log_record(actor=user, verb=AccessVerb.SIGN_OUT, target=request.path if request else "")


def on_user_login_failed(sender, *, credentials: dict[str, Any], request=None, **kwargs: Any) -> None:
    """A failed sign-in: the name that was tried (Django has already masked the password)."""
    tried = str(credentials.get("username", ""))[:150]
    access_log_record(
        actor=None,
        actor_name=tried or "(no name given)",
        verb=AccessVerb.SIGN_IN_FAILED,
        target=request.path if request is not None else "",
    )


@transaction.atomic
def national_admin_set(*, username: str, granted: bool, actor_name: str) -> User:
    """Grant or withdraw the national administrator's reach (every service in Django admin).

    Only a command calls this (`casequality national-admin grant|revoke`, `createuser --role
    national_admin`): no page or form can. The person must hold the administrator role; a
    grant and a withdrawal are each an access-log entry. Raises ValidationError naming
    what is wrong.
    """
    from django.core.exceptions import ValidationError

    from casequality.accounts.models import Role

    user = User.objects.select_for_update().filter(username=username).first()
    if user is None:
        raise ValidationError(f"No user {username!r}")
    if granted and user.role != Role.ADMIN:
        raise ValidationError(
            f"{username} holds the role {user.get_role_display()!r}: only an administrator "
            "can be made national administrator (give them the administrator role first)"
        )
    if user.national_admin != granted:
        user.national_admin = granted
        user.save(update_fields=["national_admin"])
    access_log_record(
        actor=None,
        verb=AccessVerb.CHANGE,
        actor_name=actor_name,
        service=user.service,
        target=f"national administrator {'granted to' if granted else 'withdrawn from'} {username}",
        payload={"national_admin": granted, "user_id": user.pk},
    )
    return user
