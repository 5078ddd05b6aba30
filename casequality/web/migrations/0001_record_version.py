"""Each service's record version and the triggers that keep it (docs/decisions/0024-page-cache.md)."""

from django.db import migrations, models

from casequality.data.record_versions import install, uninstall

# The watched tables as of this migration: a table added later gets its triggers in the
# migration that adds it to WATCHED (tests/web/test_page_cache.py checks the database).
TABLES = {
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


def forwards(apps, schema_editor):
    install(schema_editor, TABLES)


def backwards(apps, schema_editor):
    uninstall(schema_editor, TABLES)


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("cases", "0007_caseload_order_index"),
        ("standards", "0006_oversight_queue_indexes"),
        ("oversight", "0002_manager_entry_act"),
    ]

    operations = [
        migrations.CreateModel(
            name="RecordVersion",
            fields=[
                ("service_id", models.BigIntegerField(primary_key=True, serialize=False)),
                ("version", models.BigIntegerField(default=0)),
            ],
            options={"verbose_name": "record version"},
        ),
        migrations.RunPython(forwards, backwards),
    ]
