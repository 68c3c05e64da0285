-- Audit log (L1): what owners, admins, keys and the system did to a tenant's account, in one hash
-- chain per tenant. Both tables sit behind the same forced row-level security as every tenant table (T1).
--
-- admin_audit_events is append-only for the runtime role: SELECT and INSERT, DELETE only of events past
-- retention (a restrictive policy), never UPDATE. admin_audit_chains holds one row per tenant: the head
-- of the chain (last seq and hash; locking it serialises writers, so seq has no gaps or duplicates) and
-- the anchor left by retention (the seq and hash of the newest event deleted), from which verification
-- starts once the oldest events are gone.

CREATE TABLE admin_audit_events (
    id             uuid PRIMARY KEY,
    tenant_id      uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    seq            bigint NOT NULL CHECK (seq > 0),
    actor_type     text NOT NULL CHECK (actor_type IN ('user', 'api_key', 'system')),
    actor_id       uuid,
    action         text NOT NULL CHECK (length(action) <= 100 AND action ~ '^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$'),
    resource_type  text NOT NULL CHECK (length(resource_type) <= 100 AND resource_type ~ '^[a-z][a-z0-9_]*$'),
    resource_id    text CHECK (length(resource_id) BETWEEN 1 AND 200),
    before         jsonb CHECK (jsonb_typeof(before) = 'object'),
    after          jsonb CHECK (jsonb_typeof(after) = 'object'),
    client_ip      text CHECK (length(client_ip) BETWEEN 1 AND 100),
    created_at     timestamptz NOT NULL,
    prev_hash      bytea NOT NULL CHECK (length(prev_hash) = 32),
    hash           bytea NOT NULL CHECK (length(hash) = 32),
    UNIQUE (tenant_id, seq),
    CHECK (actor_type = 'system' OR actor_id IS NOT NULL)
);
CREATE INDEX admin_audit_events_by_time ON admin_audit_events (tenant_id, created_at);

CREATE TABLE admin_audit_chains (
    tenant_id    uuid PRIMARY KEY REFERENCES tenants (id) ON DELETE CASCADE,
    last_seq     bigint NOT NULL DEFAULT 0,
    last_hash    bytea NOT NULL DEFAULT decode(repeat('00', 32), 'hex') CHECK (length(last_hash) = 32),
    anchor_seq   bigint NOT NULL DEFAULT 0,
    anchor_hash  bytea NOT NULL DEFAULT decode(repeat('00', 32), 'hex') CHECK (length(anchor_hash) = 32),
    CHECK (0 <= anchor_seq AND anchor_seq <= last_seq)
);

-- Secrets never reach the log: keys named like a credential are dropped at any depth, and a CHECK
-- refuses a document that still has one, whichever code wrote it.
CREATE FUNCTION audit_secret_name(name text) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT lower(regexp_replace(name, '[^A-Za-z0-9]', '', 'g')) ~ '(password|passwd|passphrase|secret|token|hash|apikey|privatekey|^key$)' $$;

CREATE FUNCTION audit_redact(doc jsonb) RETURNS jsonb
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
    AS $$
BEGIN
    IF jsonb_typeof(doc) = 'object' THEN
        RETURN (SELECT coalesce(jsonb_object_agg(e.key, audit_redact(e.value)), '{}'::jsonb)
                FROM jsonb_each(doc) e WHERE NOT audit_secret_name(e.key));
    ELSIF jsonb_typeof(doc) = 'array' THEN
        RETURN (SELECT coalesce(jsonb_agg(audit_redact(a.value) ORDER BY a.n), '[]'::jsonb)
                FROM jsonb_array_elements(doc) WITH ORDINALITY a(value, n));
    END IF;
    RETURN doc;
END $$;

ALTER TABLE admin_audit_events
    ADD CHECK (before IS NULL OR before = audit_redact(before)),
    ADD CHECK (after IS NULL OR after = audit_redact(after));

-- Retention: 24 months, defined once here and used by the delete policy and the tenant listing.
CREATE FUNCTION audit_retention_cutoff() RETURNS timestamptz
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT now() - interval '24 months' $$;

ALTER TABLE admin_audit_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE admin_audit_events FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON admin_audit_events
    USING (tenant_id = humane_current_tenant()) WITH CHECK (tenant_id = humane_current_tenant());
-- Restrictive: ANDed with tenant isolation, so no role can delete an event younger than retention.
CREATE POLICY retention_only ON admin_audit_events AS RESTRICTIVE FOR DELETE
    USING (created_at < audit_retention_cutoff());

ALTER TABLE admin_audit_chains ENABLE ROW LEVEL SECURITY;
ALTER TABLE admin_audit_chains FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON admin_audit_chains
    USING (tenant_id = humane_current_tenant()) WITH CHECK (tenant_id = humane_current_tenant());

-- The retention timer runs without a tenant. It learns which tenants have expired events through this
-- one function (ids only, the cutoff fixed here, not chosen by the caller), then deletes tenant by
-- tenant as the runtime role inside each tenant's own row-level security scope. The owner role may read
-- the events for that, as it may read api_keys for api_key_by_prefix (V1).
CREATE POLICY retention_scan ON admin_audit_events FOR SELECT TO CURRENT_USER USING (true);
CREATE FUNCTION audit_tenants_with_expired_events()
    RETURNS SETOF uuid
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT DISTINCT e.tenant_id FROM admin_audit_events e WHERE e.created_at < audit_retention_cutoff() $$;
REVOKE ALL ON FUNCTION audit_tenants_with_expired_events() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION audit_tenants_with_expired_events() TO ${app_role};
GRANT EXECUTE ON FUNCTION audit_secret_name(text), audit_redact(jsonb), audit_retention_cutoff() TO ${app_role};

GRANT SELECT, INSERT, DELETE ON admin_audit_events TO ${app_role};
GRANT SELECT, INSERT, UPDATE ON admin_audit_chains TO ${app_role};
