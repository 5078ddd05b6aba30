"""Countersignatures and returns made in Casequality become its own acts.

They were written onto the CMS's assessment and plan rows, which the next import
replaced. The access log holds each one (verb `countersign`, target "assessment A3",
the outcome and comment, the user): each becomes a cases.Act. Where the row still holds
exactly that countersignature, it was Casequality's writing, not the CMS's: the row's
countersignature is cleared so the act is not taken for a CMS record of itself.
"""

from django.db import migrations

COLUMNS = ("countersigned_by", "countersigned_date", "countersigned_outcome", "countersigned_comment")


def countersignatures_to_acts(apps, schema_editor):
    Act = apps.get_model("cases", "Act")
    AccessLogEntry = apps.get_model("accounts", "AccessLogEntry")
    models = {"assessment": apps.get_model("cases", "Assessment"), "plan": apps.get_model("cases", "Plan")}
    entries = AccessLogEntry.objects.filter(verb="countersign").exclude(case=None).order_by("at", "id")
    for entry in entries.select_related("actor", "actor__staff"):
        kind, _, ref = entry.target.partition(" ")
        staff = entry.actor.staff if entry.actor is not None else None
        if kind not in models or staff is None:
            continue
        outcome, comment = entry.payload.get("outcome", ""), entry.payload.get("comment", "")
        row = models[kind].objects.filter(case_id=entry.case_id, ref=ref).first()
        day = entry.at.date()
        if row is not None and (row.countersigned_by_id, row.countersigned_outcome, row.countersigned_comment) == (
            staff.pk,
            outcome,
            comment,
        ):
            day = row.countersigned_date or day
            for column in COLUMNS:
                setattr(row, column, None if column in ("countersigned_by", "countersigned_date") else "")
            row.save(update_fields=list(COLUMNS))
        Act.objects.create(
            case_id=entry.case_id,
            ref=f"CQ-migrated-{entry.pk}",
            kind="countersignature",
            subject_type=kind,
            subject_ref=ref,
            by=staff,
            by_ref=staff.ref,
            date=day,
            outcome=outcome,
            text=comment,
            recorded_at=entry.at,
            recorded_by=entry.actor_name,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0002_act"),
        ("accounts", "0001_initial"),
    ]

    operations = [migrations.RunPython(countersignatures_to_acts, migrations.RunPython.noop)]
