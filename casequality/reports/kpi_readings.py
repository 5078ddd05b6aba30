"""The YJB's KPIs of a scope's cases, counted once per period and kept until the record
changes (docs/decisions/0046-kpi-readings-kept.md).

`compute_kpis` reads every case of the scope in Python: seconds at 10,000 cases, five
times over for the board's quarters. Its figures change only when the cases it reads
change, or the day they are read (reoffending: whether the follow-up has passed). So each
period's figures are kept as rows (`KpiReading`) under a basis naming that day and the
record version of every service of the scope (data/record_versions.py: the database moves
a service's version with every committed change to its cases, orders or the service
itself, whoever makes it). A reading whose basis matches is the figures `compute_kpis`
gives now; any other is counted again. Nothing is kept in a process, so every process
reads the same rows.

A KPI's figures and the cases behind it are kept apart: the board and the figures page
read `figures` only (no case reference leaves the database for them); the list of a
figure's cases reads `case_refs` of that one KPI.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property

from django.db import connections
from django.db.models import QuerySet

from casequality.cases.models import Case, Service
from casequality.data.reads import fetch_rows, placeholders, row_converters, unique
from casequality.reports.kept import basis as record_basis
from casequality.reports.kpi_cases import kpi_board_meetings, kpi_case_dicts
from casequality.reports.kpis import Kpi, SubMeasure, compute_kpis
from casequality.reports.models import KpiReading

Period = tuple[date, date]


@dataclass(frozen=True)
class KpiScope:
    """The cases whose KPIs are counted, the services they belong to (their record versions;
    their board meetings, read only when the KPIs are counted) and the name the readings
    are kept under (None: not kept)."""

    cases: QuerySet[Case]
    service_ids: tuple[int, ...]
    key: str | None = field(default=None)
    # The cases' condition for a plain read (case_managers): ("service_id", the services)
    # or ("team_id", (the team,)); None: the cases are `cases` alone.
    where: tuple[str, tuple[int, ...]] | None = field(default=None)

    @classmethod
    def of_services(cls, service_ids: Iterable[int]) -> KpiScope:
        ids = tuple(sorted(int(pk) for pk in set(service_ids)))
        key = "services:" + ",".join(str(pk) for pk in ids)
        return cls(Case.objects.filter(service_id__in=ids), ids, key if ids else None, ("service_id", ids))

    @classmethod
    def of_team(cls, team_id: int | None, service_ids: Iterable[int]) -> KpiScope:
        ids = tuple(sorted(int(pk) for pk in set(service_ids)))
        if team_id is None:
            return cls(Case.objects.none(), ids, None, ("team_id", ()))
        return cls(Case.objects.filter(team_id=team_id), ids, f"team:{team_id}", ("team_id", (int(team_id),)))

    @cached_property
    def services(self) -> list[Service]:
        """The scope's services in order of code (their board meetings count for KPI 7)."""
        return list(Service.objects.filter(pk__in=self.service_ids).order_by("code"))


def without_cases(kpi: Kpi) -> Kpi:
    """The KPI's figures alone: no case behind it or behind a sub-measure."""
    return replace(kpi, case_refs={}, sub_measures=[replace(s, case_refs={}) for s in kpi.sub_measures])


def _figures(kpi: Kpi) -> dict:
    return without_cases(kpi).as_dict()


def _case_refs(kpi: Kpi) -> dict:
    named = named_cases(kpi)
    return {
        "kpi": kpi.case_refs,
        "sub_measures": [s.case_refs for s in kpi.sub_measures],
        "named": named,
        # (how many the figure counts, how many are named): one value, read by one call.
        "sizes": [sum(1 for entry in named if entry[1]), len(named)],
    }


def named_cases(kpi: Kpi) -> list[list]:
    """Every case the KPI and its sub-measures name, once each, in order of reference: for
    each, [reference, whether the figure counts it (its numerator or denominator), whether in
    its numerator, [[sub-measure's index, place in that sub-measure's numerator], ...]].
    Kept with the reading, so that a page of a figure's cases reads a hundred of them."""
    numerator = set(kpi.case_refs.get("numerator", []))
    refs = numerator.union(kpi.case_refs.get("denominator", []))
    names = sorted(refs.union(*(group for sub in kpi.sub_measures for group in sub.case_refs.values())))
    places: dict[str, list[list[int]]] = {ref: [] for ref in names}
    for index, sub in enumerate(kpi.sub_measures):
        for place, ref in enumerate(sub.case_refs.get("numerator", [])):
            places[ref].append([index, place])
    return [[ref, ref in refs, ref in numerator, places[ref]] for ref in names]


