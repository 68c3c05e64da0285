-- An access token's session standing says, as the session cookie's look-up (session_by_hash) does, whether the
-- tenant is under a BAA and the member still lacks a second factor (O6): a token issued before the BAA was accepted
-- is then gated like the session itself, and cannot renew itself (POST /auth/token with the token) past the gate.
-- The result gains a column, which CREATE OR REPLACE cannot do: dropped and made again with V29's query, a join on
-- the member's person, and the same grants.
DROP FUNCTION session_standing(uuid);
CREATE FUNCTION session_standing(p_session uuid)
    RETURNS TABLE (tenant_id uuid, user_id uuid, role text, verification_required boolean, plan text,
                   second_factor_missing boolean)
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
    BEGIN
        RETURN QUERY
        SELECT s.tenant_id, s.user_id, u.role, u.verification_required, t.plan,
               t.baa_accepted_at IS NOT NULL AND p.totp_enabled_at IS NULL
        FROM sessions s JOIN users u ON u.tenant_id = s.tenant_id AND u.id = s.user_id
        JOIN people p ON p.id = u.person_id
        JOIN tenants t ON t.id = s.tenant_id
        WHERE s.id = p_session AND s.revoked_at IS NULL
          AND s.expires_at > now() AND s.absolute_expires_at > now();
    END
    $$;
REVOKE ALL ON FUNCTION session_standing(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION session_standing(uuid) TO ${app_role};
