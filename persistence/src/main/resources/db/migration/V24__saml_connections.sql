-- SAML 2.0 per tenant (S6). A connection holds the IdP's metadata (last good copy, from XML given or a URL
-- fetched through the guard), its signing certificates (several during a rollover), the JIT default role and
-- whether IdP-initiated logins are accepted (off unless turned on). The requests we issued are one-time and
-- bound to the connection and the browser that started them; assertion ids seen are kept cluster-wide until
-- the assertion has expired, so a replay is refused on any instance. Every table is tenant-owned behind
-- forced row-level security (T1); composite foreign keys keep each reference inside its tenant.

CREATE TABLE saml_connections (
    id                       uuid PRIMARY KEY,
    tenant_id                uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    name                     text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    idp_entity_id            text NOT NULL CHECK (length(idp_entity_id) BETWEEN 1 AND 1024),
    idp_sso_url              text NOT NULL CHECK (length(idp_sso_url) BETWEEN 8 AND 2048),
    idp_wants_signed_requests boolean NOT NULL DEFAULT false,
    metadata_url             text CHECK (length(metadata_url) BETWEEN 8 AND 2048),
    metadata_xml             text NOT NULL CHECK (octet_length(metadata_xml) <= 262144),
    metadata_fetched_at      timestamptz,
    metadata_error           text CHECK (length(metadata_error) <= 500),
    default_role             text NOT NULL DEFAULT 'member' CHECK (default_role IN ('admin', 'member', 'viewer')),
    idp_initiated            boolean NOT NULL DEFAULT false,
    enabled                  boolean NOT NULL DEFAULT true,
    created_at               timestamptz NOT NULL DEFAULT now(),
    updated_at               timestamptz NOT NULL DEFAULT now(),
    UNIQUE (tenant_id, id)
);

CREATE TABLE saml_certificates (
    id                   uuid PRIMARY KEY,
    tenant_id            uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    connection_id        uuid NOT NULL,
    der                  bytea NOT NULL CHECK (octet_length(der) <= 16384),
    sha256               text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    subject              text NOT NULL CHECK (length(subject) <= 1024),
    not_after            timestamptz NOT NULL,
    -- Set by the one update that queues the 30-day warning, so each certificate is announced once.
    expiry_notified_at   timestamptz,
    created_at           timestamptz NOT NULL DEFAULT now(),
    UNIQUE (tenant_id, id),
    UNIQUE (connection_id, sha256),
    FOREIGN KEY (tenant_id, connection_id) REFERENCES saml_connections (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX saml_certificates_expiring ON saml_certificates (not_after) WHERE expiry_notified_at IS NULL;

CREATE TABLE saml_requests (
    id              text PRIMARY KEY CHECK (id ~ '^_[0-9a-f]{40}$'),
    tenant_id       uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    connection_id   uuid NOT NULL,
    -- SHA-256 of the random value in the browser's binding cookie: the response must come back through it.
    browser_hash    bytea NOT NULL CHECK (octet_length(browser_hash) = 32),
    expires_at      timestamptz NOT NULL,
    FOREIGN KEY (tenant_id, connection_id) REFERENCES saml_connections (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX saml_requests_expiry ON saml_requests (expires_at);

CREATE TABLE saml_assertions_seen (
    connection_id   uuid NOT NULL,
    assertion_id    text NOT NULL CHECK (length(assertion_id) BETWEEN 1 AND 256),
    tenant_id       uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    expires_at      timestamptz NOT NULL,
    PRIMARY KEY (connection_id, assertion_id),
    FOREIGN KEY (tenant_id, connection_id) REFERENCES saml_connections (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX saml_assertions_seen_expiry ON saml_assertions_seen (expires_at);

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['saml_connections', 'saml_certificates', 'saml_requests', 'saml_assertions_seen'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = humane_current_tenant()) '
                       'WITH CHECK (tenant_id = humane_current_tenant())', t);
    END LOOP;
END $$;

-- The login, metadata and ACS URLs name a connection before any tenant is known: the owner role may read
-- saml_connections for that, only through this function, which answers one exact connection's tenant.
CREATE POLICY connection_lookup ON saml_connections FOR SELECT TO CURRENT_USER USING (true);
CREATE FUNCTION saml_connection_tenant(p_connection uuid)
    RETURNS uuid
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT c.tenant_id FROM saml_connections c WHERE c.id = p_connection $$;
REVOKE ALL ON FUNCTION saml_connection_tenant(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION saml_connection_tenant(uuid) TO ${app_role};

-- The daily jobs run without a tenant: they learn which connections are due here (ids only) and then work
-- tenant by tenant inside each tenant's row-level security scope.
CREATE POLICY expiry_scan ON saml_certificates FOR SELECT TO CURRENT_USER USING (true);
CREATE FUNCTION saml_metadata_due(p_before timestamptz)
    RETURNS TABLE (tenant_id uuid, connection_id uuid)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT c.tenant_id, c.id FROM saml_connections c
          WHERE c.metadata_url IS NOT NULL AND (c.metadata_fetched_at IS NULL OR c.metadata_fetched_at < p_before) $$;
REVOKE ALL ON FUNCTION saml_metadata_due(timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION saml_metadata_due(timestamptz) TO ${app_role};

CREATE FUNCTION saml_certificates_expiring(p_before timestamptz)
    RETURNS SETOF uuid
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT DISTINCT s.tenant_id FROM saml_certificates s
          WHERE s.expiry_notified_at IS NULL AND s.not_after < p_before $$;
REVOKE ALL ON FUNCTION saml_certificates_expiring(timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION saml_certificates_expiring(timestamptz) TO ${app_role};

-- Expired request ids and assertion ids are purged by any instance, without a tenant, through this function.
CREATE POLICY purge_expired ON saml_requests FOR DELETE TO CURRENT_USER USING (expires_at < now());
CREATE POLICY purge_expired_select ON saml_requests FOR SELECT TO CURRENT_USER USING (expires_at < now());
CREATE POLICY purge_expired ON saml_assertions_seen FOR DELETE TO CURRENT_USER USING (expires_at < now());
CREATE POLICY purge_expired_select ON saml_assertions_seen FOR SELECT TO CURRENT_USER USING (expires_at < now());
CREATE FUNCTION saml_purge_expired()
    RETURNS bigint
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
DECLARE requests bigint; assertions bigint;
BEGIN
    DELETE FROM saml_requests WHERE expires_at < now();
    GET DIAGNOSTICS requests = ROW_COUNT;
    DELETE FROM saml_assertions_seen WHERE expires_at < now();
    GET DIAGNOSTICS assertions = ROW_COUNT;
    RETURN requests + assertions;
END $$;
REVOKE ALL ON FUNCTION saml_purge_expired() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION saml_purge_expired() TO ${app_role};

GRANT SELECT, INSERT, UPDATE, DELETE ON saml_connections TO ${app_role};
GRANT SELECT, INSERT, UPDATE, DELETE ON saml_certificates TO ${app_role};
GRANT SELECT, INSERT, DELETE ON saml_requests TO ${app_role};
GRANT SELECT, INSERT, DELETE ON saml_assertions_seen TO ${app_role};
