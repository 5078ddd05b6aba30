"""Each case's urgency kept (docs/decisions/0060-the-caseloads-urgency-kept.md): the table,
then filled from the open findings of the cases there are, a batch of cases at a time (a
batch's aggregate and its rows in memory, never the service's). Cases without an open
finding get no row (the caseload reads no row as no urgency, as a row of zeros)."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import Count, Min, Q

BATCH = 2000


def fill(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    Finding = apps.get_model("standards", "Finding")
    CaseUrgency = apps.get_model("standards", "CaseUrgency")
    db = schema_editor.connection.alias
    last = 0
    while True:
        ids = list(Case.objects.using(db).filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:BATCH])
        if not ids:
            return
        last = ids[-1]
        # The same aggregate as services.case_urgency_refresh (a test holds them to the caseload's subqueries).
        rows = (
            Finding.objects.using(db)
            .filter(case_id__in=ids, resolved_on__isnull=True)
            .order_by()
            .values("case_id")
            .annotate(
                next_due=Min("due", filter=Q(actionable=True)),
                must=Count("id", filter=Q(kind="finding", severity="must")),
                should=Count("id", filter=Q(kind="finding", severity="should")),
                tasks=Count("id", filter=Q(kind="task")),
            )
        )
        CaseUrgency.objects.using(db).bulk_create([CaseUrgency(**row) for row in rows], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0011_case_search_trigram_and_dob"),
        ("standards", "0007_finding_fk_indexes"),
    ]

    operations = [
        migrations.CreateModel(
            name="CaseUrgency",
            fields=[
                (
                    "case",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="urgency",
                        serialize=False,
                        to="cases.case",
                    ),
                ),
                ("next_due", models.DateField(blank=True, null=True)),
                ("must", models.PositiveIntegerField(default=0)),
                ("should", models.PositiveIntegerField(default=0)),
                ("tasks", models.PositiveIntegerField(default=0)),
            ],
            options={"verbose_name_plural": "case urgencies"},
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
    ]
