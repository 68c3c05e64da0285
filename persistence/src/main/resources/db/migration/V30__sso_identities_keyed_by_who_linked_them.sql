-- S5, S6: a linked identity is found only by whoever linked it. Until now (issuer, subject) was one namespace for
-- every provider: Google's issuer comes from the environment, but a tenant's connection names its own issuer (a SAML
-- IdP's entityID is whatever its metadata says) and its own IdP chooses the subject. A tenant could therefore link
-- (Google's issuer, a victim's Google subject) to a member of its own, and the victim's next Google sign-in opened
-- that member in the attacker's tenant; or link (another tenant's IdP, a guessed NameID) first, and that tenant's
-- own person could never be linked (the unique key) and was refused.
-- Now Google's links (global) are unique and found among Google's links only; a connection's links are unique and
-- found within its tenant only. The same (issuer, subject) may be linked once by Google and once per tenant.
ALTER TABLE sso_identities DROP CONSTRAINT sso_identities_issuer_subject_key;
CREATE UNIQUE INDEX sso_identities_global_key ON sso_identities (issuer, subject) WHERE global;
CREATE UNIQUE INDEX sso_identities_tenant_key ON sso_identities (tenant_id, issuer, subject) WHERE NOT global;

-- p_tenant: the connection's tenant, or null for Google.
DROP FUNCTION sso_identity_by_subject(text, text);
CREATE FUNCTION sso_identity_by_subject(p_issuer text, p_subject text, p_tenant uuid)
    RETURNS TABLE (tenant_id uuid, user_id uuid, person_id uuid, global boolean)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT i.tenant_id, i.user_id, i.person_id, i.global FROM sso_identities i
          WHERE i.issuer = p_issuer AND i.subject = p_subject
            AND CASE WHEN p_tenant IS NULL THEN i.global ELSE NOT i.global AND i.tenant_id = p_tenant END $$;
REVOKE ALL ON FUNCTION sso_identity_by_subject(text, text, uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sso_identity_by_subject(text, text, uuid) TO ${app_role};
