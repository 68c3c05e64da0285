-- Issue 15: plans and billing (A1, L1, K3), HIPAA tenants (O6) and a second factor (S8).

-- The subscription and its payment method live on the tenant row, behind its row-level security (T1).
-- payment_token is a Fernet token (K3); brand and last four digits are what a person needs to recognise
-- the card, and all the audit log ever holds of it. A BAA, once accepted, stays: a plan change below
-- scale is refused while it holds, and a canceled subscription falls to free with its safeguards kept.
ALTER TABLE tenants
    ADD COLUMN subscription_status text NOT NULL DEFAULT 'active'
        CHECK (subscription_status IN ('active', 'past_due', 'canceled')),
    ADD COLUMN payment_token text CHECK (payment_token IS NULL OR length(payment_token) <= 4096),
    ADD COLUMN payment_brand text CHECK (payment_brand IS NULL OR payment_brand ~ '^[a-z_]{1,20}$'),
    ADD COLUMN payment_last4 text CHECK (payment_last4 IS NULL OR payment_last4 ~ '^[0-9]{4}$'),
    ADD COLUMN baa_accepted_at timestamptz,
    ADD COLUMN baa_accepted_by uuid;
GRANT UPDATE (subscription_status, payment_token, payment_brand, payment_last4, baa_accepted_at, baa_accepted_by)
    ON tenants TO ${app_role};

-- Signed events of the billing provider, kept to refuse a replay of one inside the signature's window.
CREATE TABLE billing_events (
    tenant_id    uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    event_id     text NOT NULL CHECK (length(event_id) BETWEEN 1 AND 255),
    status       text NOT NULL CHECK (status IN ('active', 'past_due', 'canceled')),
    received_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, event_id)
);
ALTER TABLE billing_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE billing_events FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON billing_events USING (tenant_id = humane_current_tenant())
    WITH CHECK (tenant_id = humane_current_tenant());
GRANT SELECT, INSERT ON billing_events TO ${app_role};

-- The nightly re-encryption (K3) moves payment tokens and TOTP secrets forward too (below).
CREATE POLICY secret_scan ON tenants FOR SELECT TO CURRENT_USER USING (true);

-- A1: the rate limiter reads the caller's plan on every request (no cache outlives a plan change on any
-- instance), in one round trip and before a tenant is in scope: the plan of one exact tenant, nothing else.
CREATE FUNCTION tenant_plan(p_tenant uuid)
    RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT plan FROM tenants WHERE id = p_tenant $$;
REVOKE ALL ON FUNCTION tenant_plan(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION tenant_plan(uuid) TO ${app_role};

-- O6: API keys of a tenant under a BAA expire within 90 days. An expired key answers as a revoked one to
-- both look-ups, so neither it nor any access token issued from it is accepted (K1, S4).
ALTER TABLE api_keys ADD COLUMN expires_at timestamptz;
CREATE OR REPLACE FUNCTION api_key_by_prefix(p_prefix text)
    RETURNS TABLE (id uuid, tenant_id uuid, key_hash bytea, role text, scopes text, revoked_at timestamptz)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
        SELECT k.id, k.tenant_id, k.key_hash,
               CASE WHEN u.id IS NULL THEN k.role
                    ELSE (ARRAY['viewer', 'member', 'admin', 'owner'])[least(
                            array_position(ARRAY['viewer', 'member', 'admin', 'owner'], k.role),
                            array_position(ARRAY['viewer', 'member', 'admin', 'owner'], u.role))]
               END,
               k.scopes,
               CASE WHEN k.expires_at <= now() THEN coalesce(k.revoked_at, k.expires_at) ELSE k.revoked_at END
        FROM api_keys k
        LEFT JOIN users u ON u.tenant_id = k.tenant_id AND u.id = k.created_by
        WHERE k.prefix = p_prefix
    $$;
CREATE OR REPLACE FUNCTION api_key_standing(p_key uuid)
    RETURNS TABLE (tenant_id uuid, role text, scopes text)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
        SELECT k.tenant_id,
               CASE WHEN u.id IS NULL THEN k.role
                    ELSE (ARRAY['viewer', 'member', 'admin', 'owner'])[least(
                            array_position(ARRAY['viewer', 'member', 'admin', 'owner'], k.role),
                            array_position(ARRAY['viewer', 'member', 'admin', 'owner'], u.role))]
               END,
               k.scopes
        FROM api_keys k
        LEFT JOIN users u ON u.tenant_id = k.tenant_id AND u.id = k.created_by
        WHERE k.id = p_key AND k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > now())
    $$;

