-- L3: data export, end-user erasure and account deletion (issue 15).
--
-- Exports and erasures are jobs in PostgreSQL, claimed by any instance with FOR UPDATE SKIP LOCKED and a lease
-- (like webhook deliveries and LLM analyses), so N instances never run one twice at once and a restart loses
-- nothing. An export's archive is stored here too, as the segments of one Tink streaming-AEAD ciphertext
-- (AES-256-GCM-HKDF, 1 MiB segments) under a key the database never sees: every instance can serve the
-- download, and nothing in clear is at rest. An account deletion waits out its grace period in
-- account_deletions and is then purged by close_tenant() (V10). Every table is tenant-owned behind forced
-- row-level security (T1).

CREATE TABLE privacy_jobs (
    id              uuid PRIMARY KEY,
    tenant_id       uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    kind            text NOT NULL CHECK (kind IN ('export', 'erasure')),
    scope           text NOT NULL CHECK (scope IN ('account', 'end_user')),
    -- The end user while the job needs it. An erasure clears it when it succeeds, and an erasure of the
    -- end user clears it on every export of theirs: a finished erasure leaves no id behind.
    end_user_id     uuid,
    -- HMAC-SHA256 of the end user's id under a key derived from HMAC_KEY: finds an erasure of the same end
    -- user again (idempotency) without keeping the id.
    subject_digest  bytea CHECK (length(subject_digest) = 32),
    status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'running', 'succeeded', 'failed')),
    requested_by    text NOT NULL CHECK (length(requested_by) <= 100),
    attempts        int NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    claim_id        uuid,
    claimed_until   timestamptz,
    -- Records per kind, ids and numbers only.
    counts          jsonb CHECK (jsonb_typeof(counts) = 'object'),
    archive_bytes   bigint CHECK (archive_bytes >= 0),
    -- Which key of the ring sealed the archive (the first 8 bytes of SHA-256 of the derived key).
    key_id          bytea CHECK (length(key_id) = 8),
    error           text CHECK (length(error) <= 200),
    created_at      timestamptz NOT NULL DEFAULT now(),
    finished_at     timestamptz,
    expires_at      timestamptz,
    UNIQUE (tenant_id, id),
    CHECK ((status = 'running') = (claim_id IS NOT NULL AND claimed_until IS NOT NULL)),
    CHECK (scope = 'end_user' OR end_user_id IS NULL),
    CHECK (kind = 'export' OR (scope = 'end_user' AND subject_digest IS NOT NULL))
);
CREATE INDEX privacy_jobs_due ON privacy_jobs (next_attempt_at) WHERE status IN ('pending', 'running');
CREATE INDEX privacy_jobs_expiry ON privacy_jobs (expires_at) WHERE expires_at IS NOT NULL;
CREATE UNIQUE INDEX privacy_jobs_one_erasure ON privacy_jobs (tenant_id, subject_digest) WHERE kind = 'erasure';

-- The archive: the ciphertext in order, cut where the writer's buffer was flushed (not on segment bounds).
CREATE TABLE privacy_archive_parts (
    tenant_id  uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    job_id     uuid NOT NULL,
    part       int NOT NULL CHECK (part >= 0),
    bytes      bytea NOT NULL,
    PRIMARY KEY (tenant_id, job_id, part),
    FOREIGN KEY (tenant_id, job_id) REFERENCES privacy_jobs (tenant_id, id) ON DELETE CASCADE
);

-- One pending deletion per account: requested by an owner, purged once purge_after has passed.
CREATE TABLE account_deletions (
    tenant_id     uuid PRIMARY KEY REFERENCES tenants (id) ON DELETE CASCADE,
    requested_by  uuid NOT NULL,
    requested_at  timestamptz NOT NULL DEFAULT now(),
    -- The purge locks this row (FOR UPDATE SKIP LOCKED), so one instance purges and the others skip it.
    purge_after   timestamptz NOT NULL
);

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['privacy_jobs', 'privacy_archive_parts', 'account_deletions'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = humane_current_tenant()) '
                       'WITH CHECK (tenant_id = humane_current_tenant())', t);
    END LOOP;
