"""The feed's own index of finding goes: api_findingchange_latest begins with it.

Dropped by its name (0007 of standards says why not AlterField)."""

import django.db.models.deletion
from django.db import migrations, models

INDEX = "api_findingchange_finding_id_24aadc39"


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="findingchange",
                    name="finding",
                    field=models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="standards.finding",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    f"DROP INDEX IF EXISTS {INDEX}",
                    f"CREATE INDEX IF NOT EXISTS {INDEX} ON api_findingchange (finding_id)",
                ),
            ],
        ),
    ]
