-- Teams and roles (T2). An API key acts with the lesser of its own role and its issuer's current
-- role, so a demotion holds for the issuer's keys from the next request (removing a member revokes
-- their keys in the same transaction).
DROP FUNCTION api_key_by_prefix(text);
CREATE FUNCTION api_key_by_prefix(p_prefix text)
    RETURNS TABLE (id uuid, tenant_id uuid, key_hash bytea, role text, scopes text, revoked_at timestamptz)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
        SELECT k.id, k.tenant_id, k.key_hash,
               CASE WHEN u.id IS NULL THEN k.role
                    ELSE (ARRAY['viewer', 'member', 'admin', 'owner'])[least(
                            array_position(ARRAY['viewer', 'member', 'admin', 'owner'], k.role),
                            array_position(ARRAY['viewer', 'member', 'admin', 'owner'], u.role))]
               END,
               k.scopes, k.revoked_at
        FROM api_keys k
        LEFT JOIN users u ON u.tenant_id = k.tenant_id AND u.id = k.created_by
        WHERE k.prefix = p_prefix
    $$;
REVOKE ALL ON FUNCTION api_key_by_prefix(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION api_key_by_prefix(text) TO ${app_role};
