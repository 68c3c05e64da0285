-- Webhooks (K2, W1, W3, W4). Endpoints hold their signing secrets only as Fernet tokens (K3); events are
-- written in the transaction of the change that causes them and fanned out to one delivery per subscribed
-- endpoint (outbox), which the dispatcher of any instance claims with FOR UPDATE SKIP LOCKED and a lease.
-- Every table is tenant-owned, behind forced row-level security (T1); composite foreign keys keep each
-- reference inside its tenant.

CREATE TABLE webhook_endpoints (
    id                      uuid PRIMARY KEY,
    tenant_id               uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    url                     text NOT NULL CHECK (length(url) BETWEEN 8 AND 2048),
    description             text CHECK (length(description) <= 500),
    -- A JSON array of event type names; "*" subscribes to every type.
    events                  jsonb NOT NULL CHECK (jsonb_typeof(events) = 'array' AND jsonb_array_length(events) > 0),
    enabled                 boolean NOT NULL DEFAULT true,
    disabled_reason         text CHECK (length(disabled_reason) <= 200),
    secret                  text NOT NULL,
    previous_secret         text,
    previous_secret_until   timestamptz,
    -- Set when a delivery to the endpoint was given up; cleared by the next success. The failing e-mail is
    -- sent only by the update that sets it, so one spell sends exactly one.
    failing_since           timestamptz,
    created_at              timestamptz NOT NULL DEFAULT now(),
    updated_at              timestamptz NOT NULL DEFAULT now(),
    UNIQUE (tenant_id, id),
    CHECK ((previous_secret IS NULL) = (previous_secret_until IS NULL))
);

CREATE TABLE webhook_events (
    id          uuid PRIMARY KEY,
    tenant_id   uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    type        text NOT NULL CHECK (type ~ '^[a-z][a-z_]*(\.[a-z][a-z_]*)+$' AND length(type) <= 100),
    -- The whole body as delivered: {id, type, created_at, tenant_id, data}. jsonb prints deterministically,
    -- so every attempt sends, and signs, the same bytes.
    payload     jsonb NOT NULL CHECK (jsonb_typeof(payload) = 'object'),
    created_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (tenant_id, id)
);
CREATE INDEX webhook_events_by_time ON webhook_events (tenant_id, created_at);