def _kpi(figures: dict, case_refs: dict | None) -> Kpi:
    subs = [SubMeasure(**s) for s in figures["sub_measures"]]
    if case_refs is not None:
        subs = [replace(s, case_refs=refs) for s, refs in zip(subs, case_refs["sub_measures"], strict=True)]
        return Kpi(**{**figures, "sub_measures": subs, "case_refs": case_refs["kpi"]})
    return Kpi(**{**figures, "sub_measures": subs})


def _count(scope: KpiScope, periods: Sequence[Period], as_of: date) -> dict[Period, list[Kpi]]:
    """compute_kpis for each period, the scope's cases read once."""

    documents = list(kpi_case_dicts(scope.cases))
    meetings = kpi_board_meetings(scope.services)
    return {
        (start, end): compute_kpis(documents, start=start, end=end, board_meetings=meetings, as_of=as_of)
        for start, end in periods
    }


def kpi_readings(
    scope: KpiScope, periods: Sequence[Period], *, as_of: date, with_cases: bool = False, kpi: str | None = None
) -> dict[Period, list[Kpi]]:
    """Each period's KPIs of the scope's cases (compute_kpis' figures, in its order), from
    the kept readings when their basis is current, else counted and kept. Without
    `with_cases` the KPIs carry no case (`without_cases`); `kpi` reads that KPI alone."""
    basis = record_basis(as_of, scope.service_ids) if scope.key else None
    return _readings(scope, periods, as_of, basis, with_cases=with_cases, kpi=kpi)


def _readings(
    scope: KpiScope, periods: Sequence[Period], as_of: date, basis: str | None, *, with_cases: bool, kpi: str | None
) -> dict[Period, list[Kpi]]:
    periods = list(dict.fromkeys(periods))
    if scope.key is None or basis is None:
        # Not kept: no name for the scope, or this transaction has changed the record and
        # not committed it (what it would keep could be rolled back).
        counted = _count(scope, periods, as_of)
        return {p: _shown(kpis, with_cases, kpi) for p, kpis in counted.items()}
    starts = [start for start, _ in periods]
    found: dict[Period, list[Kpi]] = {}
    for start, end, figures, *refs in kept_rows(scope.key, basis, starts, with_cases=with_cases, kpi=kpi):
        found.setdefault((start, end), []).append(_kpi(figures, refs[0] if refs else None))
    if kpi is not None and len(found) < len(periods):
        # A period counted without this KPI (no such KPI) reads nothing: it is not counted again.
        kept = KpiReading.objects.filter(scope=scope.key, basis=basis, start__in=starts)
        for row in kept.values("start", "end").distinct():
            found.setdefault((row["start"], row["end"]), [])
    missing = [p for p in periods if p not in found]
    if missing:
        counted = _count(scope, missing, as_of)
        _keep(scope.key, basis, counted)
        found.update({p: _shown(kpis, with_cases, kpi) for p, kpis in counted.items()})
    return {p: found[p] for p in periods}


@dataclass(frozen=True)
class NamedCases:
    """The cases a KPI and its sub-measures name (`named_cases`' entries), a Paginator's
    object list: `count()` of them, and a slice read when the page is asked for."""

    total: int  # how many the figure itself counts
    length: int
    entries: Callable[[int, int], list[list]]  # (offset, limit) -> the entries

    def count(self) -> int:
        return self.length

    def __len__(self) -> int:
        return self.length

    def __getitem__(self, part: slice) -> list[list]:
        start, stop, _ = part.indices(self.length)
        return self.entries(start, max(stop - start, 0))


def _listed(entries: list[list]) -> NamedCases:
    return NamedCases(
        sum(1 for e in entries if e[1]), len(entries), lambda offset, limit: entries[offset : offset + limit]
    )


