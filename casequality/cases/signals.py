"""Signals of the case record.

`case_record_changed` is sent (inside the transaction that changed the record) with
`service` and `case_ids` whenever a case's record changes: import, form or API. The
standards app listens and writes the cases' re-evaluation task in that transaction (the
outbox, docs/decisions/0028-task-outbox.md); what runs it does so after the commit.

`case_records_accessed` is sent (inside the transaction, so that the entry and the work
stand or fall together) with `verb` ("import" or "export"), `service`, `target`,
`actor_name` and `payload` (and `case`, when it is about one) whenever a command or an
integration reads or writes case records. The
accounts app stands above cases and writes it to the access log (accounts/apps.py).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.dispatch import Signal

case_record_changed = Signal()
case_records_accessed = Signal()


def case_records_accessed_send(
    *,
    sender: type,
    verb: str,
    service: Any,
    target: str,
    actor_name: str,
    payload: dict[str, Any],
    case: Any = None,
) -> None:
    """Send `case_records_accessed`; refuse the work if nothing recorded it.

    An import or export that leaves no trace in the access log must not happen, so a
    missing receiver raises (and the caller's transaction rolls back) instead of passing
    unseen.
    """
    responses = case_records_accessed.send(
        sender=sender, verb=verb, service=service, target=target, actor_name=actor_name, payload=payload, case=case
    )
    if not responses:
        raise ImproperlyConfigured("Nothing records case_records_accessed: is casequality.accounts installed?")
