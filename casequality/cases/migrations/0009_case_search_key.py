"""A child's name as search compares it, indexed, filled for every case (decision 0048)."""

from django.db import migrations, models

from casequality.cases.search_key import search_key

BATCH = 2000


def fill(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    batch = []
    for case in Case.objects.only("id", "child_name").iterator(chunk_size=BATCH):
        case.search_key = search_key(case.child_name)
        batch.append(case)
        if len(batch) >= BATCH:
            Case.objects.bulk_update(batch, ["search_key"])
            batch = []
    if batch:
        Case.objects.bulk_update(batch, ["search_key"])


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0008_staff_filter_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="case",
            name="search_key",
            field=models.CharField(blank=True, default="", editable=False, max_length=200),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(fields=["service", "search_key"], name="case_service_search_key"),
        ),
    ]
