"""The national administrator: an administrator whose admin pages reach every service.

Set only by `casequality national-admin grant` (decision 0030). Administrators from
before this migration are kept to their own service from now on.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_access_log_key"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="national_admin",
            field=models.BooleanField(default=False, editable=False),
        ),
    ]
