-- The lookups of a session and of an access token's standing, which run on every request, as V28 made the API
-- key's: in PL/pgSQL, and answering the tenant's plan.
-- - PL/pgSQL: PostgreSQL 16 plans the query of a LANGUAGE sql function again on every call (a definer function with
--   SET is never inlined); PL/pgSQL keeps the plan per connection. pgbench, one connection, prepared, 8 s
--   (2026-12-03): session_standing as SQL 0.177 ms a call, as PL/pgSQL 0.087; SELECT 1 0.067.
-- - The plan (A1): the rate limiter reads every caller's plan with its credential and keeps no copy anywhere; the
--   plan's own look-up (tenant_plan, V23) has no caller left and goes.
-- Each result gains a column, which CREATE OR REPLACE cannot do: the functions are dropped and made again with the
-- same queries as before (session_by_hash V27, session_standing V12, api_key_standing V23) plus a join on the
-- tenant's primary key, and the same grants.
DROP FUNCTION session_by_hash(bytea);
CREATE FUNCTION session_by_hash(p_hash bytea)
    RETURNS TABLE (id uuid, tenant_id uuid, user_id uuid, role text, verification_required boolean,
                   csrf_hash bytea, refreshed_at timestamptz, expires_at timestamptz,
                   absolute_expires_at timestamptz, revoked_at timestamptz, baa boolean, second_factor_missing boolean,
                   plan text)
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
    BEGIN
        RETURN QUERY
        SELECT s.id, s.tenant_id, s.user_id, u.role, u.verification_required, s.csrf_hash, s.refreshed_at,
               s.expires_at, s.absolute_expires_at, s.revoked_at, t.baa_accepted_at IS NOT NULL,
               t.baa_accepted_at IS NOT NULL AND p.totp_enabled_at IS NULL, t.plan
        FROM sessions s JOIN users u ON u.tenant_id = s.tenant_id AND u.id = s.user_id
        JOIN people p ON p.id = u.person_id
        JOIN tenants t ON t.id = s.tenant_id
        WHERE s.token_hash = p_hash;
    END
    $$;
REVOKE ALL ON FUNCTION session_by_hash(bytea) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION session_by_hash(bytea) TO ${app_role};

DROP FUNCTION session_standing(uuid);
CREATE FUNCTION session_standing(p_session uuid)
    RETURNS TABLE (tenant_id uuid, user_id uuid, role text, verification_required boolean, plan text)
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
    BEGIN
        RETURN QUERY
        SELECT s.tenant_id, s.user_id, u.role, u.verification_required, t.plan
        FROM sessions s JOIN users u ON u.tenant_id = s.tenant_id AND u.id = s.user_id
        JOIN tenants t ON t.id = s.tenant_id
        WHERE s.id = p_session AND s.revoked_at IS NULL
          AND s.expires_at > now() AND s.absolute_expires_at > now();
    END
    $$;
REVOKE ALL ON FUNCTION session_standing(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION session_standing(uuid) TO ${app_role};

DROP FUNCTION api_key_standing(uuid);
CREATE FUNCTION api_key_standing(p_key uuid)
    RETURNS TABLE (tenant_id uuid, role text, scopes text, plan text)
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
    BEGIN
        RETURN QUERY
        SELECT k.tenant_id,
               CASE WHEN u.id IS NULL THEN k.role
                    ELSE (ARRAY['viewer', 'member', 'admin', 'owner'])[least(
                            array_position(ARRAY['viewer', 'member', 'admin', 'owner'], k.role),
                            array_position(ARRAY['viewer', 'member', 'admin', 'owner'], u.role))]
               END,
               k.scopes, t.plan
        FROM api_keys k
        JOIN tenants t ON t.id = k.tenant_id
        LEFT JOIN users u ON u.tenant_id = k.tenant_id AND u.id = k.created_by
        WHERE k.id = p_key AND k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > now());
    END
    $$;
REVOKE ALL ON FUNCTION api_key_standing(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION api_key_standing(uuid) TO ${app_role};

DROP FUNCTION tenant_plan(uuid);