-- O6: message content goes to an LLM engine of a BAA tenant only when the engine is marked as covered.
ALTER TABLE engines ADD COLUMN baa_covered boolean NOT NULL DEFAULT false;

-- S8: a TOTP second factor (RFC 6238). The secret is a Fernet token (K3); it is pending until a first code
-- confirms it. Recovery codes are stored as SHA-256 (they are 80 random bits, like an API key) and used once.
ALTER TABLE users
    ADD COLUMN totp_secret text CHECK (totp_secret IS NULL OR length(totp_secret) <= 1024),
    ADD COLUMN totp_enabled_at timestamptz,
    ADD COLUMN totp_last_step bigint,
    ADD CONSTRAINT totp_enabled_has_secret CHECK (totp_enabled_at IS NULL OR totp_secret IS NOT NULL);
CREATE POLICY secret_scan ON users FOR SELECT TO CURRENT_USER USING (true);

CREATE TABLE recovery_codes (
    id          uuid PRIMARY KEY,
    tenant_id   uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    user_id     uuid NOT NULL,
    code_hash   bytea NOT NULL CHECK (length(code_hash) = 32),
    used_at     timestamptz,
    UNIQUE (tenant_id, user_id, code_hash),
    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
);

-- A password accepted for an account with a second factor opens no session: it opens a challenge, answered
-- within 5 minutes by a code, once. The handle the client holds names its tenant, so the challenge is found
-- inside that tenant's row-level security; only the SHA-256 of its secret part is stored.
CREATE TABLE mfa_challenges (
    id          uuid PRIMARY KEY,
    tenant_id   uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    user_id     uuid NOT NULL,
    token_hash  bytea NOT NULL UNIQUE CHECK (length(token_hash) = 32),
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz,
    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
);

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['recovery_codes', 'mfa_challenges'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = humane_current_tenant()) '
                       'WITH CHECK (tenant_id = humane_current_tenant())', t);
        EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO %s', t, '${app_role}');
    END LOOP;
END $$;

-- The session look-up also says whether the tenant is under a BAA (15-minute idle, 12-hour absolute
-- sessions) and whether the member still lacks the second factor a BAA requires.
DROP FUNCTION session_by_hash(bytea);
CREATE FUNCTION session_by_hash(p_hash bytea)
    RETURNS TABLE (id uuid, tenant_id uuid, user_id uuid, role text, verification_required boolean,
                   csrf_hash bytea, refreshed_at timestamptz, expires_at timestamptz,
                   absolute_expires_at timestamptz, revoked_at timestamptz, baa boolean, second_factor_missing boolean)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT s.id, s.tenant_id, s.user_id, u.role, u.verification_required, s.csrf_hash, s.refreshed_at,
                 s.expires_at, s.absolute_expires_at, s.revoked_at, t.baa_accepted_at IS NOT NULL,
                 t.baa_accepted_at IS NOT NULL AND u.totp_enabled_at IS NULL
          FROM sessions s JOIN users u ON u.tenant_id = s.tenant_id AND u.id = s.user_id
          JOIN tenants t ON t.id = s.tenant_id
          WHERE s.token_hash = p_hash $$;
REVOKE ALL ON FUNCTION session_by_hash(bytea) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION session_by_hash(bytea) TO ${app_role};

CREATE OR REPLACE FUNCTION webhook_tenants_with_secrets()
    RETURNS SETOF uuid
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT tenant_id FROM webhook_endpoints UNION SELECT tenant_id FROM inbound_secrets
          UNION SELECT tenant_id FROM engines WHERE provider_api_key IS NOT NULL
          UNION SELECT id FROM tenants WHERE payment_token IS NOT NULL
          UNION SELECT tenant_id FROM users WHERE totp_secret IS NOT NULL $$;
