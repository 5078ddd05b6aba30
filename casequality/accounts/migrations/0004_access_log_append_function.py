"""PostgreSQL: an access-log entry joins the chain in one statement (docs/decisions/0020).

`casequality_access_log_append` does on the server what accounts.services._append did
in five round trips: lock the chain's head, hash the entry over the head's hash, insert
it, move the head. The entry's canonical content (accounts/chain.py) is made by Python,
as before, in two parts around its `seq`, which only the locked head gives; the server
puts them together and hashes with sha256(), so the hash is the one `access-log verify`
recomputes. The head stays locked from the SELECT ... FOR UPDATE to the commit, as
before, but no longer while a web process is descheduled between round trips.
"""

from django.db import migrations

APPEND_FUNCTION = """
CREATE OR REPLACE FUNCTION casequality_access_log_append(
    p_at timestamptz, p_actor_id bigint, p_actor_name varchar, p_role varchar, p_client_address varchar,
    p_verb varchar, p_service_id bigint, p_case_id bigint, p_case_ref varchar, p_case_refs text,
    p_target varchar, p_payload jsonb, p_content_head text, p_content_tail text
) RETURNS TABLE (entry_id bigint, entry_seq bigint, entry_prev_hash varchar, entry_hash varchar)
LANGUAGE plpgsql VOLATILE AS $fn$
DECLARE
    head_seq bigint;
    head_hash varchar;
BEGIN
    SELECT c.seq, c.hash INTO head_seq, head_hash FROM accounts_accesslogchain c WHERE c.id = 1 FOR UPDATE;
    IF NOT FOUND THEN
        INSERT INTO accounts_accesslogchain (id, seq, hash, anchor_seq, anchor_hash)
        VALUES (1, 0, '', 0, '') ON CONFLICT (id) DO NOTHING;
        SELECT c.seq, c.hash INTO head_seq, head_hash FROM accounts_accesslogchain c WHERE c.id = 1 FOR UPDATE;
    END IF;
    entry_seq := head_seq + 1;
    entry_prev_hash := head_hash;
    entry_hash := encode(sha256(convert_to(
        head_hash || E'\\n' || p_content_head || entry_seq::text || p_content_tail, 'UTF8')), 'hex');
    INSERT INTO accounts_accesslogentry (
        seq, at, actor_id, actor_name, role, client_address, verb, service_id, case_id, case_ref, case_refs,
        target, payload, prev_hash, hash)
    VALUES (entry_seq, p_at, p_actor_id, p_actor_name, p_role, p_client_address, p_verb, p_service_id, p_case_id,
            p_case_ref, p_case_refs, p_target, p_payload, entry_prev_hash, entry_hash)
    RETURNING id INTO entry_id;
    UPDATE accounts_accesslogchain SET seq = entry_seq, hash = entry_hash WHERE id = 1;
    RETURN NEXT;
END
$fn$;
"""

REMOVE_APPEND_FUNCTION = """
DROP FUNCTION IF EXISTS casequality_access_log_append(
    timestamptz, bigint, varchar, varchar, varchar, varchar, bigint, bigint, varchar, text, varchar, jsonb, text, text);
"""


def add_function(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(APPEND_FUNCTION, params=None)


def remove_function(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(REMOVE_APPEND_FUNCTION, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_access_log_chain"),
    ]

    operations = [
        migrations.RunPython(add_function, remove_function),
    ]
