"""The access log's chain is keyed (HMAC with CASEQUALITY_ACCESS_LOG_KEY) and checkpointed.

- AccessLogCheckpoint: signed positions of the chain (accounts/chain.py).
- PostgreSQL's one-statement writer (0004) goes: it hashed with plain SHA-256 on the
  server, and the key must never reach the database; entries are hashed in Python.
- A log that already holds entries is not rehashed (that would also bless any change made
  to it before): a first checkpoint of kind "key" signs its head as `plain_through`, and
  `access-log verify` checks entries up to there as before (plain SHA-256) and every later
  one keyed (decision 0030).
"""

import importlib

from django.db import migrations, models
from django.utils import timezone


def mark_the_key(apps, schema_editor):
    from casequality.accounts.chain import SIGNED_FIELDS, checkpoint_signature

    Chain = apps.get_model("accounts", "AccessLogChain")
    Checkpoint = apps.get_model("accounts", "AccessLogCheckpoint")
    head = Chain.objects.filter(pk=1).first()
    if head is None or head.seq == 0:
        return  # nothing written before the key: every entry will be keyed
    checkpoint = Checkpoint(
        at=timezone.now(),
        kind="key",
        seq=head.seq,
        hash=head.hash,
        anchor_seq=head.anchor_seq,
        anchor_hash=head.anchor_hash,
        plain_through=head.seq,
    )
    checkpoint.signature = checkpoint_signature({name: getattr(checkpoint, name) for name in SIGNED_FIELDS})
    checkpoint.save()


def drop_append_function(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        old = importlib.import_module("casequality.accounts.migrations.0004_access_log_append_function")
        schema_editor.execute(old.REMOVE_APPEND_FUNCTION, params=None)


def restore_append_function(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        old = importlib.import_module("casequality.accounts.migrations.0004_access_log_append_function")
        schema_editor.execute(old.APPEND_FUNCTION, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_access_log_append_function"),
    ]

    operations = [
        migrations.CreateModel(
            name="AccessLogCheckpoint",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("at", models.DateTimeField()),
                ("kind", models.CharField(max_length=20)),
                ("seq", models.PositiveBigIntegerField()),
                ("hash", models.CharField(blank=True, max_length=64)),
                ("anchor_seq", models.PositiveBigIntegerField(default=0)),
                ("anchor_hash", models.CharField(blank=True, max_length=64)),
                ("plain_through", models.PositiveBigIntegerField(default=0)),
                ("signature", models.CharField(max_length=64)),
            ],
            options={"ordering": ["-id"]},
        ),
        migrations.RunPython(drop_append_function, restore_append_function),
        migrations.RunPython(mark_the_key, migrations.RunPython.noop),
    ]
