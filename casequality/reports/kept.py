"""Counts of a scope's record kept until the record changes (docs/decisions/0046-kpi-readings-kept.md).

The board's counts of findings (open ones by rule, the measures by rule and quarter, the
first check) are aggregates over every finding of the service: a few hundred
milliseconds of the database's time each at 10,000 cases, on every view. They change only
when the service's record changes (data/record_versions.py: the database moves a
service's version with every committed change to its findings, cases and settings) or
the day they are read. So they are kept (`KeptFigures`) under a basis naming that day and
those versions, and counted again when the basis no longer matches. Nothing is kept in a
process: every process reads the same rows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import Any

from casequality.data.reads import fetch_rows, placeholders, row_converters, unique
from casequality.data.record_versions import record_versions
from casequality.reports.models import KeptFigures


def basis(as_of: date, service_ids: Iterable[int]) -> str | None:
    """What figures of these services' record read on `as_of` rest on: the day and each
    service's record version. None when nothing may be kept: no service, or this
    transaction has changed the record and not committed it (what it would keep could be
    rolled back)."""
    ids = sorted(int(i) for i in service_ids)
    versions = record_versions(ids) if ids else None
    if versions is None:
        return None
    return as_of.isoformat() + " " + ",".join(f"{service}:{version}" for service, version in versions)


def kept(service_ids: Iterable[int], *, as_of: date, name: str, count: Callable[[], Any]) -> Any:
    """The JSON value `count()` gives for these services' record as it is now: the one
    kept under today's basis, else counted, kept (the scope's older ones of `name`
    dropped) and given."""
    return kept_together(service_ids, as_of=as_of, counts={name: count})[name]


def kept_together(service_ids: Iterable[int], *, as_of: date, counts: dict[str, Callable[[], Any]]) -> dict[str, Any]:
    """`kept` for several figures of one page ({name: count}), with the basis and the kept
    values read once for all of them: {name: value}."""
    ids = sorted(int(i) for i in service_ids)
    now = basis(as_of, ids)
    if now is None:
        return {name: count() for name, count in counts.items()}
    scope = "services:" + ",".join(str(i) for i in ids)
    found = dict(kept_values(scope, now, list(counts)))
    out = {}
    for name, count in counts.items():
        if name in found and found[name] is not None:
            out[name] = found[name]
            continue
        value = out[name] = count()
        KeptFigures.objects.filter(scope=scope, name=name).exclude(basis=now).delete()
        KeptFigures.objects.bulk_create(
            [KeptFigures(scope=scope, name=name, basis=now, value=value)], ignore_conflicts=True
        )
    return out


# The kept values' read in plain SQL beside its ORM twin (decision 0035): Django built and
# compiled the queryset anew on every board page. tests/reports/test_kept.py holds the two
# equal on SQLite and PostgreSQL.


def kept_values(scope: str, basis: str, names: Sequence[str]) -> list[tuple[str, Any]]:
    """(name, value) of the figures of `names` kept for `scope` under `basis`: plain SQL."""
    names = unique(names)
    if not names:
        return []
    sql = "SELECT name, value FROM reports_keptfigures WHERE scope = %s AND basis = %s AND name IN "
    converters = row_converters("reports.KeptFigures", ("name", "value"))
    return fetch_rows(sql + placeholders(names), [scope, basis, *names], converters, "default")


def kept_values_orm(scope: str, basis: str, names: Sequence[str]) -> list[tuple[str, Any]]:
    """kept_values' twin, a queryset."""
    return list(KeptFigures.objects.filter(scope=scope, basis=basis, name__in=list(names)).values_list("name", "value"))
