-- Core models of the foundation, each tenant-owned table behind both walls (T1):
-- EclipseLink filters by tenant_id, and row-level security, FORCEd, filters again.
-- Migrations run as the owner role; ${app_role} is the runtime role, which owns nothing.

CREATE FUNCTION humane_current_tenant() RETURNS uuid
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT NULLIF(current_setting('humane.tenant_id', true), '')::uuid $$;

CREATE TABLE tenants (
    id          uuid PRIMARY KEY,
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    plan        text NOT NULL DEFAULT 'free' CHECK (plan IN ('free', 'pro', 'scale', 'enterprise')),
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE users (
    id              uuid PRIMARY KEY,
    tenant_id       uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    email           text NOT NULL CHECK (length(email) BETWEEN 3 AND 320),
    name            text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    role            text NOT NULL CHECK (role IN ('owner', 'admin', 'member', 'viewer')),
    password_hash   text,
    email_verified  boolean NOT NULL DEFAULT false,
    created_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (tenant_id, id)
);
CREATE UNIQUE INDEX users_email_key ON users (lower(email));

CREATE TABLE api_keys (
    id          uuid PRIMARY KEY,
    tenant_id   uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    prefix      text NOT NULL UNIQUE,
    key_hash    bytea NOT NULL CHECK (length(key_hash) = 32),
    role        text NOT NULL CHECK (role IN ('owner', 'admin', 'member', 'viewer')),
    scopes      text NOT NULL CHECK (scopes IN ('read', 'read,write')),
    created_by  uuid,
    created_at  timestamptz NOT NULL DEFAULT now(),
    revoked_at  timestamptz,
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, created_by) REFERENCES users (tenant_id, id) ON DELETE SET NULL (created_by)
);

CREATE TABLE engines (
    id                  uuid PRIMARY KEY,
    tenant_id           uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    name                text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    kind                text NOT NULL CHECK (kind IN ('lexicon', 'llm')),
    config              jsonb NOT NULL DEFAULT '{}',
    provider_url        text,
    provider_api_key    text,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    UNIQUE (tenant_id, id)
);

CREATE TABLE end_users (
    id          uuid PRIMARY KEY,
    tenant_id   uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    external_id text NOT NULL CHECK (length(external_id) BETWEEN 1 AND 255),
    traits      jsonb NOT NULL DEFAULT '{}',
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (tenant_id, id),
    UNIQUE (tenant_id, external_id)
);

-- Composite foreign keys keep a reference inside its tenant even where RLS does not look
-- (foreign-key checks bypass row-level security).
CREATE TABLE conversation_messages (
    id           uuid PRIMARY KEY,
    tenant_id    uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    end_user_id  uuid NOT NULL,
    engine_id    uuid,
    role         text NOT NULL CHECK (role IN ('user', 'assistant', 'system')),
    content      text NOT NULL CHECK (length(content) BETWEEN 1 AND 32768),
    created_at   timestamptz NOT NULL DEFAULT now(),
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, end_user_id) REFERENCES end_users (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, engine_id) REFERENCES engines (tenant_id, id) ON DELETE SET NULL (engine_id)
);
CREATE INDEX conversation_messages_by_end_user ON conversation_messages (tenant_id, end_user_id, created_at);

CREATE TABLE experiments (
    id          uuid PRIMARY KEY,
    tenant_id   uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    status      text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'running', 'stopped')),
    variants    jsonb NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (tenant_id, id)
);

-- Second wall: row-level security, forced so that not even the owner role escapes it.
ALTER TABLE tenants ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenants FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON tenants
    USING (id = humane_current_tenant()) WITH CHECK (id = humane_current_tenant());

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['users', 'api_keys', 'engines', 'end_users', 'conversation_messages', 'experiments'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = humane_current_tenant()) '
                       'WITH CHECK (tenant_id = humane_current_tenant())', t);
    END LOOP;
END $$;

-- Authenticating an API key must find its tenant before any tenant is set. The owner role may
-- read api_keys for that, and only through this function, which answers one exact prefix.
CREATE POLICY credential_lookup ON api_keys FOR SELECT TO CURRENT_USER USING (true);
CREATE FUNCTION api_key_by_prefix(p_prefix text)
    RETURNS TABLE (id uuid, tenant_id uuid, key_hash bytea, role text, scopes text, revoked_at timestamptz)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT k.id, k.tenant_id, k.key_hash, k.role, k.scopes, k.revoked_at FROM api_keys k WHERE k.prefix = p_prefix $$;
REVOKE ALL ON FUNCTION api_key_by_prefix(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION api_key_by_prefix(text) TO ${app_role};
GRANT EXECUTE ON FUNCTION humane_current_tenant() TO ${app_role};

GRANT SELECT, INSERT, UPDATE, DELETE
    ON tenants, users, api_keys, engines, end_users, conversation_messages, experiments
    TO ${app_role};
-- The runtime role reads the schema history to prove parity (O1); it never writes it.
GRANT SELECT ON ${flyway:table} TO ${app_role};
