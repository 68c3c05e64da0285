-- T1: V35 fixed the columns the cross-tenant look-ups trust once the row exists; this fixes who may write them in a
-- new row. Until now the runtime role could INSERT a membership naming any existing person (attaching someone's
-- person, their password, second factor and Google sign-in, to a tenant no invitation of theirs was accepted in) and
-- an SSO identity marked global (a Google link to anyone's person). The runtime role now writes directly only what
-- needs no one's consent: a person's first membership (sign-up, an accepted invitation of a new person, just in time,
-- the operator's provisioning) and a tenant connection's link. A further membership of an existing person is written
-- only by membership_by_invitation, which consumes a pending invitation of the current tenant to that person's
-- address in the same statement; a global link only by sso_identity_link_global, for a membership of the current
-- tenant whose person's address is verified and is the one the provider asserted. The refusals are RESTRICTIVE
-- policies for the runtime role: the functions run as the owner, whom they do not bind, and nothing the runtime
-- role can set (a setting, a row of its own) lifts them.

-- True when no membership names the person yet (every tenant's, read as the owner): only a person created for this
-- membership, never one who is somebody's member. Answers one fact about one exact id.
CREATE FUNCTION person_unattached(p_person uuid)
    RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT NOT EXISTS (SELECT 1 FROM users u WHERE u.person_id = p_person) $$;
REVOKE ALL ON FUNCTION person_unattached(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION person_unattached(uuid) TO ${app_role};
-- Checked after users_new_person (a BEFORE trigger), so a membership written without a person gets its new one.
CREATE POLICY first_membership_only ON users AS RESTRICTIVE FOR INSERT TO ${app_role}
    WITH CHECK (person_unattached(person_id));

-- An existing person joins the current tenant by its invitation: the invitation (pending: neither accepted, nor
-- withdrawn, nor expired) must be to the person's address, and is accepted by the same call that adds the
-- membership with the invitation's role. Answers that role, or null when no such invitation was pending (then
-- nothing changed). The caller has already proven the person (their password) and the sender's standing.
CREATE FUNCTION membership_by_invitation(p_invitation uuid, p_person uuid, p_user uuid, p_name text)
    RETURNS text
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
DECLARE
    v_email text;
    v_role text;
BEGIN
    SELECT p.email INTO v_email FROM people p WHERE p.id = p_person;
    UPDATE invitations i SET accepted_at = now()
        WHERE i.tenant_id = humane_current_tenant() AND i.id = p_invitation AND i.email = v_email
          AND i.accepted_at IS NULL AND i.expires_at > now()
        RETURNING i.role INTO v_role;
    IF v_role IS NOT NULL THEN
        INSERT INTO users (id, tenant_id, person_id, email, name, role)
            VALUES (p_user, humane_current_tenant(), p_person, v_email, p_name, v_role);
    END IF;
    RETURN v_role;
END $$;
REVOKE ALL ON FUNCTION membership_by_invitation(uuid, uuid, uuid, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION membership_by_invitation(uuid, uuid, uuid, text) TO ${app_role};

-- A global provider's (Google's) first sign-in links the membership of the current tenant it reached: the person's
-- address must be verified (by Humane) and be the address the provider asserted. Answers whether it linked.
CREATE POLICY tenant_links_only ON sso_identities AS RESTRICTIVE FOR INSERT TO ${app_role} WITH CHECK (NOT global);
CREATE FUNCTION sso_identity_link_global(p_id uuid, p_user uuid, p_issuer text, p_subject text, p_email text)
    RETURNS boolean
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
BEGIN
    INSERT INTO sso_identities (id, tenant_id, user_id, person_id, global, issuer, subject, email)
        SELECT p_id, u.tenant_id, u.id, u.person_id, true, p_issuer, p_subject, p.email
        FROM users u JOIN people p ON p.id = u.person_id
        WHERE u.tenant_id = humane_current_tenant() AND u.id = p_user
          AND p.email = p_email AND p.email_verified_at IS NOT NULL;
    RETURN FOUND;
END $$;
REVOKE ALL ON FUNCTION sso_identity_link_global(uuid, uuid, text, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sso_identity_link_global(uuid, uuid, text, text, text) TO ${app_role};
