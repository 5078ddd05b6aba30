"""Each case's kept urgency carries the case's service and reference, and every case has
a row (docs/decisions/0060-the-caseloads-urgency-kept.md, decision 0063's "what is
left"): the rows there are get their case's service and reference, and a case without
a row gets one of zeros (no open finding), a batch of cases at a time. 0010 then makes
them required and adds the index the caseload walks."""

import django.db.models.deletion
from django.db import migrations, models

BATCH = 2000


def fill(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    CaseUrgency = apps.get_model("standards", "CaseUrgency")
    db = schema_editor.connection.alias
    last = 0
    while True:
        cases = list(
            Case.objects.using(db).filter(pk__gt=last).order_by("pk").values_list("pk", "service_id", "ref")[:BATCH]
        )
        if not cases:
            return
        last = cases[-1][0]
        kept = set(
            CaseUrgency.objects.using(db)
            .filter(case_id__in=[pk for pk, _, _ in cases])
            .values_list("case_id", flat=True)
        )
        CaseUrgency.objects.using(db).bulk_update(
            [CaseUrgency(case_id=pk, service_id=service, ref=ref) for pk, service, ref in cases if pk in kept],
            ["service", "ref"],
            batch_size=1000,
        )
        CaseUrgency.objects.using(db).bulk_create(
            [CaseUrgency(case_id=pk, service_id=service, ref=ref) for pk, service, ref in cases if pk not in kept],
            batch_size=1000,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0011_case_search_trigram_and_dob"),
        ("standards", "0008_case_urgency"),
    ]

    operations = [
        migrations.AddField(
            model_name="caseurgency",
            name="service",
            field=models.ForeignKey(
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="cases.service",
            ),
        ),
        migrations.AddField(
            model_name="caseurgency",
            name="ref",
            field=models.CharField(default="", max_length=64),
            preserve_default=False,
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
    ]