CREATE TABLE webhook_deliveries (
    id                uuid PRIMARY KEY,
    tenant_id         uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    endpoint_id       uuid NOT NULL,
    event_id          uuid NOT NULL,
    status            text NOT NULL DEFAULT 'pending'
                      CHECK (status IN ('pending', 'sending', 'succeeded', 'failed')),
    attempts          int NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    first_attempt_at  timestamptz,
    next_attempt_at   timestamptz NOT NULL DEFAULT now(),
    last_status_code  int,
    claim_id          uuid,
    claimed_until     timestamptz,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    UNIQUE (tenant_id, id),
    UNIQUE (endpoint_id, event_id),
    CHECK ((status = 'sending') = (claim_id IS NOT NULL AND claimed_until IS NOT NULL)),
    FOREIGN KEY (tenant_id, endpoint_id) REFERENCES webhook_endpoints (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, event_id) REFERENCES webhook_events (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status IN ('pending', 'sending');
CREATE INDEX webhook_deliveries_by_endpoint ON webhook_deliveries (tenant_id, endpoint_id, created_at);

CREATE TABLE webhook_attempts (
    id                uuid PRIMARY KEY,
    tenant_id         uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    delivery_id       uuid NOT NULL,
    attempted_at      timestamptz NOT NULL,
    status_code       int,
    latency_ms        int NOT NULL CHECK (latency_ms >= 0),
    error             text CHECK (length(error) <= 500),
    response_excerpt  text CHECK (octet_length(response_excerpt) <= 2048),
    created_at        timestamptz NOT NULL DEFAULT now(),
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, delivery_id) REFERENCES webhook_deliveries (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX webhook_attempts_by_delivery ON webhook_attempts (tenant_id, delivery_id, attempted_at);

-- Inbound verification (W2): events a customer sends us for one engine, signed like our deliveries with
-- the engine's inbound secret (sealed, rotatable with overlap). An event id seen before is a replay.
CREATE TABLE inbound_secrets (
    engine_id               uuid PRIMARY KEY,
    tenant_id               uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    secret                  text NOT NULL,
    previous_secret         text,
    previous_secret_until   timestamptz,
    created_at              timestamptz NOT NULL DEFAULT now(),
    updated_at              timestamptz NOT NULL DEFAULT now(),
    CHECK ((previous_secret IS NULL) = (previous_secret_until IS NULL)),
    FOREIGN KEY (tenant_id, engine_id) REFERENCES engines (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE inbound_events (
    id           uuid PRIMARY KEY,
    tenant_id    uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    engine_id    uuid NOT NULL,
    event_id     text NOT NULL CHECK (length(event_id) BETWEEN 1 AND 255),
    payload      jsonb NOT NULL CHECK (jsonb_typeof(payload) = 'object'),
    received_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (tenant_id, id),
    UNIQUE (tenant_id, engine_id, event_id),
    FOREIGN KEY (tenant_id, engine_id) REFERENCES engines (tenant_id, id) ON DELETE CASCADE
);

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['webhook_endpoints', 'webhook_events', 'webhook_deliveries', 'webhook_attempts',
                             'inbound_secrets', 'inbound_events'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = humane_current_tenant()) '
                       'WITH CHECK (tenant_id = humane_current_tenant())', t);
    END LOOP;
END $$;

-- The dispatcher runs without a tenant. It learns which tenants have due deliveries through this one
-- function (ids only), then claims and records tenant by tenant as the runtime role inside each tenant's
-- row-level security scope, as the audit retention does (V3).
CREATE POLICY dispatch_scan ON webhook_deliveries FOR SELECT TO CURRENT_USER USING (true);
CREATE POLICY dispatch_scan ON webhook_endpoints FOR SELECT TO CURRENT_USER USING (true);
CREATE FUNCTION webhook_tenants_with_due_deliveries()
    RETURNS SETOF uuid
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT DISTINCT d.tenant_id FROM webhook_deliveries d
          JOIN webhook_endpoints e ON e.tenant_id = d.tenant_id AND e.id = d.endpoint_id AND e.enabled
          WHERE (d.status = 'pending' AND d.next_attempt_at <= now())
             OR (d.status = 'sending' AND d.claimed_until <= now()) $$;
REVOKE ALL ON FUNCTION webhook_tenants_with_due_deliveries() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION webhook_tenants_with_due_deliveries() TO ${app_role};

-- An inbound request names its engine before any tenant is known: the owner role may read inbound_secrets
-- for that, only through this function, which answers one exact engine (sealed secrets, tenant id).
CREATE POLICY inbound_lookup ON inbound_secrets FOR SELECT TO CURRENT_USER USING (true);
CREATE FUNCTION inbound_secret_of_engine(p_engine uuid)
    RETURNS TABLE (tenant_id uuid, secret text, previous_secret text, previous_secret_until timestamptz)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT s.tenant_id, s.secret, s.previous_secret, s.previous_secret_until FROM inbound_secrets s
          WHERE s.engine_id = p_engine $$;
REVOKE ALL ON FUNCTION inbound_secret_of_engine(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION inbound_secret_of_engine(uuid) TO ${app_role};

-- The re-encryption job (K3) runs without a tenant too: it learns which tenants hold sealed secrets here.
CREATE FUNCTION webhook_tenants_with_secrets()
    RETURNS SETOF uuid
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT tenant_id FROM webhook_endpoints UNION SELECT tenant_id FROM inbound_secrets $$;
REVOKE ALL ON FUNCTION webhook_tenants_with_secrets() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION webhook_tenants_with_secrets() TO ${app_role};

GRANT SELECT, INSERT, UPDATE, DELETE ON inbound_secrets TO ${app_role};
GRANT SELECT, INSERT, DELETE ON inbound_events TO ${app_role};
GRANT SELECT, INSERT, UPDATE, DELETE ON webhook_endpoints TO ${app_role};
GRANT SELECT, INSERT, DELETE ON webhook_events TO ${app_role};
GRANT SELECT, INSERT, UPDATE, DELETE ON webhook_deliveries TO ${app_role};
GRANT SELECT, INSERT, DELETE ON webhook_attempts TO ${app_role};