def kpi_with_named(scope: KpiScope, period: Period, *, as_of: date, kpi: str) -> tuple[Kpi, NamedCases] | None:
    """The KPI `kpi` of the scope's cases for `period` without its cases, and the cases it
    names; None if there is no such KPI. A kept reading's named cases are read a page at a
    time from its `case_refs` (`named_count`, `named_page`): kpi-8 names 38,532 references
    in a quarter at 10,000 cases, 6,741 of them distinct, and reading them all for a page of
    a hundred was most of the page's time. A reading not kept gives its list in memory."""
    basis = record_basis(as_of, scope.service_ids) if scope.key else None
    if scope.key is None or basis is None:
        found = _readings(scope, [period], as_of, basis, with_cases=True, kpi=kpi)[period]
        return (without_cases(found[0]), _listed(named_cases(found[0]))) if found else None
    found = _readings(scope, [period], as_of, basis, with_cases=False, kpi=kpi)[period]
    if not found:
        return None
    key, start = scope.key, period[0]
    counts = named_count(key, basis, start, kpi)
    if counts is None:
        # Kept before readings kept their named cases: read them all, as then.
        found = _readings(scope, [period], as_of, basis, with_cases=True, kpi=kpi)[period]
        return without_cases(found[0]), _listed(named_cases(found[0]))
    return found[0], NamedCases(
        counts[0], counts[1], lambda offset, limit: named_page(key, basis, start, kpi, offset, limit)
    )


# A kept reading's named cases, counted and a page of them read in plain SQL beside their
# ORM twins (decision 0035): PostgreSQL slices the kept JSON (`jsonb_path_query`) and sends
# a hundred entries, not the whole reading. tests/reports/test_kpi_readings.py holds each
# equal to its twin, and to `named_cases`, on SQLite and PostgreSQL.
_READING = 'FROM reports_kpireading r WHERE r.scope = %s AND r.basis = %s AND r."start" = %s AND r.kpi = %s'


def named_count(scope_key: str, basis: str, start: date, kpi: str, *, using: str = "default") -> tuple[int, int] | None:
    """(how many the figure counts, how many are named) of the kept reading; None if no such
    reading or one kept without its named cases."""
    if connections[using].vendor == "postgresql":
        # One jsonpath call: PostgreSQL decompresses the whole value for each call on it.
        sql = "SELECT jsonb_path_query_first(r.case_refs, '$.sizes')::text " + _READING
    else:
        sql = "SELECT json_extract(r.case_refs, '$.sizes') " + _READING
    rows = fetch_rows(sql, [scope_key, basis, start, kpi], (), using)
    if not rows or rows[0][0] is None:
        return None
    counted, length = json.loads(rows[0][0])
    return int(counted), int(length)


def named_count_orm(scope_key: str, basis: str, start: date, kpi: str) -> tuple[int, int] | None:
    """named_count's twin, a queryset."""
    row = KpiReading.objects.filter(scope=scope_key, basis=basis, start=start, kpi=kpi).values_list("case_refs").first()
    if row is None or "sizes" not in row[0]:
        return None
    counted, length = row[0]["sizes"]
    return counted, length


def named_page(
    scope_key: str, basis: str, start: date, kpi: str, offset: int, limit: int, *, using: str = "default"
) -> list[list]:
    """The kept reading's named cases from `offset`, at most `limit` of them, in order."""
    if limit <= 0 or offset < 0:
        return []
    if connections[using].vendor == "postgresql":
        # The page's entries as one array: one value to convert, not a hundred rows.
        sql = (
            "SELECT jsonb_path_query_array(r.case_refs, '$.named[$a to $b]', "
            "jsonb_build_object('a', %s::int, 'b', %s::int))::text "
            'FROM reports_kpireading r WHERE r.scope = %s AND r.basis = %s AND r."start" = %s AND r.kpi = %s'
        )
        rows = fetch_rows(sql, [offset, offset + limit - 1, scope_key, basis, start, kpi], (), using)
        return json.loads(rows[0][0]) if rows else []
    sql = (
        "SELECT e.value FROM reports_kpireading r, json_each(r.case_refs, '$.named') e "
        'WHERE e."key" BETWEEN %s AND %s AND r.scope = %s AND r.basis = %s AND r."start" = %s AND r.kpi = %s '
        'ORDER BY e."key"'
    )
    rows = fetch_rows(sql, [offset, offset + limit - 1, scope_key, basis, start, kpi], (), using)
    return [json.loads(value) for (value,) in rows]


def named_page_orm(scope_key: str, basis: str, start: date, kpi: str, offset: int, limit: int) -> list[list]:
    """named_page's twin, a queryset."""
    row = KpiReading.objects.filter(scope=scope_key, basis=basis, start=start, kpi=kpi).values_list("case_refs").first()
    if row is None or limit <= 0 or offset < 0:
        return []
    return row[0].get("named", [])[offset : offset + limit]


