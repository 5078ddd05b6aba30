"""Search by name, reference and date of birth served by indexes (decision 0057).

A name or part of a reference is found anywhere in the folded name or the reference
(`LIKE '%obrien%'`), which a b-tree cannot serve: a QA lead's search read every case of the
service. On PostgreSQL, trigram GIN indexes (the pg_trgm extension, trusted since
PostgreSQL 13: the database's owner may create it) serve `search_key LIKE` and
`UPPER(ref) LIKE`, the very expressions the search's SQL uses. SQLite has no such index:
there the operation does nothing (a small database reads its cases quickly). A date of
birth is a b-tree index on (service, child_dob) on both.
"""

from django.db import migrations, models

INDEXES = (
    ("case_search_key_trgm", "search_key gin_trgm_ops"),
    ("case_ref_upper_trgm", "UPPER(ref) gin_trgm_ops"),
)


def trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, expression in INDEXES:
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON cases_case USING gin ({expression})")


def trigram_indexes_dropped(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _ in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0010_serious_incidents_mappa"),
    ]

    operations = [
        migrations.RunPython(trigram_indexes, trigram_indexes_dropped),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(fields=["service", "child_dob"], name="case_service_child_dob"),
        ),
    ]
