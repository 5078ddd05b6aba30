"""The access log's chain is keyed (HMAC) and checkpointed: whoever writes to the database
without the key cannot change, remove or re-anchor entries unnoticed (decision 0030)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from casequality.accounts.chain import access_log_verify, hashed_fields, plain_entry_hash
from casequality.accounts.models import AccessLogChain, AccessLogCheckpoint, AccessLogEntry, AccessVerb
from casequality.accounts.services import access_log_checkpoint, access_log_record, access_log_retain


def tamper() -> None:
    """Act as whoever can write to the database: on PostgreSQL the table's owner first
    switches off the append-only trigger (undone when the test's transaction rolls back)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ALTER TABLE accounts_accesslogentry DISABLE TRIGGER accounts_accesslogentry_append_only")


def write(n: int) -> list[AccessLogEntry]:
    return [
        access_log_record(actor=None, actor_name="a test", verb=AccessVerb.VIEW, target=f"entry {i}") for i in range(n)
    ]


def rehash_plainly(entries) -> None:
    """What anyone could do to the old, unkeyed chain: recompute every hash with SHA-256."""
    tamper()
    prev = ""
    for entry in AccessLogEntry.objects.order_by("seq"):
        entry.prev_hash, entry.hash = prev, plain_entry_hash(prev, hashed_fields(entry))
        AccessLogEntry.objects.filter(pk=entry.pk).update(prev_hash=entry.prev_hash, hash=entry.hash)
        prev = entry.hash
    AccessLogChain.objects.filter(pk=1).update(hash=prev)


def test_a_chain_changed_and_rehashed_without_the_key_fails_verify_at_the_changed_entry(db):
    entries = write(3)
    tamper()
    AccessLogEntry.objects.filter(pk=entries[1].pk).update(actor_name="someone else")
    rehash_plainly(entries)
    _, broken = access_log_verify()
    assert broken is not None and broken.entry_id == entries[0].pk and "without the key" in broken.reason


def test_verify_under_another_key_fails_at_the_first_entry(db):
    entries = write(2)
    with override_settings(CASEQUALITY_ACCESS_LOG_KEY="another key altogether"):
        _, broken = access_log_verify()
    assert broken.entry_id == entries[0].pk


def test_removing_the_oldest_entries_and_moving_the_anchor_fails_verify_naming_the_anchor(db):
    entries = write(5)
    tamper()
    AccessLogEntry.objects.filter(seq__lte=entries[1].seq).delete()
    AccessLogChain.objects.filter(pk=1).update(anchor_seq=entries[1].seq, anchor_hash=entries[1].hash)
    _, broken = access_log_verify()
    assert broken is not None and "anchor" in broken.reason and "retention" in broken.reason
    assert str(broken).startswith("the chain's head")


def test_moving_the_anchor_after_a_checkpoint_fails_verify_naming_the_checkpoint(db):
    entries = write(5)
    checkpoint = access_log_checkpoint()
    tamper()
    AccessLogEntry.objects.filter(seq__lte=entries[1].seq).delete()
    AccessLogChain.objects.filter(pk=1).update(anchor_seq=entries[1].seq, anchor_hash=entries[1].hash)
    _, broken = access_log_verify()
    assert broken.checkpoint_id == checkpoint.pk and "anchor" in broken.reason


def test_the_retention_command_moves_the_anchor_and_verify_passes(db):
    with time_machine.travel(dt.datetime(2018, 1, 1, tzinfo=dt.UTC)):
        write(3)
    write(2)
    assert access_log_retain(before=dt.datetime(2019, 1, 1, tzinfo=dt.UTC), actor_name="a test") == 3
    assert access_log_verify()[1] is None


def test_every_retention_run_signs_a_checkpoint_even_when_nothing_is_due(db):
    write(2)
    access_log_retain(before=dt.datetime(2000, 1, 1, tzinfo=dt.UTC), actor_name="a test")
    checkpoint = AccessLogCheckpoint.objects.get()
    assert (checkpoint.kind, checkpoint.seq) == ("retention", AccessLogChain.objects.get().seq)


def test_removing_entries_back_past_a_checkpoint_fails_verify_naming_the_checkpoint(db):
    entries = write(3)
    checkpoint = access_log_checkpoint()
    write(1)
    tamper()
    AccessLogEntry.objects.filter(seq__gte=entries[2].seq).delete()
    AccessLogChain.objects.filter(pk=1).update(seq=entries[1].seq, hash=entries[1].hash)
    _, broken = access_log_verify()
    assert broken.checkpoint_id == checkpoint.pk and "entries were removed" in broken.reason


def test_a_checkpoint_changed_in_the_database_fails_verify(db):
    write(3)
    checkpoint = access_log_checkpoint()
    AccessLogCheckpoint.objects.filter(pk=checkpoint.pk).update(seq=1)
    _, broken = access_log_verify()
    assert broken.checkpoint_id == checkpoint.pk and "not signed" in broken.reason


def test_verify_fails_when_the_newest_checkpoint_is_older_than_the_age_given(db):
    write(1)
    access_log_checkpoint()
    err = io.StringIO()
    with time_machine.travel(dt.timedelta(hours=3)):
        with pytest.raises(SystemExit) as exit_:
            call_command("access-log", "verify", "--max-checkpoint-age", "2", stdout=io.StringIO(), stderr=err)
    assert exit_.value.code == 1 and "No signed checkpoint in the last 2 hours" in err.getvalue()


def test_verify_passes_a_fresh_checkpoint_within_the_age_given(db):
    write(1)
    access_log_checkpoint()
    out = io.StringIO()
    call_command("access-log", "verify", "--max-checkpoint-age", "2", stdout=out)
    assert "whole: 1 entries" in out.getvalue()


def _write_unkeyed(n: int) -> list[AccessLogEntry]:
    """Entries as a release before the key wrote them (plain SHA-256)."""
    head, _ = AccessLogChain.objects.get_or_create(pk=1)
    made = []
    for i in range(n):
        entry = AccessLogEntry(
            seq=head.seq + 1,
            at=dt.datetime.now(dt.UTC),
            actor_name="before",
            verb="view",
            target=f"old {i}",
            payload={},
            prev_hash=head.hash,
        )
        entry.hash = plain_entry_hash(head.hash, hashed_fields(entry))
        entry.save()
        head.seq, head.hash = entry.seq, entry.hash
        made.append(entry)
    head.save()
    return made


def _migrate_to_the_key() -> None:
    from importlib import import_module

    import_module("casequality.accounts.migrations.0005_access_log_key").mark_the_key(apps, None)


def test_a_log_from_before_the_key_verifies_as_before_and_keyed_from_its_key_checkpoint(db):
    _write_unkeyed(3)
    _migrate_to_the_key()
    write(2)
    assert AccessLogCheckpoint.objects.get().kind == "key"
    checked, broken = access_log_verify()
    assert broken is None and checked == 5


def test_an_entry_before_the_key_changed_and_rehashed_fails_verify_at_the_key_checkpoint(db):
    old = _write_unkeyed(3)
    _migrate_to_the_key()
    write(1)
    tamper()
    AccessLogEntry.objects.filter(pk=old[2].pk).update(target="something else")
    changed = AccessLogEntry.objects.get(pk=old[2].pk)
    AccessLogEntry.objects.filter(pk=old[2].pk).update(hash=plain_entry_hash(changed.prev_hash, hashed_fields(changed)))
    _, broken = access_log_verify()
    assert broken is not None and broken.seq == old[2].seq


def test_an_entry_after_the_key_hashed_plainly_fails_verify(db):
    _write_unkeyed(2)
    _migrate_to_the_key()
    (new,) = write(1)
    tamper()
    AccessLogEntry.objects.filter(pk=new.pk).update(hash=plain_entry_hash(new.prev_hash, hashed_fields(new)))
    AccessLogChain.objects.filter(pk=1).update(hash=plain_entry_hash(new.prev_hash, hashed_fields(new)))
    _, broken = access_log_verify()
    assert broken.entry_id == new.pk and "without the key" in broken.reason


def test_the_key_is_nowhere_in_the_database(db, settings):
    from casequality.accounts.chain import _key

    write(3)
    access_log_checkpoint()
    out = io.StringIO()
    call_command("dumpdata", "accounts", stdout=out)
    dump = out.getvalue()
    assert settings.CASEQUALITY_ACCESS_LOG_KEY not in dump
    assert _key("entries").hex() not in dump and _key("checkpoints").hex() not in dump
