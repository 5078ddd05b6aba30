"""A statement read planned once a connection (casequality/data/planned.py, decision 0068)
gives the rows a plain cursor gives, on SQLite and PostgreSQL (DATABASE_URL); on PostgreSQL
it is prepared once and keeps its generic plan, its errors are Django's and leave the
connection usable, and the log of queries still shows it. A case manager's and a team
manager's Today are read so.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casequality.data.planned import constant, constants, fetch_planned, fetch_planned_sets
from tests.web.factories import ensure_finding, import_cases

from .test_reads import HOSTILE

pytestmark = pytest.mark.django_db

_ECHO = "SELECT %s, %s, %s, CAST(%s AS INTEGER), CAST(%s AS DATE)"
_ON_POSTGRESQL = pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements: PostgreSQL")


def _plain(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def _prepared(fragment: str) -> list[tuple[int, int]]:
    """(generic plans, custom plans) of each statement prepared on this connection holding `fragment`."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE statement LIKE %s", [f"%{fragment}%"]
        )
        return list(cursor.fetchall())


@pytest.mark.parametrize("text", HOSTILE)
def test_a_statement_read_planned_gives_the_rows_a_plain_cursor_gives_whatever_its_text(db, text):
    params = [text, text.upper(), f"{text}%", 41, "2026-12-08"]
    rows = fetch_planned(_ECHO, params)
    assert rows == _plain(_ECHO, params)
    assert rows[0][0] == text


def test_a_statement_read_planned_gives_the_same_rows_run_again_with_other_values(db):
    first = fetch_planned(_ECHO, ["a", "b", "c", 1, "2026-01-01"])
    second = fetch_planned(_ECHO, ["x", "y", "z", 2, "2026-12-31"])
    assert [first[0][3], second[0][3]] == [1, 2]
    assert second == _plain(_ECHO, ["x", "y", "z", 2, "2026-12-31"])


@_ON_POSTGRESQL
def test_on_postgresql_a_statement_read_planned_is_prepared_once_and_keeps_its_generic_plan():
    sql = "SELECT id FROM cases_case WHERE ref = %s AND closed_on IS NULL /* planned-once test, run once */"
    for ref in ("A", "B", "C"):
        fetch_planned(sql, [ref])
    assert _prepared("planned-once test") == [(3, 0)]


@_ON_POSTGRESQL
def test_on_postgresql_each_connection_asks_for_generic_plans_and_gives_psycopg_a_prepare_threshold():
    assert "-c plan_cache_mode=force_generic_plan" in settings.DATABASES["default"]["OPTIONS"]["options"]
    assert settings.DATABASES["default"]["OPTIONS"]["prepare_threshold"] == 5
    with connection.cursor() as cursor:
        cursor.execute("SHOW plan_cache_mode")
        assert cursor.fetchone()[0] == "force_generic_plan"


@_ON_POSTGRESQL
def test_on_postgresql_djangos_own_statements_are_never_prepared():
    for _ in range(10):
        _plain("SELECT COUNT(*) FROM cases_case WHERE ref <> %s /* not prepared */", ["x"])
    assert _prepared("not prepared") == []


def test_a_statement_read_planned_that_fails_raises_djangos_error_and_leaves_the_connection_usable(db):
    with pytest.raises(DatabaseError), transaction.atomic():
        fetch_planned("SELECT id FROM no_such_table WHERE id = %s", [1])
    assert fetch_planned("SELECT %s", [7])[0][0] in (7, "7")


def test_a_statement_read_planned_is_in_the_log_of_queries(db):
    with CaptureQueriesContext(connection) as queries:
        fetch_planned("SELECT %s /* logged */", ["x"])
    assert any("/* logged */" in q["sql"] for q in queries.captured_queries)


