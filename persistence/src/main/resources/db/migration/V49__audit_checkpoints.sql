-- L1: signed checkpoints of a tenant's audit chain, kept by the tenant outside the database.
--
-- The chain key is in the database (V10), so the owner role and the superuser can rewrite a whole chain
-- consistently and audit_verify() still answers valid. A checkpoint is the chain head (seq and hash) signed by
-- the application with a key of JWT_SIGNING_KEYS, which lives in the environment, never in the database; a
-- checkpoint the tenant kept is later compared with the chain as it is now. These two functions give the
-- runtime role what it needs for that and nothing more: the head of the tenant in scope (the head row is not
-- the runtime role's to read, V10), and whether the chain still reaches a given seq with a given hash. Both
-- act only on the tenant in scope and raise SQLSTATE HT001 without one, as the functions of V10 do.

-- The head of the tenant in scope: its last seq and last hash, read from the one row the trigger updates in the
-- same transaction as the event, so the pair is always one committed state. A tenant with no event yet has the
-- head a first event would link to: seq 0 and 32 zero bytes.
CREATE FUNCTION audit_head(OUT seq bigint, OUT hash bytea)
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
DECLARE
    tenant uuid := humane_current_tenant();
BEGIN
    IF tenant IS NULL THEN
        RAISE EXCEPTION 'the audit chain head is read only inside a tenant''s scope' USING ERRCODE = 'HT001';
    END IF;
    SELECT c.last_seq, c.last_hash INTO seq, hash FROM admin_audit_chains c WHERE c.tenant_id = tenant;
    IF NOT FOUND THEN
        seq := 0;
        hash := decode(repeat('00', 32), 'hex');
    END IF;
END $$;

-- Whether the chain of the tenant in scope still holds a checkpoint: valid when the events from the retention
-- anchor up to p_seq (or the head, if that is lower) verify under the key; matches when, besides, the chain
-- reaches p_seq and the event there has the hash p_hash. A chain rewritten consistently with the key is valid
-- and does not match. A seq at the anchor matches the anchor's hash; one before the anchor was removed by
-- retention and no longer matches anything.
CREATE FUNCTION audit_checkpoint_holds(p_seq bigint, p_hash bytea, OUT valid boolean, OUT matches boolean)
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
DECLARE
    tenant uuid := humane_current_tenant();
    head admin_audit_chains%ROWTYPE;
    walked record;
BEGIN
    IF tenant IS NULL THEN
        RAISE EXCEPTION 'checkpoints are checked only inside a tenant''s scope' USING ERRCODE = 'HT001';
    END IF;
    SELECT * INTO head FROM admin_audit_chains c WHERE c.tenant_id = tenant;
    IF NOT FOUND THEN
        valid := NOT EXISTS (SELECT 1 FROM admin_audit_events ev WHERE ev.tenant_id = tenant);
        matches := valid AND p_seq = 0 AND p_hash = decode(repeat('00', 32), 'hex');
        RETURN;
    END IF;
    IF p_seq <= head.anchor_seq THEN
        valid := true;
        matches := p_seq = head.anchor_seq AND p_hash = head.anchor_hash;
        RETURN;
    END IF;
    SELECT * INTO walked FROM audit_walk(tenant, head.anchor_seq, head.anchor_hash, least(p_seq, head.last_seq));
    valid := walked.first_bad_seq IS NULL;
    matches := valid AND p_seq <= head.last_seq AND walked.last_hash = p_hash;
END $$;

REVOKE ALL ON FUNCTION audit_head(), audit_checkpoint_holds(bigint, bytea) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION audit_head(), audit_checkpoint_holds(bigint, bytea) TO ${app_role};

-- Published heads: once an hour every head that moved since it was last published is written to the application's
-- log (logger ai.humane.audit.anchor), which operators ship off the database (docs/runbook.md), so a chain rewritten
-- after a publication no longer matches a head that is out of the database's and its owners' reach. published_seq
-- is the last seq published; it is bookkeeping only (a head whose mark is wrong is published again, or once late),
-- never evidence. The owner role reads and marks every tenant's head here, in this one function only, as it reads
-- every tenant's events for retention (V3).
ALTER TABLE admin_audit_chains ADD COLUMN published_seq bigint NOT NULL DEFAULT 0;
CREATE POLICY publication ON admin_audit_chains FOR ALL TO CURRENT_USER USING (true) WITH CHECK (true);

-- Up to p_limit (at most 1000) heads that moved since they were last published, in tenant order, each marked
-- published in the same statement, with the time of the head event. Heads being written at this moment are
-- skipped (the next run has them), so callers on several instances at once never publish one head twice and
-- never wait on a writer.
CREATE FUNCTION audit_publish_heads(p_limit integer)
    RETURNS TABLE (tenant_id uuid, seq bigint, hash bytea, at timestamptz)
    LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
    WITH due AS (
        SELECT c.tenant_id FROM admin_audit_chains c WHERE c.last_seq > c.published_seq
        ORDER BY c.tenant_id LIMIT least(greatest(p_limit, 1), 1000)
        FOR UPDATE SKIP LOCKED
    ), published AS (
        UPDATE admin_audit_chains c SET published_seq = c.last_seq FROM due WHERE c.tenant_id = due.tenant_id
        RETURNING c.tenant_id, c.last_seq, c.last_hash
    )
    SELECT p.tenant_id, p.last_seq, p.last_hash, e.created_at
      FROM published p LEFT JOIN admin_audit_events e ON e.tenant_id = p.tenant_id AND e.seq = p.last_seq
     ORDER BY p.tenant_id $$;
REVOKE ALL ON FUNCTION audit_publish_heads(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION audit_publish_heads(integer) TO ${app_role};
