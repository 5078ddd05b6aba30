"""Answers to recheck: those given on the audit form before its field names and element ids
were derived one-to-one from the question ids (decision 0032). Flagged once, as the fix
is deployed; audits/recheck.py says which questions collided."""

import django.db.models.deletion
from django.db import migrations, models
from django.utils import timezone


def flag_answers(apps, schema_editor):
    from casequality.audits.recheck import answers_flag

    answers_flag(
        apps.get_model("audits", "Answer"),
        apps.get_model("audits", "AnswerRecheck"),
        apps.get_model("audits", "Audit"),
        now=timezone.now(),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("audits", "0004_judged_ratings"),
    ]

    operations = [
        migrations.CreateModel(
            name="AnswerRecheck",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("question", models.CharField(max_length=16)),
                ("is_moderation", models.BooleanField(default=False)),
                ("neighbours", models.JSONField(default=list)),
                ("answered_at", models.DateTimeField()),
                ("flagged_at", models.DateTimeField()),
                (
                    "audit_case",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="rechecks", to="audits.auditcase"
                    ),
                ),
            ],
            options={
                "ordering": ["audit_case_id", "question", "is_moderation"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("audit_case", "question", "is_moderation"), name="recheck_unique_per_marker"
                    )
                ],
            },
        ),
        migrations.RunPython(flag_answers, migrations.RunPython.noop),
    ]
