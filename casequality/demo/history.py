"""The demo's year of sweeps: the record as it would have been checked month by month.

Casequality first checked the demo's service twelve months before the caseload's date.
`replay_sweeps` runs the nightly sweep itself (`standards.services.service_sweep`, the
real engine and findings store) on the stored record as of each month's date, oldest
first, ending on the caseload's date. The engine reads a case as it stood on the sweep's
date (everything dated after it is left out: `standards.snapshot`), so a task seen open
one month and done in time by the next is closed as met in time, one still undone when
its deadline passes becomes a finding, and a shortfall found in March is counted in
March. Nothing is written but what the sweeps write. Decision 0051.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from casequality.cases.models import Service
from casequality.cases.vocabulary import add_months
from casequality.standards.services import EvaluationSummary, service_sweep

MONTHS = 12  # the first check, this many months before the caseload's date


def sweep_dates(as_of: date, months: int = MONTHS) -> list[date]:
    """The first check `months` months before `as_of`, then the same day of each month
    after it, ending on `as_of` itself (0 months: `as_of` alone)."""
    return [add_months(as_of, -k) for k in range(months, 0, -1)] + [as_of]


def replay_sweeps(
    service: Service,
    days: list[date],
    *,
    workers: int = 1,
    progress: Callable[[date, EvaluationSummary], None] | None = None,
) -> list[EvaluationSummary]:
    """Sweep the service's cases as of each of `days` (oldest first, as `sweep_dates`
    gives them); `progress` is told each date's summary. Returns the summaries."""
    summaries = []
    for day in sorted(days):
        summary = service_sweep(service=service, as_of=day, workers=workers)
        summaries.append(summary)
        if progress is not None:
            progress(day, summary)
    return summaries
