-- K3: the tenants the nightly re-encryption visits. V20_1 (SSO client secrets and refresh tokens) and V23
-- (payment tokens, TOTP secrets) each redefined this function from the same older one, so whichever ran last
-- dropped the other's tables. One definition with every sealed column's tenants.
CREATE OR REPLACE FUNCTION webhook_tenants_with_secrets()
    RETURNS SETOF uuid
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT tenant_id FROM webhook_endpoints UNION SELECT tenant_id FROM inbound_secrets
          UNION SELECT tenant_id FROM engines WHERE provider_api_key IS NOT NULL
          UNION SELECT id FROM tenants WHERE payment_token IS NOT NULL
          UNION SELECT tenant_id FROM users WHERE totp_secret IS NOT NULL
          UNION SELECT tenant_id FROM oidc_connections
          UNION SELECT tenant_id FROM sso_identities WHERE refresh_token IS NOT NULL $$;
