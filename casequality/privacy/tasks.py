"""The privacy app's background tasks (Django's Tasks; docs/decisions/0023-report-pdf-task.md).

- `retention_run`: apply the retention schedule (privacy.services.retention_apply);
  `casequality retention --apply` enqueues it and waits. Its arguments are the name the
  access log records and a date: nothing about a child.

Without a broker (the default) it runs where it is enqueued, in the command.
"""

from __future__ import annotations

from datetime import date

from django.tasks import task

from casequality.privacy.services import retention_apply


@task
def retention_run(actor_name: str, today: str | None = None) -> dict[str, int]:
    """Remove what the retention schedule says is due; return the counts of what went."""
    return retention_apply(actor_name=actor_name, today=date.fromisoformat(today) if today else None)
