-- GET /auth/sessions listed, and DELETE /auth/sessions/{id} revoked, the live sessions of the caller's membership in
-- the current tenant only (S3). A person's sessions move between their tenants (session_switch, V26), so a session
-- whoever held its cookie had switched into another tenant of theirs was neither listed nor revocable where the person
-- looked, until they switched there too or changed their password. Both now reach every live session of the person
-- behind membership p_user of the current tenant, in every tenant of theirs, as person_sessions_revoke (V26) does.
CREATE FUNCTION person_sessions(p_user uuid)
    RETURNS TABLE (id uuid, tenant_id uuid, created_at timestamptz, refreshed_at timestamptz,
                   expires_at timestamptz, client_ip text, user_agent text)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT s.id, s.tenant_id, s.created_at, s.refreshed_at, s.expires_at, s.client_ip, s.user_agent
          FROM users u JOIN users m ON m.person_id = u.person_id
          JOIN sessions s ON s.tenant_id = m.tenant_id AND s.user_id = m.id
          WHERE u.tenant_id = humane_current_tenant() AND u.id = p_user
            AND s.revoked_at IS NULL AND s.expires_at > now() AND s.absolute_expires_at > now()
          ORDER BY s.created_at DESC, s.id $$;

-- Revokes one live session of that person, in whichever of their tenants it is; answers its tenant and the person's
-- membership there, or nothing (not the person's, or not live): then nothing changed.
CREATE FUNCTION person_session_revoke(p_user uuid, p_session uuid)
    RETURNS TABLE (tenant_id uuid, user_id uuid)
    LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ UPDATE sessions s SET revoked_at = now()
          FROM users u, users m
          WHERE u.tenant_id = humane_current_tenant() AND u.id = p_user AND m.person_id = u.person_id
            AND s.tenant_id = m.tenant_id AND s.user_id = m.id AND s.id = p_session
            AND s.revoked_at IS NULL AND s.expires_at > now() AND s.absolute_expires_at > now()
          RETURNING s.tenant_id, s.user_id $$;

DO $$
DECLARE f text;
BEGIN
    FOREACH f IN ARRAY ARRAY['person_sessions(uuid)', 'person_session_revoke(uuid, uuid)'] LOOP
        EXECUTE format('REVOKE ALL ON FUNCTION %s FROM PUBLIC', f);
        EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO %s', f, '${app_role}');
    END LOOP;
END $$;
