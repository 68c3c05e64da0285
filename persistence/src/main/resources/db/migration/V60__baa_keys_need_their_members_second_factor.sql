-- O6, S8: on a tenant under a BAA every member has a second factor, and an API key acts for the member who made it (a
-- key a key made answers to that key's member; its role is already the lesser of the two, V5). A member without a
-- factor was refused on every session and token of theirs, but their keys went on reading end-user data, and could
-- make new keys, each with 90 days more (found by a review, 2026-12-07). Now the look-ups of a presented key answer
-- such a key as revoked (refused, 401, as a revoked key is) for as long as the tenant is under a BAA and the key's
-- member has no factor, or the key answers to no member; it works again once the member enrols. Same queries as V28
-- and V29 otherwise, and the same result types, so CREATE OR REPLACE keeps the grants.
CREATE OR REPLACE FUNCTION api_key_by_prefix(p_prefix text)
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
               CASE WHEN k.expires_at <= now() THEN coalesce(k.revoked_at, k.expires_at)
                    WHEN t.baa_accepted_at IS NOT NULL AND p.totp_enabled_at IS NULL THEN coalesce(k.revoked_at, now())
                    ELSE k.revoked_at END,
               t.plan
        FROM api_keys k
        JOIN tenants t ON t.id = k.tenant_id
        LEFT JOIN users u ON u.tenant_id = k.tenant_id AND u.id = k.created_by
        LEFT JOIN people p ON p.id = u.person_id
        WHERE k.prefix = p_prefix;
    END
    $$;

CREATE OR REPLACE FUNCTION api_key_standing(p_key uuid)
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
        LEFT JOIN people p ON p.id = u.person_id
        WHERE k.id = p_key AND k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > now())
          AND (t.baa_accepted_at IS NULL OR p.totp_enabled_at IS NOT NULL);
    END
    $$;
