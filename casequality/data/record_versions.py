"""Each service's record version, kept by the database (docs/decisions/0024-page-cache.md).

Plain SQL only, and no app imported: the page cache (data/page_cache.py) reads the
versions, the web app's migrations install the triggers (decision 0035).

A page cached for a user is keyed on the versions of the services the user sees. The
version must go up with every committed change to anything such a page shows, whoever
makes it and however: an import's bulk statements, the sweep's COPY, an act, a retention
delete, the admin, a hand-written UPDATE. So the database keeps it, with triggers on
every table those pages read (WATCHED), not the application.

PostgreSQL: a statement-level trigger on each watched table notes the services its rows
belong to in `casequality_touched` (once per transaction and service), and a deferred
constraint trigger on that table moves the service's version on at COMMIT. The version's
row is locked only while the transaction commits, never for its whole length: a long
import of one service does not hold up an act on another case of it, nor one sweep
worker another. A reader (`record_versions`) sees the new version and the new records
together, or neither; and a transaction that has itself changed a watched table (a test
inside one transaction) is told so, and does not use the cache.

SQLite (the demo and the tests): row triggers move the version at once (SQLite has one
writer at a time, so there is no one to hold up).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

# Every table the cached pages (the caseload, a case's page, the oversight queue) read,
# and how a row names its service: its own `service_id`, its case's, its finding's, or
# (the service itself) its id. tests/web/test_page_cache.py checks that every table with
# a case, service or finding is here or in NOT_WATCHED with its reason.
WATCHED: dict[str, str] = {
    "cases_service": "self",
    "cases_team": "service",
    "cases_staff": "service",
    "cases_case": "service",
    "cases_order": "case",
    "cases_report": "case",
    "cases_assessment": "case",
    "cases_plan": "case",
    "cases_event": "case",
    "cases_act": "case",
    "standards_finding": "service",
    "standards_rulesetting": "service",
    "standards_parametersetting": "service",
    "oversight_findingnote": "finding",
    "oversight_managerentry": "case",
    "oversight_selfaudit": "case",
    "oversight_supervisionsamplecase": "case",
}

# Tables with a case, service or finding that no cached page shows, and why.
NOT_WATCHED: dict[str, str] = {
    "accounts_user": "the page's key holds the user's own id, role, service, staff and team",
    "accounts_accesslogentry": "what people read: no cached page shows it, and every page writes one",
    "standards_caseremovals": "an internal count for the evaluator's name index",
    "standards_caseurgency": "written only in the transaction that writes its case's findings (watched)",
    "cases_returneditem": "written only in the transaction that writes its case's items or acts (watched)",
    "oversight_supervisionsample": "shown on the supervision pages only (not cached)",
    "audits_audit": "audit pages are not kept, nor any page of an inspector (whose scope it gives)",
    "audits_auditcase": "audit pages are not kept, nor any page of an inspector (whose scope it gives)",
    "audits_figureoverride": "a service's own figures reach new audits only, on audit pages (not kept)",
    "reports_planaction": "board pages are not cached",
    "api_apitoken": "the API is not cached",
    "api_findingchange": "the API's change feed is not cached",
}

# How a row of each kind names its service, as SQL over a row or a transition table `t`.
_SERVICE_OF = {
    "self": "{r}.id",
    "service": "{r}.service_id",
    "case": "(SELECT c.service_id FROM cases_case c WHERE c.id = {r}.case_id)",
    "finding": "(SELECT f.service_id FROM standards_finding f WHERE f.id = {r}.finding_id)",
}


def _pg_function(path: str, update: bool) -> str:
    tables = ["changed", "changed_old"] if update else ["changed"]
    select = " UNION ".join(f"SELECT {_SERVICE_OF[path].format(r='t')} FROM {table} t" for table in tables)
    name = f"casequality_touch_{path}{'_update' if update else ''}"
    return f"""
CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO casequality_touched (txid, service_id)
    SELECT DISTINCT txid_current(), s FROM ({select}) AS x(s) WHERE s IS NOT NULL
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;"""


PG_BASE = """
CREATE UNLOGGED TABLE IF NOT EXISTS casequality_touched (
    txid bigint NOT NULL,
    service_id bigint NOT NULL,
    PRIMARY KEY (txid, service_id)
);
CREATE OR REPLACE FUNCTION casequality_record_version_commit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO web_recordversion (service_id, version) VALUES (NEW.service_id, 1)
    ON CONFLICT (service_id) DO UPDATE SET version = web_recordversion.version + 1;
    DELETE FROM casequality_touched WHERE txid = NEW.txid AND service_id = NEW.service_id;
    RETURN NULL;
END $$;
DROP TRIGGER IF EXISTS casequality_record_version_commit ON casequality_touched;
CREATE CONSTRAINT TRIGGER casequality_record_version_commit AFTER INSERT ON casequality_touched
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION casequality_record_version_commit();
"""


def _pg_watch(table: str, path: str) -> str:
    return f"""
