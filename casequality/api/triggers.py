"""The database triggers that feed `FindingChange` (models.py says why triggers).

Installed by migration 0001 and again after every `migrate` (apps.py): on SQLite a
migration that alters standards_finding may rebuild the table, which drops its
triggers; installing them again is harmless where they exist.
"""

from __future__ import annotations

# A finding's state is what the API serves: a change of any of these columns is a change
# of the finding (last_seen_on, touched by every evaluation, is not).
STATE_COLUMNS = (
    "kind",
    "severity",
    "owner",
    "subject",
    "subject_type",
    "message",
    "due",
    "resolved_on",
    "resolution",
    "actionable",
)
TRIGGERS = ("api_finding_inserted", "api_finding_changed")

_INSERT = "INSERT INTO api_findingchange (finding_id{txid}) VALUES (NEW.id{txid_value})"
_SQLITE = [
    "CREATE TRIGGER IF NOT EXISTS api_finding_inserted AFTER INSERT ON standards_finding "
    f"BEGIN {_INSERT.format(txid='', txid_value='')}; END",
    "CREATE TRIGGER IF NOT EXISTS api_finding_changed AFTER UPDATE ON standards_finding WHEN "
    + " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in STATE_COLUMNS)
    + f" BEGIN {_INSERT.format(txid='', txid_value='')}; END",
]
# On PostgreSQL the inserted findings are added once a statement, from its transition
# table (a first sweep inserts a million: a function call each made inserting a finding
# about 60% dearer; decision 0025); an update stays a row trigger, so that the sweep's touch of every open
# row's last_seen_on compares the state columns without building a table of them.
_POSTGRESQL = [
    "CREATE OR REPLACE FUNCTION api_finding_changed() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    + _INSERT.format(txid=", txid", txid_value=", pg_current_xact_id()::text::bigint")
    + "; RETURN NULL; END $$",
    "CREATE OR REPLACE FUNCTION api_findings_inserted() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "INSERT INTO api_findingchange (finding_id, txid) "
    "SELECT id, pg_current_xact_id()::text::bigint FROM inserted ORDER BY id; RETURN NULL; END $$",
    # Replaces the row trigger of earlier releases in place (no moment without one).
    "CREATE OR REPLACE TRIGGER api_finding_inserted AFTER INSERT ON standards_finding "
    "REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION api_findings_inserted()",
    "CREATE OR REPLACE TRIGGER api_finding_changed AFTER UPDATE ON standards_finding FOR EACH ROW WHEN ("
    + " OR ".join(f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in STATE_COLUMNS)
    + ") EXECUTE FUNCTION api_finding_changed()",
]


def _statements(connection) -> list[str]:
    statements = {"sqlite": _SQLITE, "postgresql": _POSTGRESQL}.get(connection.vendor)
    if statements is None:
        raise RuntimeError(f"No finding-change triggers for the {connection.vendor} database")
    return statements


def finding_triggers_install(connection) -> None:
    """Create the triggers where they are missing (PostgreSQL: replace them)."""
    with connection.cursor() as cursor:
        for sql in _statements(connection):
            cursor.execute(sql)


def finding_triggers_drop(connection) -> None:
    on = " ON standards_finding" if connection.vendor == "postgresql" else ""
    with connection.cursor() as cursor:
        for name in TRIGGERS:
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}{on}")
        if connection.vendor == "postgresql":
            cursor.execute("DROP FUNCTION IF EXISTS api_finding_changed()")
            cursor.execute("DROP FUNCTION IF EXISTS api_findings_inserted()")
