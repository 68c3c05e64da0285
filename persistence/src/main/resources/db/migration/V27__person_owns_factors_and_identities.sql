-- Issue 11: what proves who a person is belongs to the person, not to one of their memberships (V26). One e-mail
-- verification, one second factor (secret, replay guard, recovery codes) and one set of linked identities, whatever
-- tenant the person signs in to. Existing data moves over; where memberships disagree, the rule is written below.

-- FORCE is lifted for this transaction only, as in V12 and V26: the migrating owner must see every tenant's rows.
ALTER TABLE users NO FORCE ROW LEVEL SECURITY;
ALTER TABLE sso_identities NO FORCE ROW LEVEL SECURITY;
ALTER TABLE recovery_codes NO FORCE ROW LEVEL SECURITY;

-- 1. E-mail verification (S7): a person is verified when any of their memberships was. No membership kept the
--    moment, so the migration's is written.
ALTER TABLE people ADD COLUMN email_verified_at timestamptz;
UPDATE people p SET email_verified_at = now()
    WHERE EXISTS (SELECT 1 FROM users u WHERE u.person_id = p.id AND u.email_verified);
ALTER TABLE users DROP COLUMN email_verified;

-- 2. The second factor (S8). The secret stays a Fernet token (K3); totp_last_step is one replay guard for every
--    tenant (RFC 6238 §5.2: a step is accepted once, not once per tenant); the recovery codes are the SHA-256 of
--    each unused code, spent by one conditional UPDATE that removes it from the array.
ALTER TABLE people
    ADD COLUMN totp_secret text CHECK (totp_secret IS NULL OR length(totp_secret) <= 1024),
    ADD COLUMN totp_enabled_at timestamptz,
    ADD COLUMN totp_last_step bigint,
    ADD COLUMN totp_recovery_codes bytea[] NOT NULL DEFAULT '{}'
        CHECK (cardinality(totp_recovery_codes) <= 20),
    ADD CONSTRAINT people_totp_enabled_has_secret CHECK (totp_enabled_at IS NULL OR totp_secret IS NOT NULL);
-- Several memberships of one person with a factor (enrolled once per tenant before): the most recently enabled
-- one is kept, with its unused recovery codes (the person's newest authenticator entry; the older ones stop
-- working, which is a second factor lost, never one gained). A person with none enabled keeps a pending secret of
-- the membership that started one last (by that order, then by id, so the choice is deterministic).
WITH chosen AS (
    SELECT DISTINCT ON (u.person_id) u.person_id, u.tenant_id, u.id, u.totp_secret, u.totp_enabled_at, u.totp_last_step
    FROM users u WHERE u.totp_secret IS NOT NULL
    ORDER BY u.person_id, u.totp_enabled_at DESC NULLS LAST, u.id)
UPDATE people p SET totp_secret = c.totp_secret, totp_enabled_at = c.totp_enabled_at,
                    totp_last_step = c.totp_last_step,
                    totp_recovery_codes = CASE WHEN c.totp_enabled_at IS NULL THEN '{}' ELSE coalesce(
                        (SELECT array_agg(r.code_hash ORDER BY r.id) FROM recovery_codes r
                         WHERE r.tenant_id = c.tenant_id AND r.user_id = c.id AND r.used_at IS NULL), '{}') END
    FROM chosen c WHERE p.id = c.person_id;
ALTER TABLE users DROP CONSTRAINT totp_enabled_has_secret;
ALTER TABLE users DROP COLUMN totp_secret, DROP COLUMN totp_enabled_at, DROP COLUMN totp_last_step;
DROP TABLE recovery_codes;

-- The people wall (V26) stays: the runtime role changes only its members' rows, and of them only the password,
-- the verification and the second factor, never the address.
GRANT INSERT (email_verified_at) ON people TO ${app_role};
GRANT UPDATE (email_verified_at, totp_secret, totp_enabled_at, totp_last_step, totp_recovery_codes)
    ON people TO ${app_role};

-- A BAA (O6) requires a second factor of every member: read from the person now.
CREATE OR REPLACE FUNCTION session_by_hash(p_hash bytea)
    RETURNS TABLE (id uuid, tenant_id uuid, user_id uuid, role text, verification_required boolean,
                   csrf_hash bytea, refreshed_at timestamptz, expires_at timestamptz,
                   absolute_expires_at timestamptz, revoked_at timestamptz, baa boolean, second_factor_missing boolean)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT s.id, s.tenant_id, s.user_id, u.role, u.verification_required, s.csrf_hash, s.refreshed_at,
                 s.expires_at, s.absolute_expires_at, s.revoked_at, t.baa_accepted_at IS NOT NULL,
                 t.baa_accepted_at IS NOT NULL AND p.totp_enabled_at IS NULL
          FROM sessions s JOIN users u ON u.tenant_id = s.tenant_id AND u.id = s.user_id
          JOIN people p ON p.id = u.person_id
          JOIN tenants t ON t.id = s.tenant_id
          WHERE s.token_hash = p_hash $$;

