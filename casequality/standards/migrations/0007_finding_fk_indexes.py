"""The findings' own indexes of case and service go: the composite indexes begin with them.

The index is dropped by its name rather than by AlterField, which on SQLite rebuilds the
table and so drops the triggers other apps keep on it (web's record versions, api's feed).
"""

import django.db.models.deletion
from django.db import migrations, models

# Django's names for a foreign key's index (the same on SQLite and PostgreSQL).
INDEXES = {"standards_finding_case_id_d7b322c7": "case_id", "standards_finding_service_id_f19dd362": "service_id"}


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0008_staff_filter_index"),
        ("standards", "0006_oversight_queue_indexes"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="finding",
                    name="case",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="findings",
                        to="cases.case",
                    ),
                ),
                migrations.AlterField(
                    model_name="finding",
                    name="service",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="cases.service",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    f"DROP INDEX IF EXISTS {name}", f"CREATE INDEX IF NOT EXISTS {name} ON standards_finding ({column})"
                )
                for name, column in INDEXES.items()
            ],
        ),
    ]
