-- The look-ups of V20 and below run as the owner role, which FORCEd row-level security binds too: like
-- credential_lookup (V1, V2), a SELECT policy for the owner role alone lets the SECURITY DEFINER functions see
-- the one row they are asked for. The runtime role is not named, so its policies stay the tenant predicate.
CREATE POLICY identity_lookup ON sso_identities FOR SELECT TO CURRENT_USER USING (true);

-- Issue 11: a tenant's own OpenID Connect connections (S5): Okta, Entra ID, Google Workspace. Tenant data
-- behind both walls (T1); the client secret is a Fernet token (K3). The callback finds a connection by its id
-- before any tenant is known only through oidc_connection_by_id, which answers one exact id.
CREATE TABLE oidc_connections (
    id              uuid PRIMARY KEY,
    tenant_id       uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    name            text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    issuer          text NOT NULL CHECK (length(issuer) BETWEEN 8 AND 500),
    client_id       text NOT NULL CHECK (length(client_id) BETWEEN 1 AND 500),
    client_secret   text NOT NULL CHECK (client_secret LIKE 'gAAAAA%'),
    default_role    text NOT NULL DEFAULT 'member' CHECK (default_role IN ('admin', 'member', 'viewer')),
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (tenant_id, id)
);
ALTER TABLE oidc_connections ENABLE ROW LEVEL SECURITY;
ALTER TABLE oidc_connections FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON oidc_connections
    USING (tenant_id = humane_current_tenant()) WITH CHECK (tenant_id = humane_current_tenant());
GRANT SELECT, INSERT, UPDATE, DELETE ON oidc_connections TO ${app_role};
CREATE POLICY connection_lookup ON oidc_connections FOR SELECT TO CURRENT_USER USING (true);

CREATE FUNCTION oidc_connection_by_id(p_id uuid)
    RETURNS TABLE (tenant_id uuid, issuer text, client_id text, client_secret text, default_role text)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT c.tenant_id, c.issuer, c.client_id, c.client_secret, c.default_role
          FROM oidc_connections c WHERE c.id = p_id $$;
REVOKE ALL ON FUNCTION oidc_connection_by_id(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION oidc_connection_by_id(uuid) TO ${app_role};

-- Domains a tenant proves it holds by a DNS TXT record (S5, S6): a tenant's connection may sign in e-mails of its
-- verified domains only, and provisions people of those domains on their first sign-in. A domain is verified
-- for one tenant at most (the unique index spans tenants; the row-level wall still hides other tenants' rows).
CREATE TABLE sso_domains (
    id              uuid PRIMARY KEY,
    tenant_id       uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    domain          text NOT NULL CHECK (domain ~ '^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$'
                                         AND length(domain) <= 253),
    token           text NOT NULL CHECK (token ~ '^[A-Za-z0-9_-]{43}$'),
    verified_at     timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (tenant_id, id),
    UNIQUE (tenant_id, domain)
);
CREATE UNIQUE INDEX sso_domains_verified_once ON sso_domains (domain) WHERE verified_at IS NOT NULL;
ALTER TABLE sso_domains ENABLE ROW LEVEL SECURITY;
ALTER TABLE sso_domains FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON sso_domains
    USING (tenant_id = humane_current_tenant()) WITH CHECK (tenant_id = humane_current_tenant());
GRANT SELECT, INSERT, UPDATE, DELETE ON sso_domains TO ${app_role};
CREATE POLICY domain_lookup ON sso_domains FOR SELECT TO CURRENT_USER USING (true);

-- Whether a domain is verified by some tenant, without saying which (verifying a taken domain is refused).
CREATE FUNCTION sso_domain_taken(p_domain text)
    RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT EXISTS (SELECT 1 FROM sso_domains d WHERE d.domain = p_domain AND d.verified_at IS NOT NULL) $$;
REVOKE ALL ON FUNCTION sso_domain_taken(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sso_domain_taken(text) TO ${app_role};

-- K3: the nightly re-encryption also moves connections' client secrets and linked identities' provider refresh
-- tokens forward; it visits the tenants this function names.
CREATE OR REPLACE FUNCTION webhook_tenants_with_secrets()
    RETURNS SETOF uuid
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT tenant_id FROM webhook_endpoints UNION SELECT tenant_id FROM inbound_secrets
          UNION SELECT tenant_id FROM engines WHERE provider_api_key IS NOT NULL
          UNION SELECT tenant_id FROM oidc_connections
          UNION SELECT tenant_id FROM sso_identities WHERE refresh_token IS NOT NULL $$;

-- Routing (GET /auth/sso?email=): the tenant that verified a domain, to send a browser to its connection.
CREATE FUNCTION sso_domain_tenant(p_domain text)
    RETURNS uuid
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT d.tenant_id FROM sso_domains d WHERE d.domain = p_domain AND d.verified_at IS NOT NULL $$;
REVOKE ALL ON FUNCTION sso_domain_tenant(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sso_domain_tenant(text) TO ${app_role};