-- One factor for every tenant: it may be turned off only when none of the person's tenants is under a BAA. The
-- current tenant cannot see the others, so this answers the one fact, for a member of the current tenant only.
CREATE FUNCTION person_second_factor_required(p_user uuid)
    RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT EXISTS (SELECT 1 FROM users u JOIN users m ON m.person_id = u.person_id
                         JOIN tenants t ON t.id = m.tenant_id
                         WHERE u.tenant_id = humane_current_tenant() AND u.id = p_user
                           AND t.baa_accepted_at IS NOT NULL) $$;
REVOKE ALL ON FUNCTION person_second_factor_required(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION person_second_factor_required(uuid) TO ${app_role};

-- 3. Linked identities (S5, S6). An identity names its person. One from a global provider (Google, from the
--    environment: `global`) proves who the person is and opens their membership used last, like the password; one
--    from a tenant's own connection is vouched for by that tenant's provider only and opens only the membership in
--    that tenant. The row stays in the tenant whose membership linked it (its wall, its erasure, its re-encryption).
--    Existing rows: an identity whose issuer is one of its tenant's own connections is that tenant's; any other
--    was linked by Google. (Marking one global wrongly cannot widen a tenant connection's reach: a connection's
--    sign-in opens only its tenant whatever the row says; only Google's issuer signs in globally.)
ALTER TABLE sso_identities ADD COLUMN person_id uuid, ADD COLUMN global boolean;
UPDATE sso_identities i SET person_id = u.person_id,
       global = NOT EXISTS (SELECT 1 FROM oidc_connections c WHERE c.tenant_id = i.tenant_id AND c.issuer = i.issuer)
            AND NOT EXISTS (SELECT 1 FROM saml_connections c WHERE c.tenant_id = i.tenant_id AND c.idp_entity_id = i.issuer)
    FROM users u WHERE u.tenant_id = i.tenant_id AND u.id = i.user_id;
ALTER TABLE sso_identities ALTER COLUMN person_id SET NOT NULL, ALTER COLUMN global SET NOT NULL;
-- The person behind the row is the membership's, always.
ALTER TABLE users ADD CONSTRAINT users_membership_of_person UNIQUE (tenant_id, id, person_id);
ALTER TABLE sso_identities ADD CONSTRAINT sso_identities_membership
    FOREIGN KEY (tenant_id, user_id, person_id) REFERENCES users (tenant_id, id, person_id) ON DELETE CASCADE;

DROP FUNCTION sso_identity_by_subject(text, text);
CREATE FUNCTION sso_identity_by_subject(p_issuer text, p_subject text)
    RETURNS TABLE (tenant_id uuid, user_id uuid, person_id uuid, global boolean)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT i.tenant_id, i.user_id, i.person_id, i.global FROM sso_identities i
          WHERE i.issuer = p_issuer AND i.subject = p_subject $$;
REVOKE ALL ON FUNCTION sso_identity_by_subject(text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sso_identity_by_subject(text, text) TO ${app_role};

-- The memberships one linked identity may open, the one used last first: every one of its person's when it is
-- global, none when it is a tenant's (the caller keeps to the row's own tenant then).
CREATE FUNCTION sso_identity_memberships(p_issuer text, p_subject text)
    RETURNS TABLE (tenant_id uuid, user_id uuid, email text)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT u.tenant_id, u.id, u.email FROM sso_identities i JOIN users u ON u.person_id = i.person_id
          WHERE i.issuer = p_issuer AND i.subject = p_subject AND i.global
          ORDER BY u.last_active_at DESC NULLS LAST, u.created_at, u.id $$;
REVOKE ALL ON FUNCTION sso_identity_memberships(text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sso_identity_memberships(text, text) TO ${app_role};

-- K3: the tenants the nightly re-encryption visits: TOTP secrets are the people's now (each tenant re-seals its
-- members' secrets; a person in two tenants is visited twice, the second time finds nothing old).
CREATE OR REPLACE FUNCTION webhook_tenants_with_secrets()
    RETURNS SETOF uuid
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT tenant_id FROM webhook_endpoints UNION SELECT tenant_id FROM inbound_secrets
          UNION SELECT tenant_id FROM engines WHERE provider_api_key IS NOT NULL
          UNION SELECT id FROM tenants WHERE payment_token IS NOT NULL
          UNION SELECT u.tenant_id FROM users u JOIN people p ON p.id = u.person_id WHERE p.totp_secret IS NOT NULL
          UNION SELECT tenant_id FROM oidc_connections
          UNION SELECT tenant_id FROM sso_identities WHERE refresh_token IS NOT NULL $$;

ALTER TABLE users FORCE ROW LEVEL SECURITY;
ALTER TABLE sso_identities FORCE ROW LEVEL SECURITY;
