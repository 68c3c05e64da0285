-- Identity (S1, S2, S3, S7, T2): sessions stored as hashes, one-time e-mail tokens, invitations,
-- login throttling counters and the sign-up IP memory. Lookups that must happen before a tenant is
-- known (sign-in by e-mail, a presented session cookie or e-mailed token) go through narrow
-- SECURITY DEFINER functions that answer one exact key, as api_key_by_prefix does.

-- S7: writes of an account created from an IP never seen before wait for its e-mail verification.
ALTER TABLE users ADD COLUMN verification_required boolean NOT NULL DEFAULT false;

CREATE TABLE sessions (
    id                   uuid PRIMARY KEY,
    tenant_id            uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    user_id              uuid NOT NULL,
    token_hash           bytea NOT NULL UNIQUE CHECK (length(token_hash) = 32),
    csrf_hash            bytea NOT NULL CHECK (length(csrf_hash) = 32),
    created_at           timestamptz NOT NULL DEFAULT now(),
    refreshed_at         timestamptz NOT NULL DEFAULT now(),
    expires_at           timestamptz NOT NULL,
    absolute_expires_at  timestamptz NOT NULL,
    revoked_at           timestamptz,
    client_ip            text,
    user_agent           text,
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX sessions_by_user ON sessions (tenant_id, user_id);

CREATE TABLE email_tokens (
    id          uuid PRIMARY KEY,
    tenant_id   uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    user_id     uuid NOT NULL,
    purpose     text NOT NULL CHECK (purpose IN ('verify-email', 'password-reset')),
    token_hash  bytea NOT NULL UNIQUE CHECK (length(token_hash) = 32),
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz,
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE invitations (
    id           uuid PRIMARY KEY,
    tenant_id    uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    email        text NOT NULL CHECK (length(email) BETWEEN 3 AND 320),
    role         text NOT NULL CHECK (role IN ('owner', 'admin', 'member', 'viewer')),
    invited_by   uuid,
    token_hash   bytea NOT NULL UNIQUE CHECK (length(token_hash) = 32),
    created_at   timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz NOT NULL,
    accepted_at  timestamptz,
    UNIQUE (tenant_id, id)
);

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['sessions', 'email_tokens', 'invitations'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = humane_current_tenant()) '
                       'WITH CHECK (tenant_id = humane_current_tenant())', t);
        EXECUTE format('CREATE POLICY credential_lookup ON %I FOR SELECT TO CURRENT_USER USING (true)', t);
    END LOOP;
END $$;
CREATE POLICY credential_lookup ON users FOR SELECT TO CURRENT_USER USING (true);

-- Sign-in: the account behind an e-mail address, before any tenant is known.
CREATE FUNCTION account_by_email(p_email text)
    RETURNS TABLE (id uuid, tenant_id uuid, password_hash text, role text)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT u.id, u.tenant_id, u.password_hash, u.role FROM users u WHERE lower(u.email) = lower(p_email) $$;

-- A presented session cookie; the user's current role comes with it, so a role change holds from
-- the next request.
CREATE FUNCTION session_by_hash(p_hash bytea)
    RETURNS TABLE (id uuid, tenant_id uuid, user_id uuid, role text, verification_required boolean,
                   csrf_hash bytea, refreshed_at timestamptz, expires_at timestamptz,
                   absolute_expires_at timestamptz, revoked_at timestamptz)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT s.id, s.tenant_id, s.user_id, u.role, u.verification_required, s.csrf_hash, s.refreshed_at,
                 s.expires_at, s.absolute_expires_at, s.revoked_at
          FROM sessions s JOIN users u ON u.tenant_id = s.tenant_id AND u.id = s.user_id
          WHERE s.token_hash = p_hash $$;

-- An e-mailed one-time token (verification, reset) and an invitation, by the hash of the token.
CREATE FUNCTION email_token_by_hash(p_hash bytea)
    RETURNS TABLE (id uuid, tenant_id uuid, user_id uuid, purpose text, expires_at timestamptz, used_at timestamptz)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT t.id, t.tenant_id, t.user_id, t.purpose, t.expires_at, t.used_at FROM email_tokens t
          WHERE t.token_hash = p_hash $$;

CREATE FUNCTION invitation_by_hash(p_hash bytea)
    RETURNS TABLE (id uuid, tenant_id uuid, email text, role text, expires_at timestamptz, accepted_at timestamptz)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT i.id, i.tenant_id, i.email, i.role, i.expires_at, i.accepted_at FROM invitations i
          WHERE i.token_hash = p_hash $$;

-- S2: failure counters per account and per client IP, shared by every instance; not tenant data.
CREATE TABLE login_throttle (
    key              text PRIMARY KEY CHECK (length(key) <= 400),
    failures         integer NOT NULL,
    last_failure_at  timestamptz NOT NULL,
    blocked_until    timestamptz
);

-- S7: addresses that have signed up before; not tenant data.
CREATE TABLE signup_addresses (
    address        text PRIMARY KEY CHECK (length(address) <= 64),
    first_seen_at  timestamptz NOT NULL DEFAULT now()
);

DO $$
DECLARE f text;
BEGIN
    FOREACH f IN ARRAY ARRAY['account_by_email(text)', 'session_by_hash(bytea)', 'email_token_by_hash(bytea)',
                             'invitation_by_hash(bytea)'] LOOP
        EXECUTE format('REVOKE ALL ON FUNCTION %s FROM PUBLIC', f);
        EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO %s', f, '${app_role}');
    END LOOP;
END $$;

GRANT SELECT, INSERT, UPDATE, DELETE ON sessions, email_tokens, invitations, login_throttle, signup_addresses
    TO ${app_role};
