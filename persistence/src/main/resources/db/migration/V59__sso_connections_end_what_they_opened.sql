-- A tenant's own SSO connection (OIDC or SAML) vouches for that tenant's members; when its owner deletes or disables
-- it (an identity provider compromised, a contract ended), what it opened must end with it (S5, S6). Until now a
-- session it had opened lived on to its expiry (30 days), and a second factor's code or an IdP-initiated
-- confirmation still waiting (5 minutes) still opened one. Both now name the connection that vouched.
--
-- No foreign key: the connection is a row of oidc_connections or of saml_connections. Rows written before this
-- release (and by a replica of the previous one during a rolling upgrade) name none, and are ended by their expiry.
ALTER TABLE sessions ADD COLUMN sso_connection_id uuid;
ALTER TABLE mfa_challenges ADD COLUMN connection_id uuid,
    ADD CONSTRAINT mfa_challenges_connection_opens_a_tenant CHECK (connection_id IS NULL OR opens = 'tenant');
CREATE INDEX sessions_by_sso_connection ON sessions (tenant_id, sso_connection_id)
    WHERE sso_connection_id IS NOT NULL AND revoked_at IS NULL;