END $$;

-- The privacy worker runs without a tenant: it learns which tenants have due jobs, expired archives or
-- accounts past their grace period through this one function (ids only), then works tenant by tenant inside
-- each tenant's row-level security scope, as the webhook and analysis dispatchers do (V6, V15).
CREATE POLICY privacy_scan ON privacy_jobs FOR SELECT TO CURRENT_USER USING (true);
CREATE POLICY privacy_scan ON account_deletions FOR SELECT TO CURRENT_USER USING (true);
CREATE FUNCTION privacy_tenants_with_due_work()
    RETURNS SETOF uuid
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT j.tenant_id FROM privacy_jobs j
          WHERE (j.status = 'pending' AND j.next_attempt_at <= now())
             OR (j.status = 'running' AND j.claimed_until <= now())
             OR j.expires_at <= now()
          UNION
          SELECT d.tenant_id FROM account_deletions d
          WHERE d.purge_after <= now() $$;
REVOKE ALL ON FUNCTION privacy_tenants_with_due_work() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION privacy_tenants_with_due_work() TO ${app_role};

GRANT SELECT, INSERT, UPDATE, DELETE ON privacy_jobs TO ${app_role};
GRANT SELECT, INSERT, UPDATE, DELETE ON privacy_archive_parts TO ${app_role};
GRANT SELECT, INSERT, UPDATE, DELETE ON account_deletions TO ${app_role};

-- Erasure redacts what mentions an end user in stored webhook and inbound payloads and in delivery attempts. The
-- runtime role may not UPDATE those tables (V6: events and attempts are append-only for it, so it cannot rewrite
-- what was delivered); this function is the one narrow exception: in the tenant in scope only, it can replace an
-- event's data with {"erased": true}, an inbound payload with {"erased": true}, and clear an attempt's excerpt
-- and error, where they mention the id (anywhere in the text) or the external id (as a JSON value equal to it;
-- in the free text of excerpts, anywhere). It can write nothing else.
CREATE FUNCTION privacy_redact_mentions(p_id text, p_external_id text,
                                        OUT events_redacted int, OUT inbound_redacted int, OUT attempts_redacted int)
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
DECLARE
    tenant uuid := humane_current_tenant();
    needles jsonb := jsonb_build_object('id', p_id, 'external', coalesce(p_external_id, p_id));
BEGIN
    IF tenant IS NULL THEN
        RAISE EXCEPTION 'redaction needs a tenant in scope' USING ERRCODE = 'HT001';
    END IF;
    UPDATE webhook_events SET payload = (payload - 'data') || '{"data": {"erased": true}}'
     WHERE tenant_id = tenant
       AND (strpos(payload::text, p_id) > 0 OR jsonb_path_exists(payload, '$.** ? (@ == $id || @ == $external)', needles));
    GET DIAGNOSTICS events_redacted = ROW_COUNT;
    UPDATE inbound_events SET payload = '{"erased": true}'
     WHERE tenant_id = tenant
       AND (strpos(payload::text, p_id) > 0 OR jsonb_path_exists(payload, '$.** ? (@ == $id || @ == $external)', needles));
    GET DIAGNOSTICS inbound_redacted = ROW_COUNT;
    UPDATE webhook_attempts SET response_excerpt = NULL, error = NULL
     WHERE tenant_id = tenant
       AND (strpos(coalesce(response_excerpt, '') || ' ' || coalesce(error, ''), p_id) > 0
            OR (p_external_id IS NOT NULL
                AND strpos(coalesce(response_excerpt, '') || ' ' || coalesce(error, ''), p_external_id) > 0));
    GET DIAGNOSTICS attempts_redacted = ROW_COUNT;
END $$;
REVOKE ALL ON FUNCTION privacy_redact_mentions(text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION privacy_redact_mentions(text, text) TO ${app_role};
