"""Small reads whose SQL is compiled once in a process and run again with other values.

Django builds and compiles a query's SQL anew on every call. For the dozen small reads of
one case's re-evaluation (its record, its open findings, its service's settings) that cost
more CPU than the database's own work: compiling a read of assessments with two joins took
0.5 ms, running it on SQLite 0.04 ms (decision 0026). A `PreparedRead` builds its query
once for each shape (the database connection, and how many values each list holds) with
stand-in values, finds the stand-ins in the compiled parameters, and from then on runs the
same SQL with the real values in their places, converting the rows as Django would.

Only `values()` and `values_list()` queries (rows as dicts or tuples), and only values that
are integers or strings: every stand-in must come back unchanged among the parameters
(at least once), or preparing fails (ImproperlyConfigured) rather than guess.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import connections
from django.db.models import QuerySet
from django.db.models.query import FlatValuesListIterable, ValuesIterable, ValuesListIterable

# Longer lists are read by the queryset itself, compiled each time: every length is a
# compiled form of its own, and a process keeps them all.
LONGEST_LIST = 100

# Stand-ins no real value takes: ids are positive, and no ref or name holds a NUL.
# Each is used once in a process, so a parameter equal to one is that value's place.
_NEXT = itertools.count(1)


def _stand_in(value: Any) -> Any:
    n = next(_NEXT)
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise TypeError(f"a prepared read takes integers and strings, not {type(value).__name__}")
    return -(10**15) - n if isinstance(value, int) else f"\x00prepared {n}\x00"


class _Shape:
    """One compiled form of a read: its SQL, its parameters with the places of the values,
    and what turns its rows into Django's.

    The compiler is shared by every thread of the process. It is only asked for its row
    converters, which read the database's settings (time zone, JSON decoding) and never
    use the connection of the thread that compiled it; each run executes on the calling
    thread's own connection."""

    __slots__ = ("sql", "params", "slots", "compiler", "trim", "names", "kind")

    def __init__(self, queryset: QuerySet, stand_ins: dict[str, Any]):
        iterable = queryset._iterable_class
        if iterable not in (ValuesIterable, ValuesListIterable, FlatValuesListIterable):
            raise ImproperlyConfigured("a prepared read is a values() or values_list() query")
        query = queryset.query
        self.compiler = query.get_compiler(queryset.db)
        self.sql, params = self.compiler.as_sql()
        self.params = list(params)
        places: dict[Any, tuple[str, int | None]] = {}
        for name, value in stand_ins.items():
            for i, one in enumerate(value if isinstance(value, list) else [value]):
                places[one] = (name, i if isinstance(value, list) else None)
        self.slots = [
            (position, *places[param])
            for position, param in enumerate(self.params)
            if isinstance(param, (int, str)) and param in places
        ]
        if {places[self.params[position]] for position, *_ in self.slots} != set(places.values()):
            raise ImproperlyConfigured(f"a prepared read's values do not all reach its SQL's parameters: {self.sql}")
        self.trim = self.compiler.col_count if self.compiler.has_extra_select else None
        self.names = (
            list(query.selected)
            if query.selected
            else [*query.extra_select, *query.values_select, *query.annotation_select]
        )
        self.kind = iterable

    def run(self, connection, values: dict[str, Any]) -> list:
        params = list(self.params)
        for position, name, index in self.slots:
            params[position] = values[name] if index is None else values[name][index]
        with connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            rows = cursor.fetchall()
        if self.trim is not None:
            rows = [row[: self.trim] for row in rows]
        rows = self.compiler.results_iter(results=[rows], tuple_expected=True)
        if self.kind is ValuesIterable:
            names = self.names
            return [dict(zip(names, row)) for row in rows]
        if self.kind is FlatValuesListIterable:
            return [row[0] for row in rows]
        return list(rows)


class PreparedRead:
    """A values() or values_list() read built by `build(**values)`, compiled once per
    database and list lengths, then run with other values.

    `read(name=value, ids=[...])` returns the rows as a list (dicts, tuples, or single
    values for flat=True). Lists are used as `__in` values: duplicates are dropped, an
    empty list gives no rows without a query, and a list longer than LONGEST_LIST is read
    uncompiled.
    """

    def __init__(self, build: Callable[..., QuerySet]):
        self.build = build
        self._shapes: dict[tuple, _Shape] = {}

    def __call__(self, *, using: str = "default", **values: Any) -> list:
        values = {
            name: list(dict.fromkeys(v)) if isinstance(v, (list, tuple, set, frozenset)) else v
            for name, v in values.items()
        }
        if any(isinstance(v, list) and not v for v in values.values()):
            return []
        if any(isinstance(v, list) and len(v) > LONGEST_LIST for v in values.values()):
            return list(self.build(**values).using(using))  # not kept: a shape per length would grow without end
        connection = connections[using]
        key = (
            using,
            connection.vendor,
            *sorted((name, len(v)) if isinstance(v, list) else (name, type(v).__name__) for name, v in values.items()),
        )
        shape = self._shapes.get(key)
        if shape is None:
            stand_ins = {
                name: [_stand_in(one) for one in v] if isinstance(v, list) else _stand_in(v)
                for name, v in values.items()
            }
            shape = self._shapes[key] = _Shape(self.build(**stand_ins).using(using), stand_ins)
        return shape.run(connection, values)
