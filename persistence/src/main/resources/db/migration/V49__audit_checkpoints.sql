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
