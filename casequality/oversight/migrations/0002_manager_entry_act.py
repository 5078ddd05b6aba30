"""Manager entries and requests for oversight made in Casequality become its own acts.

They were `manager_entry` / `oversight_request` events in the CMS's part of the record,
which the next import deleted. Each becomes a cases.Act (same ref, author, date, text),
its event row goes, and a manager entry points at its act.
"""

import django.db.models.deletion
from django.db import migrations, models


def events_to_acts(apps, schema_editor):
    Act = apps.get_model("cases", "Act")
    Event = apps.get_model("cases", "Event")
    ManagerEntry = apps.get_model("oversight", "ManagerEntry")
    for entry in ManagerEntry.objects.exclude(event=None).select_related("event", "event__by"):
        event = entry.event
        act = Act.objects.create(
            case_id=event.case_id,
            ref=event.ref,
            kind="manager_entry",
            subject_type="case",
            subject_ref="",
            by=event.by,
            by_ref=event.by.ref if event.by else "",
            date=event.date,
            text=event.detail,
            recorded_at=entry.created_at,
            recorded_by=entry.author_name,
        )
        entry.act_id = act.pk
        entry.save(update_fields=["act"])
        event.delete()
    for event in Event.objects.filter(type="oversight_request", extra__source="casequality").select_related("by"):
        Act.objects.create(
            case_id=event.case_id,
            ref=event.ref,
            kind="oversight_request",
            subject_type="plan" if event.case.plans.filter(ref=event.extra.get("subject")).exists() else "assessment",
            subject_ref=event.extra.get("subject") or "",
            by=event.by,
            by_ref=event.by.ref if event.by else "",
            date=event.date,
            text=event.detail,
            recorded_at=event.case.updated_at,
            recorded_by="casequality",
        )
        event.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0002_act"),
        ("oversight", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="managerentry",
            name="act",
            field=models.OneToOneField(
                null=True, on_delete=django.db.models.deletion.CASCADE, related_name="manager_entry", to="cases.act"
            ),
        ),
        migrations.RunPython(events_to_acts, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name="managerentry",
            name="event",
        ),
    ]