# The kept readings' read in plain SQL beside its ORM twin (decision 0035): Django built and
# compiled the queryset anew on every KPI page, more of its time than the database's work.
# tests/reports/test_kpi_readings.py holds the two equal on SQLite and PostgreSQL.
_COLUMNS = ("start", "end", "figures")
_WITH_CASES = (*_COLUMNS, "case_refs")


def kept_rows(
    scope_key: str, basis: str, starts: Sequence[date], *, with_cases: bool = False, kpi: str | None = None
) -> list[tuple]:
    """(start, end, figures[, case_refs]) of the scope's readings kept under `basis` for
    the periods starting on `starts` (of the one KPI `kpi` if given), in order of period
    and position: plain SQL."""
    names = _WITH_CASES if with_cases else _COLUMNS
    starts = unique(starts)
    if not starts:
        return []
    sql = (
        "SELECT " + ", ".join(f'"{name}"' for name in names) + " FROM reports_kpireading "
        f'WHERE scope = %s AND basis = %s AND "start" IN {placeholders(starts)}'
        + (" AND kpi = %s" if kpi is not None else "")
        + ' ORDER BY "start", "end", "position"'
    )
    params = [scope_key, basis, *starts, *([kpi] if kpi is not None else [])]
    return fetch_rows(sql, params, row_converters("reports.KpiReading", names), "default")


def kept_rows_orm(
    scope_key: str, basis: str, starts: Sequence[date], *, with_cases: bool = False, kpi: str | None = None
) -> list[tuple]:
    """kept_rows' twin, a queryset."""
    rows = KpiReading.objects.filter(scope=scope_key, basis=basis, start__in=list(starts))
    if kpi is not None:
        rows = rows.filter(kpi=kpi)
    names = _WITH_CASES if with_cases else _COLUMNS
    return list(rows.order_by("start", "end", "position").values_list(*names))


# The cases of a page of a figure's cases, with their case managers' names, in plain SQL
# beside its twin (decision 0035): Django built and compiled the queryset of a hundred
# references on every page. tests/reports/test_kpi_readings.py holds the two equal on
# SQLite and PostgreSQL.


def case_managers(scope: KpiScope, refs: Iterable[str]) -> list[tuple[str, str | None]]:
    """(reference, case manager's name or None) of the scope's cases with these references
    (compared exactly), in no particular order: plain SQL where the scope is services or a
    team, else the twin."""
    if scope.where is None:
        return case_managers_orm(scope, refs)
    column, values = scope.where
    wanted = unique(refs)
    if not wanted or not values:
        return []
    sql = (
        "SELECT c.ref, m.name FROM cases_case c LEFT JOIN cases_staff m ON m.id = c.case_manager_id "
        f"WHERE c.{column} IN {placeholders(list(values))} AND c.ref IN {placeholders(wanted)}"
    )
    return fetch_rows(sql, [*values, *wanted], (), "default")


def case_managers_orm(scope: KpiScope, refs: Iterable[str]) -> list[tuple[str, str | None]]:
    """case_managers' twin, a queryset of the scope's cases."""
    return list(scope.cases.filter(ref__in=list(refs)).order_by().values_list("ref", "case_manager__name"))


def _shown(kpis: list[Kpi], with_cases: bool, only: str | None) -> list[Kpi]:
    return [k if with_cases else without_cases(k) for k in kpis if only is None or k.id == only]


def _keep(scope_key: str, basis: str, counted: dict[Period, list[Kpi]]) -> None:
    """Keep the counted periods' readings under their basis, and drop the scope's readings
    of any other basis and every scope's of an earlier day (the basis starts with its day):
    figures no longer current, and the cases they name, which a deleted case must not
    outlive by more than a day of readings. Two processes counting the same period write
    the same rows: the second's are left out."""
    KpiReading.objects.filter(scope=scope_key).exclude(basis=basis).delete()
    KpiReading.objects.filter(basis__lt=basis[:10]).delete()
    KpiReading.objects.bulk_create(
        [
            KpiReading(
                scope=scope_key,
                start=start,
                end=end,
                basis=basis,
                kpi=kpi.id,
                position=position,
                figures=_figures(kpi),
                case_refs=_case_refs(kpi),
            )
            for (start, end), kpis in counted.items()
            for position, kpi in enumerate(kpis)
        ],
        ignore_conflicts=True,
    )
