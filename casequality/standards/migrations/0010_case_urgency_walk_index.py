"""The kept urgency's service required, and the index the caseload walks in urgency order
within a service (0009 filled every row; decision 0060)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0011_case_search_trigram_and_dob"),
        ("standards", "0009_case_urgency_walk"),
    ]

    operations = [
        migrations.AlterField(
            model_name="caseurgency",
            name="service",
            field=models.ForeignKey(
                db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="cases.service"
            ),
        ),
        migrations.AddIndex(
            model_name="caseurgency",
            index=models.Index(
                models.F("service"),
                models.F("next_due"),
                models.OrderBy(models.F("must"), descending=True),
                models.F("ref"),
                models.F("case"),
                name="caseurgency_walk",
            ),
        ),
    ]
