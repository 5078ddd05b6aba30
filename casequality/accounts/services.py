"""Writes of the accounts app: the one way to record access to a child's record."""
from __future__ import annotations

from typing import Any

from casequality.accounts.models import AccessLogEntry, AccessVerb, User
from casequality.cases.models import Case, Service


def access_log_record(
    *,
    actor: User | None,
    verb: AccessVerb | str,
    case: Case | None = None,
    service: Service | None = None,
    target: str = "",
    payload: dict[str, Any] | None = None,
    actor_name: str | None = None,
) -> AccessLogEntry:
    """Record that `actor` did `verb` to `case` (or to `target`). Returns the entry.

    `actor` is None for commands run from the shell; `actor_name` then says who
    (for example "casequality import (cli)"). `service` names the service of an entry
    about many cases (an import, an export); otherwise it is the case's or the actor's.
    """
    name = actor_name or (actor.get_username() if actor is not None else "system")
    return AccessLogEntry.objects.create(
        actor=actor,
        actor_name=name,
        verb=str(verb),
        service_id=(
            case.service_id if case is not None
            else service.pk if service is not None
            else actor.service_id if actor is not None
            else None
        ),
        case=case,
        case_ref=case.ref if case is not None else "",
        target=target,
        payload=payload or {},
    )


def on_case_records_accessed(
    sender, *, verb: str, service: Service, target: str, actor_name: str, payload: dict[str, Any],
    case: Case | None = None, **kwargs: Any
) -> AccessLogEntry:
    """Record a command's or integration's read or write of case records (cases.signals.case_records_accessed)."""
    return access_log_record(
        actor=None, verb=verb, service=service, case=case, target=target, actor_name=actor_name, payload=payload
    )
