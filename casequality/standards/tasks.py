"""The rulebook's background tasks (Django's Tasks; docs/decisions/0022-background-tasks.md).

- `cases_reevaluate`: re-evaluate cases whose record changed (an import, a form, the API),
  enqueued by the receiver of `case_record_changed` in parts of REEVALUATE_PART cases.
- `sweep_part`: evaluate some of a service's cases for the sweep; `sweep_enqueue` splits
  every service's cases into parts of CASEQUALITY_SWEEP_PART cases, and the sweep command waits for them.

Without a broker (the default) the in-process backend runs each at once, where it is
enqueued. Evaluation is idempotent (a case's findings are what the rulebook says of its
record that day), so a part that runs again after its worker was lost stores the same.
Arguments are record keys and ISO dates: what a message may carry.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Collection, Iterable
from datetime import date
from typing import Any

from django.conf import settings
from django.db import transaction
from django.tasks import TaskResult, TaskResultStatus, task

from casequality.cases.models import Case, Service
from casequality.standards.engine import Engine
from casequality.standards.services import (
    EvaluationSummary,
    cases_evaluate,
    service_cases_evaluate,
    service_engine,
)
from casequality.tasks.services import writes_task_rows

logger = logging.getLogger(__name__)

REEVALUATE_PART = 2000
_COUNTERS = ("opened", "updated", "unchanged", "closed", "findings", "tasks")


def summary_json(summary: EvaluationSummary) -> dict[str, Any]:
    return {
        "as_of": summary.as_of.isoformat(),
        "cases": summary.cases,
        **{name: dict(getattr(summary, name)) for name in _COUNTERS},
    }


def summary_from_json(data: dict[str, Any]) -> EvaluationSummary:
    return EvaluationSummary(
        as_of=date.fromisoformat(data["as_of"]),
        cases=data["cases"],
        **{name: Counter(data[name]) for name in _COUNTERS},
    )


@task
def cases_reevaluate(case_ids: list[int], as_of: str | None = None) -> dict[str, Any]:
    """Re-evaluate these cases (any services) and store their findings."""
    day = date.fromisoformat(as_of) if as_of else None
    return summary_json(cases_evaluate(case_ids=case_ids, as_of=day))


def cases_reevaluate_enqueue(case_ids: Iterable[int]) -> list[TaskResult[Any, Any]]:
    """Enqueue the re-evaluation of these cases, in parts, in the caller's transaction.

    With workers, each part's task row is written now, so it commits with the change it
    follows (or not at all), and is sent after the commit: the relay sends it if that send
    never happens (the outbox, docs/decisions/0028-task-outbox.md). In process, the parts
    run after the commit, as they always have; a part that failed there is logged. Returns
    the queued parts' results (none in process).
    """
    ids = list(dict.fromkeys(case_ids))
    parts = [ids[i : i + REEVALUATE_PART] for i in range(0, len(ids), REEVALUATE_PART)]
    if not writes_task_rows(cases_reevaluate):
        transaction.on_commit(lambda: _reevaluate_in_process(parts))
        return []
    return [cases_reevaluate.enqueue(part) for part in parts]


def on_case_record_changed(
    sender: object, *, service: Service | None = None, case_ids: Collection[int] = (), **kwargs: Any
) -> None:
    """Receiver of cases.signals.case_record_changed: re-evaluate those cases (a task).

    Sent inside the transaction that changed the record: with a broker, the task's row is
    written in it (it commits with the change, or not at all) and a worker runs it after
    the commit, while the import or form returns; without one, it runs here once the
    transaction has committed. A failure must not undo or fail the import or form that
    changed the record: it is logged (and, on the workers, kept for the admin), and the
    nightly sweep evaluates the case again.
    """
    try:
        with transaction.atomic():  # a row that could not be written leaves the change itself whole
            cases_reevaluate_enqueue(case_ids)
    except Exception:  # noqa: BLE001 - logged; the sweep is the backstop
        logger.exception("Re-evaluating %d changed case(s) failed", len(case_ids))


def _reevaluate_in_process(parts: list[list[int]]) -> None:
    for part in parts:
        result = cases_reevaluate.enqueue(part)
        if result.status == TaskResultStatus.FAILED:  # the in-process backend ran it already
            logger.error(
                "Re-evaluating %d changed case(s) failed; the nightly sweep evaluates them again:\n%s",
                len(part),
                result.errors[-1].traceback,
            )


# The engine (settings, staff, children's names) this process built for one sweep of a
# service: (service pk, sweep, as of) -> Engine.
_sweep_engines: dict[tuple[int, str, str], Engine] = {}


@task
def sweep_part(service_id: int, as_of: str, case_ids: list[int], sweep: str = "") -> dict[str, Any]:
    """Evaluate and store these cases of one service for the sweep `sweep`, as of `as_of`.

    Each worker builds the service's engine once per sweep, its children's names
    (LOR-005) read afresh, as the in-process sweep builds it once.
    """
    service = Service.objects.get(pk=service_id)
    key = (service_id, sweep, as_of)
    engine = _sweep_engines.get(key)
    if engine is None:
        _sweep_engines.clear()
        engine = _sweep_engines[key] = service_engine(
            service=service, as_of=date.fromisoformat(as_of), fresh_names=True
        )
    pks = sorted(case_ids)
    return summary_json(service_cases_evaluate(service=service, pks=pks, engine=engine, chunk=max(len(pks), 1)))


def sweep_enqueue(*, services: Iterable[Service], as_of: date, sweep: str) -> list[TaskResult[Any, Any]]:
    """Enqueue the sweep of these services: each service's cases in parts of CASEQUALITY_SWEEP_PART.

    Every part's row is written in one transaction, and the messages go when it commits,
    so the workers start on a full queue rather than at the pace of one commit a part.
    """
    size = max(settings.CASEQUALITY_SWEEP_PART, 1)
    by_service: dict[int, list[int]] = {service.pk: [] for service in services}
    for service_id, pk in (
        Case.objects.filter(service_id__in=list(by_service))
        .order_by("service_id", "pk")
        .values_list("service_id", "pk")
        .iterator(chunk_size=10_000)
    ):
        by_service[service_id].append(pk)
    results = []
    with transaction.atomic():
        for service_id, pks in by_service.items():
            for start in range(0, len(pks), size):
                results.append(
                    sweep_part.enqueue(service_id, as_of.isoformat(), pks[start : start + size], sweep=sweep)
                )
    return results
