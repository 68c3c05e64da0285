-- A1: the lookup of a presented API key, which runs on every request, also answers the key's tenant's plan, so the
-- rate limiter needs no second look-up for it (bench/edge-chain). And it is PL/pgSQL now: PostgreSQL 16 plans the
-- query of a LANGUAGE sql function again on every call (a definer function with SET is never inlined), while
-- PL/pgSQL keeps the plan for the session. Measured with pgbench on one connection (prepared, 8 s each,
-- 2026-12-03): the V23 function 0.215-0.224 ms a call, with the plan joined 0.272 ms, as PL/pgSQL with the plan
-- joined 0.105 ms; a bare SELECT 1 0.066 ms.
-- The result gains a column, which CREATE OR REPLACE cannot do: the function is dropped and made again, with the
-- same query otherwise (V23) and the same grant.
DROP FUNCTION api_key_by_prefix(text);
CREATE FUNCTION api_key_by_prefix(p_prefix text)
    RETURNS TABLE (id uuid, tenant_id uuid, key_hash bytea, role text, scopes text, revoked_at timestamptz,
                   plan text)
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
    BEGIN
        RETURN QUERY
        SELECT k.id, k.tenant_id, k.key_hash,
               CASE WHEN u.id IS NULL THEN k.role
                    ELSE (ARRAY['viewer', 'member', 'admin', 'owner'])[least(
                            array_position(ARRAY['viewer', 'member', 'admin', 'owner'], k.role),
                            array_position(ARRAY['viewer', 'member', 'admin', 'owner'], u.role))]
               END,
               k.scopes,
               CASE WHEN k.expires_at <= now() THEN coalesce(k.revoked_at, k.expires_at) ELSE k.revoked_at END,
               t.plan
        FROM api_keys k
        JOIN tenants t ON t.id = k.tenant_id
        LEFT JOIN users u ON u.tenant_id = k.tenant_id AND u.id = k.created_by
        WHERE k.prefix = p_prefix;
    END
    $$;
REVOKE ALL ON FUNCTION api_key_by_prefix(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION api_key_by_prefix(text) TO ${app_role};
