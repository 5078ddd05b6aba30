"""Format 2.1's records of a case: serious incidents and MAPPA eligibility (decision 0053)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0009_case_search_key"),
    ]

    operations = [
        migrations.AddField(
            model_name="case",
            name="serious_incidents",
            field=models.JSONField(blank=True, default=list),
        ),
        migrations.AddField(
            model_name="case",
            name="mappa_eligibility",
            field=models.JSONField(blank=True, default=list),
        ),
    ]
