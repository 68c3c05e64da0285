-- L1, T1: the audit chain is computed by the database, and tenants are closed, never deleted, while their
-- audit log is kept.
--
-- Before this migration the application computed each event's hash and supplied seq, created_at, prev_hash
-- and hash, and the runtime role could write the chain head: it could insert an event that re-verified,
-- backdate one past retention and delete it, or move the anchor so verification skipped every event. Now:
--   * a trigger owned by the owner role sets id, seq, created_at, prev_hash and hash on every INSERT,
--     whatever the caller supplied, and advances the chain head;
--   * the hash is an HMAC-SHA256 under a per-database key in a table only the owner role can read, so a
--     role that cannot read it cannot compute a hash that verifies, even with write access to the rows;
--   * the runtime role keeps SELECT and INSERT on the events and nothing else: no UPDATE, no DELETE, no
--     write on the chain head; verification and retention are SECURITY DEFINER functions that act on the
--     tenant in scope, and retention only deletes events past 24 months and moves the anchor with them;
--   * deleting a tenant no longer cascades into its audit log (RESTRICT), the runtime role may not delete
--     tenants, and close_tenant() is the one way to close an account: it purges the tenant's data except
--     the audit log, which retention removes when its own 24 months end, and the tenant row with it.
-- What a compromised runtime role can and cannot do is written down in docs/security-controls.md (L1).
-- Every function here that needs a tenant in scope and finds none raises SQLSTATE HT001.

-- pgcrypto (a trusted extension since PostgreSQL 13, so the database owner may create it) for HMAC and
-- strong random bytes.
CREATE EXTENSION IF NOT EXISTS pgcrypto;

-- The chain key: 32 random bytes made here, in this database, never in the repository or the environment.
-- No role but the owner has any privilege on this table. It is in every backup of the database.
CREATE TABLE audit_chain_key (
    one  boolean PRIMARY KEY DEFAULT true CHECK (one),
    key  bytea NOT NULL CHECK (length(key) = 32)
);
INSERT INTO audit_chain_key (key) VALUES (gen_random_bytes(32));
REVOKE ALL ON audit_chain_key FROM PUBLIC;

