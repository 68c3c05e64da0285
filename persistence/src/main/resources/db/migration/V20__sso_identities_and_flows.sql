-- Issue 11, enterprise sign-in: the identities that providers vouch for, linked to accounts (S5, S6), and the
-- browser-bound state of sign-in flows in progress.

-- An identity of a provider (issuer + subject) linked to an account. Tenant data behind both walls (T1): it is
-- read before any tenant is known only through sso_identity_by_subject, which answers one exact pair.
-- refresh_token holds a provider refresh token sealed with the Fernet ring (K3), never the token itself.
CREATE TABLE sso_identities (
    id                  uuid PRIMARY KEY,
    tenant_id           uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    user_id             uuid NOT NULL,
    issuer              text NOT NULL CHECK (length(issuer) BETWEEN 1 AND 500),
    subject             text NOT NULL CHECK (length(subject) BETWEEN 1 AND 255),
    email               text NOT NULL CHECK (length(email) BETWEEN 3 AND 320),
    refresh_token       text CHECK (refresh_token IS NULL OR refresh_token LIKE 'gAAAAA%'),
    created_at          timestamptz NOT NULL DEFAULT now(),
    last_signed_in_at   timestamptz NOT NULL DEFAULT now(),
    UNIQUE (issuer, subject),
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX sso_identities_of_user ON sso_identities (tenant_id, user_id);
ALTER TABLE sso_identities ENABLE ROW LEVEL SECURITY;
ALTER TABLE sso_identities FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON sso_identities
    USING (tenant_id = humane_current_tenant()) WITH CHECK (tenant_id = humane_current_tenant());
GRANT SELECT, INSERT, UPDATE, DELETE ON sso_identities TO ${app_role};

CREATE FUNCTION sso_identity_by_subject(p_issuer text, p_subject text)
    RETURNS TABLE (tenant_id uuid, user_id uuid)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT i.tenant_id, i.user_id FROM sso_identities i WHERE i.issuer = p_issuer AND i.subject = p_subject $$;

-- Sign-in flows in progress (OIDC state, nonce and PKCE verifier; SAML request ids later), each bound to the
-- browser that started it by the hash of an HttpOnly cookie. No tenant, no personal data; the runtime role has
-- no privilege on the table and reaches it only through the two functions below, so a flow is taken at most
-- once, by the browser that began it, before it expires.
CREATE TABLE sso_flows (
    state_hash      bytea PRIMARY KEY CHECK (length(state_hash) = 32),
    browser_hash    bytea NOT NULL CHECK (length(browser_hash) = 32),
    provider        text NOT NULL CHECK (length(provider) BETWEEN 1 AND 100),
    nonce           text NOT NULL CHECK (length(nonce) BETWEEN 16 AND 200),
    code_verifier   text NOT NULL CHECK (code_verifier LIKE 'gAAAAA%'),
    expires_at      timestamptz NOT NULL
);
CREATE INDEX sso_flows_by_expiry ON sso_flows (expires_at);

CREATE FUNCTION sso_flow_begin(p_state_hash bytea, p_browser_hash bytea, p_provider text, p_nonce text,
                               p_code_verifier text, p_expires_at timestamptz)
    RETURNS void
    LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
        DELETE FROM sso_flows WHERE expires_at < now();
        INSERT INTO sso_flows VALUES (p_state_hash, p_browser_hash, p_provider, p_nonce, p_code_verifier,
                                      least(p_expires_at, now() + interval '15 minutes'));
    $$;

-- One-time: the row is deleted as it is read, and only for the browser that began it and before it expires.
CREATE FUNCTION sso_flow_take(p_state_hash bytea, p_browser_hash bytea)
    RETURNS TABLE (provider text, nonce text, code_verifier text)
    LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ DELETE FROM sso_flows f WHERE f.state_hash = p_state_hash AND f.browser_hash = p_browser_hash
              AND f.expires_at > now()
          RETURNING f.provider, f.nonce, f.code_verifier $$;

DO $$
DECLARE f text;
BEGIN
    FOREACH f IN ARRAY ARRAY['sso_identity_by_subject(text, text)',
                             'sso_flow_begin(bytea, bytea, text, text, text, timestamptz)',
                             'sso_flow_take(bytea, bytea)'] LOOP
        EXECUTE format('REVOKE ALL ON FUNCTION %s FROM PUBLIC', f);
        EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO %s', f, '${app_role}');
    END LOOP;
END $$;