@_ON_POSTGRESQL
@pytest.mark.parametrize("who", ["cm_a", "tm_north"])
def test_on_postgresql_a_case_managers_and_a_team_managers_today_is_read_by_a_statement_planned_once(client, cast, who):
    for case in import_cases(cast, refs=("N-0001", "N-0002")).values():
        ensure_finding(case)
    client.force_login(getattr(cast, who))
    before = sum(generic for generic, _ in _prepared("listed AS ("))
    for _ in range(2):
        assert client.get(reverse("web:today")).status_code == 200
    after = _prepared("listed AS (")
    assert sum(generic for generic, _ in after) - before == 2
    assert all(custom == 0 for _, custom in after)


def test_statements_read_planned_together_give_each_the_rows_a_plain_cursor_gives(db):
    statements = [(_ECHO, [text, text, text, n, "2026-12-08"]) for n, text in enumerate(HOSTILE)]
    statements.append(("SELECT id FROM cases_case WHERE ref = %s", ["none such"]))
    assert fetch_planned_sets(statements) == [_plain(sql, params) for sql, params in statements]


@_ON_POSTGRESQL
def test_on_postgresql_statements_read_planned_together_are_each_prepared_once_and_keep_their_generic_plan():
    statements = [
        ("SELECT id FROM cases_case WHERE ref = %s /* together, first */", ["A"]),
        ("SELECT id FROM cases_staff WHERE ref = %s /* together, second */", ["B"]),
    ]
    for _ in range(2):
        fetch_planned_sets(statements)
    assert _prepared("together, first") == [(2, 0)] and _prepared("together, second") == [(2, 0)]


def test_statements_read_planned_together_of_which_one_fails_raise_djangos_error_and_leave_the_connection_usable(
    db,
):
    with pytest.raises(DatabaseError), transaction.atomic():
        fetch_planned_sets([("SELECT %s", [1]), ("SELECT id FROM no_such_table WHERE id = %s", [1])])
    assert fetch_planned_sets([("SELECT %s", [7])])[0][0][0] in (7, "7")


def test_statements_read_planned_together_of_which_one_fails_outside_a_transaction_leave_the_connection_usable(
    transactional_db,
):
    with pytest.raises(DatabaseError):
        fetch_planned_sets([("SELECT %s", [1]), ("SELECT id FROM no_such_table WHERE id = %s", [1])])
    assert fetch_planned_sets([("SELECT %s", [7]), ("SELECT %s", [8])])[1][0][0] in (8, "8")


def test_the_rulebooks_values_are_written_into_a_statement_as_literals():
    assert constants(("TM", "CM,TM")) == "('TM', 'CM,TM')"
    assert constant("OVS-001") == "'OVS-001'" and constants(()) == "(NULL)"


@pytest.mark.parametrize("word", ["O'Brien", "a; DROP TABLE x", "", "two words", "%s", "back\\slash", 7])
def test_anything_but_a_plain_word_is_refused_as_a_literal(word):
    with pytest.raises(ValueError, match="not a constant"):
        constants(["TM", word])


def _options_of_settings(**env: str) -> dict:
    """The default database's OPTIONS as casequality.settings makes them for this environment."""
    script = (
        "import json, casequality.settings as s; "
        "print(json.dumps({k: v for k, v in s.DATABASES['default']['OPTIONS'].items() if k != 'context'}))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        env={
            **os.environ,
            "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/nowhere",
            "CASEQUALITY_DEMO": "true",
            **env,
        },
    )
    return json.loads(done.stdout)


def test_the_settings_ask_postgresql_for_generic_plans_and_give_psycopg_a_prepare_threshold_by_default():
    options = _options_of_settings()
    assert "-c plan_cache_mode=force_generic_plan" in options["options"] and options["prepare_threshold"] == 5


def test_database_prepared_statements_false_asks_for_no_generic_plans_and_gives_psycopg_no_threshold():
    options = _options_of_settings(DATABASE_PREPARED_STATEMENTS="false")
    assert "plan_cache_mode" not in options["options"] and "prepare_threshold" not in options
