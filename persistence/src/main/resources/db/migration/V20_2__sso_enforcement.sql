-- Issue 11: a tenant may require SSO for a verified domain: its people's password sign-in is then refused, but
-- for owners (break-glass, audited), so that a broken identity provider cannot lock a tenant out.
ALTER TABLE sso_domains ADD COLUMN require_sso boolean NOT NULL DEFAULT false;
ALTER TABLE sso_domains ADD CONSTRAINT sso_domains_enforced_only_when_verified
    CHECK (NOT require_sso OR verified_at IS NOT NULL);