-- The bytes an event's hash covers: a version label, then every field in a fixed order, each as a presence
-- byte and, when present, a 4-byte big-endian length and the bytes (UTF-8 text, 16-byte UUIDs, 8-byte
-- big-endian numbers, jsonb in PostgreSQL's own text form, created_at in microseconds since the epoch).
-- The same encoding the application used for version 1, so V1 chains can be checked while they are
-- carried over below.
CREATE FUNCTION audit_field(value bytea) RETURNS bytea
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT CASE WHEN value IS NULL THEN '\x00'::bytea ELSE '\x01'::bytea || int4send(length(value)) || value END $$;

CREATE FUNCTION audit_event_message(version text, e admin_audit_events) RETURNS bytea
    LANGUAGE sql STABLE SET search_path = public, pg_temp
    AS $$ SELECT audit_field(convert_to(version, 'UTF8'))
              || audit_field(uuid_send(e.tenant_id))
              || audit_field(int8send(e.seq))
              || audit_field(convert_to(e.actor_type, 'UTF8'))
              || audit_field(uuid_send(e.actor_id))
              || audit_field(convert_to(e.action, 'UTF8'))
              || audit_field(convert_to(e.resource_type, 'UTF8'))
              || audit_field(convert_to(e.resource_id, 'UTF8'))
              || audit_field(convert_to(e.before::text, 'UTF8'))
              || audit_field(convert_to(e.after::text, 'UTF8'))
              || audit_field(convert_to(e.client_ip, 'UTF8'))
              || audit_field(int8send((extract(epoch FROM e.created_at) * 1000000)::bigint))
              || audit_field(e.prev_hash) $$;

-- Version 2: keyed. Only the owner role (and SECURITY DEFINER functions it owns) can call it.
CREATE FUNCTION audit_event_hmac(e admin_audit_events) RETURNS bytea
    LANGUAGE sql STABLE SET search_path = public, pg_temp
    AS $$ SELECT hmac(audit_event_message('humane-audit-v2', e), (SELECT k.key FROM audit_chain_key k), 'sha256') $$;

-- Walks one stretch of a tenant's chain in seq order: the events after from_seq up to to_seq, the first of
-- which must link to from_hash. Answers how many were examined, the first bad seq (null when none) and
-- the hash the walk ended on. STABLE: the whole walk reads one snapshot.
CREATE FUNCTION audit_walk(p_tenant uuid, from_seq bigint, from_hash bytea, to_seq bigint,
                           OUT checked bigint, OUT first_bad_seq bigint, OUT last_hash bytea)
    LANGUAGE plpgsql STABLE SET search_path = public, pg_temp
    AS $$
DECLARE
    e admin_audit_events%ROWTYPE;
    expected bigint := from_seq + 1;
BEGIN
    checked := 0;
    last_hash := from_hash;
    FOR e IN SELECT * FROM admin_audit_events ev
             WHERE ev.tenant_id = p_tenant AND ev.seq > from_seq AND ev.seq <= to_seq ORDER BY ev.seq LOOP
        checked := checked + 1;
        IF e.seq <> expected OR e.prev_hash <> last_hash OR e.hash <> audit_event_hmac(e) THEN
            first_bad_seq := least(e.seq, expected);
            RETURN;
        END IF;
        last_hash := e.hash;
        expected := expected + 1;
    END LOOP;
    IF expected <= to_seq THEN
        first_bad_seq := expected;
    END IF;
END $$;

REVOKE ALL ON FUNCTION audit_field(bytea), audit_event_message(text, admin_audit_events),
    audit_event_hmac(admin_audit_events), audit_walk(uuid, bigint, bytea, bigint) FROM PUBLIC;

-- Carry the V1 chains over: each tenant's chain is checked under the V1 (unkeyed SHA-256) rule from its
-- anchor, and the intact stretch is re-hashed under the key. Where a chain was already broken the events
-- from the break on are left as they are, so verification still reports the break at the same seq:
-- carrying a chain over never launders tampering. The owner reads across tenants here only.
ALTER TABLE admin_audit_events NO FORCE ROW LEVEL SECURITY;
ALTER TABLE admin_audit_chains NO FORCE ROW LEVEL SECURITY;
DO $$
DECLARE
    head admin_audit_chains%ROWTYPE;
    e admin_audit_events%ROWTYPE;
    expected bigint;
    old_previous bytea;
    new_previous bytea;
    intact boolean;
BEGIN
    FOR head IN SELECT * FROM admin_audit_chains LOOP
        expected := head.anchor_seq + 1;
        old_previous := head.anchor_hash;
        new_previous := head.anchor_hash;
        intact := true;
        FOR e IN SELECT * FROM admin_audit_events ev WHERE ev.tenant_id = head.tenant_id
                 AND ev.seq > head.anchor_seq AND ev.seq <= head.last_seq ORDER BY ev.seq LOOP
            IF e.seq <> expected OR e.prev_hash <> old_previous
               OR e.hash <> sha256(audit_event_message('humane-audit-v1', e)) THEN
                intact := false;
                EXIT;
            END IF;
            old_previous := e.hash;
            e.prev_hash := new_previous;
            new_previous := audit_event_hmac(e);
            UPDATE admin_audit_events SET prev_hash = e.prev_hash, hash = new_previous WHERE id = e.id;
            expected := expected + 1;
        END LOOP;
        IF intact AND expected > head.last_seq AND old_previous = head.last_hash THEN
            UPDATE admin_audit_chains SET last_hash = new_previous WHERE tenant_id = head.tenant_id;
        ELSE
            RAISE WARNING 'The audit chain of tenant % does not verify (near seq %); kept as it was from there on',
                head.tenant_id, expected;
        END IF;
    END LOOP;
END $$;
ALTER TABLE admin_audit_events FORCE ROW LEVEL SECURITY;
ALTER TABLE admin_audit_chains FORCE ROW LEVEL SECURITY;

-- Every INSERT gets its place in the chain from here, whatever the caller supplied: the next seq, the
-- previous hash, the database's clock (read after the head is locked, so created_at grows with seq) and the
-- keyed hash; credential-named keys are stripped from before and after first. The head row is locked until
-- the transaction ends, so concurrent writers of one tenant queue here and seq has no gaps or duplicates;
-- writers of different tenants do not wait for each other. SECURITY DEFINER: the runtime role can neither
-- read the key nor write the head. The tenant must be the one in scope (row-level security also checks).
CREATE FUNCTION audit_events_chain() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
DECLARE
    head admin_audit_chains%ROWTYPE;
BEGIN
    IF NEW.tenant_id IS NULL OR NEW.tenant_id IS DISTINCT FROM humane_current_tenant() THEN
        RAISE EXCEPTION 'audit events are written only to the chain of the tenant in scope' USING ERRCODE = 'HT001';
    END IF;
    INSERT INTO admin_audit_chains (tenant_id) VALUES (NEW.tenant_id) ON CONFLICT (tenant_id) DO NOTHING;
    SELECT * INTO STRICT head FROM admin_audit_chains c WHERE c.tenant_id = NEW.tenant_id FOR UPDATE;
    NEW.id := gen_random_uuid();
    NEW.seq := head.last_seq + 1;
    NEW.created_at := clock_timestamp();
    NEW.prev_hash := head.last_hash;
    NEW.before := audit_redact(NEW.before);
    NEW.after := audit_redact(NEW.after);
    NEW.hash := audit_event_hmac(NEW);
    UPDATE admin_audit_chains SET last_seq = NEW.seq, last_hash = NEW.hash WHERE tenant_id = NEW.tenant_id;
    RETURN NEW;
END $$;
REVOKE ALL ON FUNCTION audit_events_chain() FROM PUBLIC;
CREATE TRIGGER audit_events_chain BEFORE INSERT ON admin_audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_chain();

-- Verification of the tenant in scope, from its retention anchor to its head: valid, how many events were
-- examined, and the first bad seq. A tenant without a head is intact only if it has no events at all.
CREATE FUNCTION audit_verify(OUT valid boolean, OUT events_checked bigint, OUT first_bad_seq bigint)
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
DECLARE
    tenant uuid := humane_current_tenant();
    head admin_audit_chains%ROWTYPE;
    walked record;
BEGIN
    IF tenant IS NULL THEN
        RAISE EXCEPTION 'the audit log is verified only inside a tenant''s scope' USING ERRCODE = 'HT001';
    END IF;
    SELECT * INTO head FROM admin_audit_chains c WHERE c.tenant_id = tenant;
    IF NOT FOUND THEN
        SELECT min(ev.seq) INTO first_bad_seq FROM admin_audit_events ev WHERE ev.tenant_id = tenant;
        valid := first_bad_seq IS NULL;
        events_checked := 0;
        RETURN;
    END IF;
    SELECT * INTO walked FROM audit_walk(tenant, head.anchor_seq, head.anchor_hash, head.last_seq);
    events_checked := walked.checked;
    first_bad_seq := walked.first_bad_seq;
    IF first_bad_seq IS NULL AND walked.last_hash <> head.last_hash THEN
        first_bad_seq := head.last_seq;
    END IF;
    valid := first_bad_seq IS NULL;
END $$;

-- Retention of the tenant in scope: deletes the prefix of its chain older than 24 months and moves the
-- anchor to the newest event deleted, in one transaction with the head locked. A prefix that does not
-- verify is left in place (retention never erases the evidence of tampering). A closed tenant whose last
-- event is gone leaves with it: its chain head and its row. Answers how many events went.
CREATE FUNCTION audit_apply_retention() RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
DECLARE
    tenant uuid := humane_current_tenant();
    head admin_audit_chains%ROWTYPE;
    up_to bigint;
    walked record;
    removed bigint;
BEGIN
    IF tenant IS NULL THEN
        RAISE EXCEPTION 'retention runs only inside a tenant''s scope' USING ERRCODE = 'HT001';
    END IF;
    SELECT * INTO head FROM admin_audit_chains c WHERE c.tenant_id = tenant FOR UPDATE;
    IF NOT FOUND THEN
        RETURN 0;
    END IF;
    SELECT min(ev.seq) - 1 INTO up_to FROM admin_audit_events ev
     WHERE ev.tenant_id = tenant AND ev.seq > head.anchor_seq AND ev.created_at >= audit_retention_cutoff();
    up_to := coalesce(up_to, head.last_seq);
    IF up_to <= head.anchor_seq THEN
        RETURN 0;
    END IF;
    SELECT * INTO walked FROM audit_walk(tenant, head.anchor_seq, head.anchor_hash, up_to);
    IF walked.first_bad_seq IS NOT NULL THEN
        RAISE WARNING 'Audit retention left tenant % untouched: its chain breaks at seq %', tenant, walked.first_bad_seq;
        RETURN 0;
    END IF;
    -- The restrictive retention_only policy lets nothing younger than 24 months go, whoever deletes.
    DELETE FROM admin_audit_events ev WHERE ev.tenant_id = tenant AND ev.seq <= up_to;
    GET DIAGNOSTICS removed = ROW_COUNT;
    IF removed <> up_to - head.anchor_seq THEN
        RAISE EXCEPTION 'Audit retention of tenant % would leave a gap (% of % events expired)',
            tenant, removed, up_to - head.anchor_seq;
    END IF;
    UPDATE admin_audit_chains SET anchor_seq = up_to, anchor_hash = walked.last_hash WHERE tenant_id = tenant;
    IF up_to = head.last_seq AND EXISTS (SELECT 1 FROM tenants t WHERE t.id = tenant AND t.closed_at IS NOT NULL) THEN
        DELETE FROM admin_audit_chains WHERE tenant_id = tenant;
        DELETE FROM tenants WHERE id = tenant;
    END IF;
    RETURN removed;
END $$;

-- The runtime role: events are SELECT and INSERT only; the chain head is not its to read or write.
REVOKE DELETE ON admin_audit_events FROM ${app_role};
REVOKE ALL ON admin_audit_chains FROM ${app_role};
REVOKE ALL ON FUNCTION audit_verify(), audit_apply_retention() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION audit_verify(), audit_apply_retention() TO ${app_role};

-- Closing an account (T1, L1). A cascade skips row-level security, so deleting a tenant row used to take its
-- whole audit log with it, past retention: the audit references now RESTRICT, and the runtime role may not
-- delete tenants, nor reopen one (it may still change a tenant's name and plan).
ALTER TABLE tenants ADD COLUMN closed_at timestamptz;
-- Checking the new constraints against existing rows reads tenants as the owner: let it see them, in this
-- transaction only (ALTER TABLE holds its lock until the migration commits).
ALTER TABLE tenants NO FORCE ROW LEVEL SECURITY;
ALTER TABLE admin_audit_events DROP CONSTRAINT admin_audit_events_tenant_id_fkey,
    ADD CONSTRAINT admin_audit_events_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants (id) ON DELETE RESTRICT;
ALTER TABLE admin_audit_chains DROP CONSTRAINT admin_audit_chains_tenant_id_fkey,
    ADD CONSTRAINT admin_audit_chains_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants (id) ON DELETE RESTRICT;
ALTER TABLE tenants FORCE ROW LEVEL SECURITY;
REVOKE DELETE, UPDATE ON tenants FROM ${app_role};
GRANT UPDATE (name, plan) ON tenants TO ${app_role};

-- Closes the tenant in scope: marks it closed, records tenant.closed in its audit log, and deletes every
-- row of every other table that has a tenant_id (found in the catalogue, so a table added later is purged
-- too). The audit log and its chain stay until retention removes them (audit_apply_retention above), and
-- then the tenant row goes. With every user, key and session gone, nobody can sign in to it again.
CREATE PROCEDURE close_tenant(p_actor_type text, p_actor_id uuid)
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
DECLARE
    tenant uuid := humane_current_tenant();
    tbl text;
BEGIN
    IF tenant IS NULL THEN
        RAISE EXCEPTION 'a tenant is closed only inside its own scope' USING ERRCODE = 'HT001';
    END IF;
    UPDATE tenants SET closed_at = now() WHERE id = tenant AND closed_at IS NULL;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'tenant % is unknown or already closed', tenant USING ERRCODE = 'P0002';
    END IF;
    FOR tbl IN SELECT c.relname FROM pg_class c
               WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p')
                 AND c.relname NOT IN ('admin_audit_events', 'admin_audit_chains')
                 AND EXISTS (SELECT 1 FROM pg_attribute a
                             WHERE a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped)
               ORDER BY c.relname LOOP
        EXECUTE format('DELETE FROM %I WHERE tenant_id = $1', tbl) USING tenant;
    END LOOP;
    INSERT INTO admin_audit_events (tenant_id, actor_type, actor_id, action, resource_type, resource_id, after)
    VALUES (tenant, p_actor_type, p_actor_id, 'tenant.closed', 'tenant', tenant::text,
            jsonb_build_object('closed', true, 'audit_log_kept_until',
                               to_char((now() + interval '24 months') AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')));
END $$;
REVOKE ALL ON PROCEDURE close_tenant(text, uuid) FROM PUBLIC;
GRANT EXECUTE ON PROCEDURE close_tenant(text, uuid) TO ${app_role};
