"""The items returned and awaiting the case manager, kept (cases.ReturnedItem): the table,
then filled for every case there is by the statement that writes it from then on
(data.today.returned_items_refresh, a thousand cases a statement)."""

import django.db.models.deletion
from django.db import migrations, models

from casequality.data.today import returned_items_refresh


def fill(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    db = schema_editor.connection.alias
    returned_items_refresh(case_ids=list(Case.objects.using(db).order_by("pk").values_list("pk", flat=True)), using=db)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0011_case_search_trigram_and_dob"),
    ]

    operations = [
        migrations.CreateModel(
            name="ReturnedItem",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("kind", models.CharField(max_length=12)),
                ("ref", models.CharField(max_length=64)),
                ("item_id", models.BigIntegerField()),
                ("returned_on", models.DateField()),
                (
                    "act",
                    models.ForeignKey(
                        null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="cases.act"
                    ),
                ),
                (
                    "case",
                    models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="cases.case"),
                ),
            ],
            options={
                "ordering": ["id"],
            },
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