DROP TRIGGER IF EXISTS casequality_rv_insert ON {table};
CREATE TRIGGER casequality_rv_insert AFTER INSERT ON {table} REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION casequality_touch_{path}();
DROP TRIGGER IF EXISTS casequality_rv_delete ON {table};
CREATE TRIGGER casequality_rv_delete AFTER DELETE ON {table} REFERENCING OLD TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION casequality_touch_{path}();
DROP TRIGGER IF EXISTS casequality_rv_update ON {table};
CREATE TRIGGER casequality_rv_update AFTER UPDATE ON {table} REFERENCING OLD TABLE AS changed_old NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION casequality_touch_{path}_update();"""


def _sqlite_watch(table: str, path: str) -> list[str]:
    def upsert(select: str) -> str:
        return (
            f"INSERT INTO web_recordversion (service_id, version) SELECT s, 1 FROM ({select}) WHERE s IS NOT NULL "
            f"ON CONFLICT(service_id) DO UPDATE SET version = version + 1;"
        )

    new, old = _SERVICE_OF[path].format(r="NEW"), _SERVICE_OF[path].format(r="OLD")
    return [
        f"DROP TRIGGER IF EXISTS casequality_rv_{table}_insert",
        f"CREATE TRIGGER casequality_rv_{table}_insert AFTER INSERT ON {table} FOR EACH ROW BEGIN "
        f"{upsert(f'SELECT {new} AS s')} END",
        f"DROP TRIGGER IF EXISTS casequality_rv_{table}_delete",
        f"CREATE TRIGGER casequality_rv_{table}_delete AFTER DELETE ON {table} FOR EACH ROW BEGIN "
        f"{upsert(f'SELECT {old} AS s')} END",
        f"DROP TRIGGER IF EXISTS casequality_rv_{table}_update",
        f"CREATE TRIGGER casequality_rv_{table}_update AFTER UPDATE ON {table} FOR EACH ROW BEGIN "
        f"{upsert(f'SELECT DISTINCT s FROM (SELECT {old} AS s UNION SELECT {new} AS s)')} END",
    ]


def install(schema_editor: BaseDatabaseSchemaEditor, tables: dict[str, str]) -> None:
    """Create (or replace) the triggers that keep the record versions, on these tables."""
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        statements = [PG_BASE]
        for path in sorted(set(tables.values())):
            statements += [_pg_function(path, update=False), _pg_function(path, update=True)]
        statements += [_pg_watch(table, path) for table, path in tables.items()]
        schema_editor.execute("\n".join(statements))
    elif vendor == "sqlite":
        for table, path in tables.items():
            for statement in _sqlite_watch(table, path):
                schema_editor.execute(statement)
    else:  # pragma: no cover - only SQLite and PostgreSQL are supported (docs/operating.md)
        raise NotImplementedError(f"record versions on {vendor}")


def uninstall(schema_editor: BaseDatabaseSchemaEditor, tables: dict[str, str]) -> None:
    vendor = schema_editor.connection.vendor
    for table in tables:
        for event in ("insert", "delete", "update"):
            if vendor == "postgresql":
                schema_editor.execute(f"DROP TRIGGER IF EXISTS casequality_rv_{event} ON {table}")
            else:
                schema_editor.execute(f"DROP TRIGGER IF EXISTS casequality_rv_{table}_{event}")
    if vendor == "postgresql":
        schema_editor.execute(
            "DROP TABLE IF EXISTS casequality_touched CASCADE; "
            "DROP FUNCTION IF EXISTS casequality_record_version_commit() CASCADE;"
        )
        for path in set(tables.values()):
            schema_editor.execute(
                f"DROP FUNCTION IF EXISTS casequality_touch_{path}() CASCADE; "
                f"DROP FUNCTION IF EXISTS casequality_touch_{path}_update() CASCADE;"
            )


def record_versions(service_ids: Iterable[int]) -> tuple[tuple[int, int], ...] | None:
    """(service, version) for each of these services, in one query; None when this
    transaction has itself changed a watched table and not yet committed (PostgreSQL: its
    versions move at COMMIT), so that nothing it reads is cached or taken from the cache."""
    ids = sorted(int(i) for i in service_ids)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT service_id, version FROM web_recordversion WHERE service_id = ANY(%s) "
                "UNION ALL SELECT -1, 0 FROM casequality_touched WHERE txid = txid_current_if_assigned()",
                [ids],
            )
        else:
            placeholders = ", ".join(["%s"] * len(ids)) or "NULL"
            cursor.execute(
                f"SELECT service_id, version FROM web_recordversion WHERE service_id IN ({placeholders})", ids
            )
        rows = dict(cursor.fetchall())
    if -1 in rows:
        return None
    return tuple((i, rows.get(i, 0)) for i in ids)
