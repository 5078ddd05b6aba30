"""Every audit keeps a copy of its framework as it was when the audit was made (decision 0054).

Audits made before this migration get the copy they were made with: the 2025 inspection
framework as it stood before decision 0054 (kept in migrations/data), every other framework
as its file is now (unchanged by 0054)."""

import json
from pathlib import Path

import yaml
from django.db import migrations, models

DATA = Path(__file__).resolve().parent / "data"
FRAMEWORKS = Path(__file__).resolve().parent.parent / "frameworks"
BEFORE = {"hmip-youth-2025": DATA / "hmip-youth-2025-before-0054.yaml"}


def _data(path: Path) -> dict:
    return json.loads(json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")), default=str))


def freeze(apps, schema_editor):
    Audit = apps.get_model("audits", "Audit")
    copies: dict[str, dict] = {}
    for audit in Audit.objects.filter(framework_frozen={}):
        if audit.framework not in copies:
            path = BEFORE.get(audit.framework) or FRAMEWORKS / f"{audit.framework}.yaml"
            copies[audit.framework] = _data(path) if path.is_file() else {}
        if copies[audit.framework]:  # a framework from a service's own directory keeps reading its file
            # One JSON text, as audits.frameworks.frozen_copy keeps it: the file's order on any database.
            audit.framework_frozen = {"json": json.dumps(copies[audit.framework])}
            audit.save(update_fields=["framework_frozen"])


class Migration(migrations.Migration):
    dependencies = [("audits", "0006_settlement")]

    operations = [
        migrations.AddField(
            model_name="audit", name="framework_frozen", field=models.JSONField(blank=True, default=dict)
        ),
        migrations.RunPython(freeze, migrations.RunPython.noop),
    ]
