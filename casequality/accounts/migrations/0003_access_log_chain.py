"""The access log becomes a hash chain (accounts/chain.py) that PostgreSQL keeps unchanged.

Existing entries are chained in the order they were written; the head row is made; on
PostgreSQL a trigger refuses UPDATE and DELETE of entries unless the retention service
has set `casequality.retention` to 'on' for its transaction (accounts.services.access_log_retain).
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def chain_existing_entries(apps, schema_editor):
    from casequality.accounts.chain import (
        hashed_fields,
    )  # the chain before its key (0005)
    from casequality.accounts.chain import (
        plain_entry_hash as entry_hash,
    )

    Entry = apps.get_model("accounts", "AccessLogEntry")
    Chain = apps.get_model("accounts", "AccessLogChain")
    prev, seq = "", 0
    for entry in Entry.objects.order_by("at", "id").iterator():
        seq += 1
        entry.seq, entry.prev_hash = seq, prev
        entry.hash = entry_hash(prev, hashed_fields(entry))
        entry.save(update_fields=["seq", "prev_hash", "hash"])
        prev = entry.hash
    Chain.objects.create(pk=1, seq=seq, hash=prev)


APPEND_ONLY = """
CREATE FUNCTION casequality_access_log_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('casequality.retention', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'the access log is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER accounts_accesslogentry_append_only
    BEFORE UPDATE OR DELETE ON accounts_accesslogentry
    FOR EACH ROW EXECUTE FUNCTION casequality_access_log_append_only();
"""
REMOVE_APPEND_ONLY = """
DROP TRIGGER IF EXISTS accounts_accesslogentry_append_only ON accounts_accesslogentry;
DROP FUNCTION IF EXISTS casequality_access_log_append_only();
"""


def append_only(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(APPEND_ONLY, params=None)


def not_append_only(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(REMOVE_APPEND_ONLY, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_no_superuser_demo_mark"),
        ("cases", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="AccessLogChain",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("seq", models.PositiveBigIntegerField(default=0)),
                ("hash", models.CharField(blank=True, max_length=64)),
                ("anchor_seq", models.PositiveBigIntegerField(default=0)),
                ("anchor_hash", models.CharField(blank=True, max_length=64)),
            ],
        ),
        migrations.CreateModel(
            name="AccessLogRemoval",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("at", models.DateTimeField()),
                ("through_seq", models.PositiveBigIntegerField()),
                ("through_hash", models.CharField(max_length=64)),
                ("entries", models.PositiveIntegerField()),
                ("before", models.DateTimeField()),
            ],
            options={
                "ordering": ["-at"],
            },
        ),
        migrations.AddField(
            model_name="accesslogentry",
            name="case_refs",
            field=models.TextField(blank=True),
        ),
        migrations.AddField(
            model_name="accesslogentry",
            name="client_address",
            field=models.CharField(blank=True, max_length=64),
        ),
        migrations.AddField(
            model_name="accesslogentry",
            name="hash",
            field=models.CharField(blank=True, max_length=64),
        ),
        migrations.AddField(
            model_name="accesslogentry",
            name="prev_hash",
            field=models.CharField(blank=True, max_length=64),
        ),
        migrations.AddField(
            model_name="accesslogentry",
            name="role",
            field=models.CharField(blank=True, max_length=20),
        ),
        migrations.AddField(
            model_name="accesslogentry",
            name="seq",
            field=models.PositiveBigIntegerField(null=True, unique=True),
        ),
        migrations.AlterField(
            model_name="accesslogentry",
            name="actor",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AlterField(
            model_name="accesslogentry",
            name="at",
            field=models.DateTimeField(db_index=True),
        ),
        migrations.AlterField(
            model_name="accesslogentry",
            name="case",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="cases.case",
            ),
        ),
        migrations.AlterField(
            model_name="accesslogentry",
            name="service",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="cases.service",
            ),
        ),
        migrations.AlterField(
            model_name="accesslogentry",
            name="verb",
            field=models.CharField(
                choices=[
                    ("view", "Viewed"),
                    ("change", "Changed"),
                    ("import", "Imported"),
                    ("export", "Exported"),
                    ("countersign", "Countersigned"),
                    ("note", "Added a note"),
                    ("audit", "Audited"),
                    ("self_audit", "Self-audited"),
                    ("sample", "Sampled for supervision"),
                    ("manager_entry", "Made a manager entry"),
                    ("denied", "Was refused"),
                    ("sign_in", "Signed in"),
                    ("sign_in_failed", "Failed to sign in"),
                    ("sign_out", "Signed out"),
                    ("subject_access", "Exported for subject access"),
                    ("erase", "Erased"),
                    ("retention", "Removed under the retention schedule"),
                ],
                max_length=20,
            ),
        ),
        migrations.RunPython(chain_existing_entries, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="accesslogentry",
            name="seq",
            field=models.PositiveBigIntegerField(unique=True),
        ),
        migrations.RunPython(append_only, not_append_only),
    ]
