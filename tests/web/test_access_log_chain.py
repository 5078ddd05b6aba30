"""The access log: every page showing children writes one entry, and the entries form a chain."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from casequality.accounts.chain import access_log_verify
from casequality.accounts.models import AccessLogEntry, AccessVerb
from casequality.accounts.services import access_log_record
from tests.conftest import PASSWORD


def latest(**filters) -> AccessLogEntry:
    return AccessLogEntry.objects.filter(**filters).order_by("-seq").first()


def test_the_caseload_page_writes_one_entry_naming_the_cases_on_it(client, world):
    client.force_login(world.cast.tm_north)
    assert client.get("/cases/").status_code == 200
    entry = latest(target="caseload page 1")
    assert (entry.actor, entry.role, entry.verb) == (world.cast.tm_north, "team_manager", AccessVerb.VIEW)
    assert " N-0001 " in entry.case_refs and " N-0002 " in entry.case_refs
    assert " S-0001 " not in entry.case_refs


def test_an_entry_records_where_the_request_came_from(client, world):
    client.force_login(world.cast.cm_a)
    client.get("/cases/N-0001/", REMOTE_ADDR="192.0.2.7")
    assert latest(case_ref="N-0001", target="case page").client_address == "192.0.2.7"


def test_a_report_download_writes_an_entry(client, world):
    client.force_login(world.cast.qa_lead)
    assert client.get(f"/reports/{world.audit.pk}/pdf/").status_code == 200
    entry = latest(target=f"report of audit {world.audit.pk} (PDF)")
    assert entry is not None and entry.actor == world.cast.qa_lead


def test_a_failed_sign_in_writes_an_entry_naming_the_account_tried(client, cast):
    client.post("/accounts/login/", {"username": "cm_a", "password": "wrong"})
    entry = latest(verb=AccessVerb.SIGN_IN_FAILED)
    assert (entry.actor_name, entry.actor) == ("cm_a", None)
    assert "wrong" not in str(entry.payload)


def test_signing_in_and_out_each_write_an_entry(client, cast):
    client.post("/accounts/login/", {"username": "cm_a", "password": PASSWORD})
    client.post("/accounts/logout/")
    assert latest(verb=AccessVerb.SIGN_IN).actor == cast.cm_a
    assert latest(verb=AccessVerb.SIGN_OUT).actor == cast.cm_a


def test_a_case_outside_ones_scope_writes_a_refusal_naming_it(client, world):
    client.force_login(world.cast.cm_b)
    assert client.get("/cases/N-0001/").status_code == 404
    entry = latest(verb=AccessVerb.DENIED)
    assert (entry.actor, entry.case_ref, entry.target) == (world.cast.cm_b, "N-0001", "404 /cases/N-0001/")


def test_each_entry_is_chained_to_the_one_before(cast):
    first = access_log_record(actor=cast.cm_a, verb=AccessVerb.VIEW, target="one")
    second = access_log_record(actor=cast.cm_a, verb=AccessVerb.VIEW, target="two")
    assert second.seq == first.seq + 1 and second.prev_hash == first.hash and len(second.hash) == 64


def test_verify_passes_a_whole_chain(client, world):
    client.force_login(world.cast.tm_north)
    client.get("/cases/")
    checked, broken = access_log_verify()
    assert broken is None and checked == AccessLogEntry.objects.count()


def test_the_heads_plain_read_gives_the_seq_and_hash_its_orm_twin_gives(cast):
    from casequality.accounts.services import _head_locked, _head_locked_values

    access_log_record(actor=cast.cm_a, verb=AccessVerb.VIEW, target="one")
    access_log_record(actor=cast.cm_a, verb=AccessVerb.VIEW, target="two")
    with transaction.atomic():
        plain = _head_locked_values()
        head = _head_locked()
    assert plain == (head.seq, head.hash) == (latest().seq, latest().hash)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL refuses the change itself (test below)")
def test_a_changed_row_makes_verify_fail_and_name_it(cast, capsys):
    access_log_record(actor=cast.cm_a, verb=AccessVerb.VIEW, target="first")
    changed = access_log_record(actor=cast.cm_a, verb=AccessVerb.VIEW, target="second")
    access_log_record(actor=cast.cm_a, verb=AccessVerb.VIEW, target="third")
    AccessLogEntry.objects.filter(pk=changed.pk).update(actor_name="someone else")
    with pytest.raises(SystemExit) as exit_:
        call_command("access-log", "verify")
    assert exit_.value.code == 1
    assert f"entry {changed.pk} (number {changed.seq} in the chain)" in capsys.readouterr().err


@pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL refuses the deletion itself")
def test_a_removed_row_makes_verify_name_the_entry_after_it(cast):
    access_log_record(actor=cast.cm_a, verb=AccessVerb.VIEW, target="first")
    removed = access_log_record(actor=cast.cm_a, verb=AccessVerb.VIEW, target="second")
    after = access_log_record(actor=cast.cm_a, verb=AccessVerb.VIEW, target="third")
    AccessLogEntry.objects.filter(pk=removed.pk).delete()
    _, broken = access_log_verify()
    assert broken.entry_id == after.pk and "missing" in broken.reason


@pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL refuses the deletion itself")
def test_removing_the_last_rows_makes_verify_fail_at_the_head(cast):
    access_log_record(actor=cast.cm_a, verb=AccessVerb.VIEW, target="first")
    last = access_log_record(actor=cast.cm_a, verb=AccessVerb.VIEW, target="second")
    AccessLogEntry.objects.filter(pk=last.pk).delete()
    _, broken = access_log_verify()
    assert broken is not None and broken.entry_id is None


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
def test_update_on_the_access_log_fails_on_postgresql(cast):
    entry = access_log_record(actor=cast.cm_a, verb=AccessVerb.VIEW, target="kept")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AccessLogEntry.objects.filter(pk=entry.pk).update(actor_name="someone else")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AccessLogEntry.objects.filter(pk=entry.pk).delete()
    assert AccessLogEntry.objects.get(pk=entry.pk).actor_name == "cm_a"


@pytest.fixture(scope="module")
def migrated_file(tmp_path_factory) -> Path:
    """A fresh SQLite file migrated by the console command, once for this module's console
    tests; each of them works on a copy of its own."""
    path = tmp_path_factory.mktemp("chain") / "migrated.sqlite3"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{path}", "CASEQUALITY_DEMO": "true"}
    assert subprocess.run([sys.executable, "-m", "casequality", "migrate", "-v0"], env=env).returncode == 0
    return path


def test_the_command_exits_0_on_a_whole_chain(tmp_path, migrated_file):
    """Run as an operator would, on a database of its own (a fresh SQLite file)."""
    shutil.copy(migrated_file, tmp_path / "db.sqlite3")
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", "CASEQUALITY_DEMO": "true"}
    command = [sys.executable, "-m", "casequality"]
    result = subprocess.run([*command, "access-log", "verify"], env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "whole" in result.stdout


def test_the_checkpoint_command_signs_the_head_and_verify_then_passes(tmp_path, migrated_file):
    shutil.copy(migrated_file, tmp_path / "db.sqlite3")
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", "CASEQUALITY_DEMO": "true"}
    command = [sys.executable, "-m", "casequality"]
    signed = subprocess.run([*command, "access-log", "checkpoint"], env=env, capture_output=True, text=True)
    assert signed.returncode == 0 and "Signed checkpoint" in signed.stdout, signed.stderr
    result = subprocess.run(
        [*command, "access-log", "verify", "--max-checkpoint-age", "1"], env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert "newest signed checkpoint" in result.stdout
