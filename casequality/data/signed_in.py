"""The person signed in, read in one statement on every request (decision 0064).

Every signed-in page asked the database three things about its user before doing any work
of its own: the user with their staff record (a queryset Django built and compiled on each
request), whether the database is a demo database (the banner, and whether a demo login
may sign in), and which services they have been granted. `signed_in` asks all three in
one plain statement; `signed_in_orm` is its twin, the same three reads as querysets, and
tests/data/test_signed_in.py holds them equal on SQLite and PostgreSQL.

The user's extra services come as one row each (a LEFT JOIN): the same SQL on both
databases, and a person is granted a handful at most. Only Django's public API: a cursor,
the documented `Model._meta` API, `Model.from_db`, and assignment of a related object.
This module imports no app (the models are named by label).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from casequality.data.reads import fetch_rows, model_of, row_converters


@dataclass(frozen=True)
class SignedIn:
    """A user, with their staff record set on them when they have one."""

    user: Any
    demo_database: bool
    extra_service_ids: frozenset[int]


@cache
def _concrete(model: type[models.Model]) -> tuple[Any, ...]:
    """The fields with a column of the model's own table, in the model's order."""
    return tuple(f for f in model._meta.get_fields() if f.concrete and not f.many_to_many)


@cache
def _pk(model: type[models.Model]) -> Any:
    return next(f for f in _concrete(model) if f.primary_key)


@cache
def _statement() -> tuple[str, tuple[str, ...], tuple[str, ...], tuple[Any, ...]]:
    """(SQL, the user's attnames, the staff's attnames, converters) of the one read."""
    user_model: Any = model_of(settings.AUTH_USER_MODEL)
    staff_field: Any = user_model._meta.get_field("staff")
    staff_model: Any = staff_field.related_model
    through: Any = user_model._meta.get_field("extra_services").remote_field.through
    demo_model: Any = model_of("accounts.DemoMark")
    user_fields, staff_fields = _concrete(user_model), _concrete(staff_model)
    granted_to, granted = through._meta.get_field("user").column, through._meta.get_field("service").column
    columns = [f'u."{f.column}"' for f in user_fields] + [f's."{f.column}"' for f in staff_fields]
    sql = (
        f"SELECT {', '.join(columns)}, "
        f'EXISTS (SELECT 1 FROM "{demo_model._meta.db_table}"), x."{granted}" '
        f'FROM "{user_model._meta.db_table}" u '
        f'LEFT JOIN "{staff_model._meta.db_table}" s ON s."{_pk(staff_model).column}" = u."{staff_field.column}" '
        f'LEFT JOIN "{through._meta.db_table}" x ON x."{granted_to}" = u."{_pk(user_model).column}" '
        f'WHERE u."{_pk(user_model).column}" = %s'
    )
    user_names = tuple(f.attname for f in user_fields)
    staff_names = tuple(f.attname for f in staff_fields)
    offset = len(user_names)
    converters = row_converters(user_model._meta.label, user_names) + tuple(
        (offset + i, convert) for i, convert in row_converters(staff_model._meta.label, staff_names)
    )
    return sql, user_names, staff_names, converters


def signed_in(user_id: Any, *, using: str = "default") -> SignedIn | None:
    """The user `user_id` names (None if there is none), their staff record, whether this is a
    demo database and the services they have been granted, in one statement."""
    user_model: Any = model_of(settings.AUTH_USER_MODEL)
    try:
        user_id = _pk(user_model).to_python(user_id)
    except ValidationError:
        return None
    sql, user_names, staff_names, converters = _statement()
    # Planned once a connection (data.planned, decision 0068): every signed-in request reads it.
    rows = fetch_rows(sql, [user_id], converters, using, planned=True)
    if not rows:
        return None
    first, n, m = rows[0], len(user_names), len(staff_names)
    user = user_model.from_db(using, user_names, first[:n])
    staff_model: Any = user_model._meta.get_field("staff").related_model
    staff_values = first[n : n + m]
    if staff_values[staff_names.index(_pk(staff_model).attname)] is not None:  # None: no staff record
        user.staff = staff_model.from_db(using, staff_names, staff_values)
    extra = frozenset(row[n + m + 1] for row in rows if row[n + m + 1] is not None)
    return SignedIn(user=user, demo_database=bool(first[n + m]), extra_service_ids=extra)


def signed_in_orm(user_id: Any, *, using: str = "default") -> SignedIn | None:
    """`signed_in`'s twin: the same three reads as querysets."""
    user_model: Any = model_of(settings.AUTH_USER_MODEL)
    user: Any = user_model._default_manager.using(using).select_related("staff").filter(pk=user_id).first()
    if user is None:
        return None
    return SignedIn(
        user=user,
        demo_database=model_of("accounts.DemoMark")._default_manager.using(using).exists(),
        extra_service_ids=frozenset(user.extra_services.values_list("id", flat=True)),
    )
