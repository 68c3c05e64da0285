-- A password accepted for a person with a second factor opens a challenge (V23), answered within 5 minutes by a
-- code. A change or reset of that password ended the person's sessions (V26) and reset links (V34) but not these:
-- a sign-in whose first step the old password passed could still be finished, and open a session, after the
-- password was changed. The password is one for all of a person's tenants (V26): so are the challenges it
-- withdraws. Named by a membership of the current tenant, as person_sessions_revoke is; answers how many were
-- withdrawn (marked used: an answer to one is refused as to a challenge used before).
CREATE FUNCTION person_mfa_challenges_withdraw(p_user uuid)
    RETURNS integer
    LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ WITH withdrawn AS (
              UPDATE mfa_challenges c SET used_at = now()
              FROM users u, users m
              WHERE u.tenant_id = humane_current_tenant() AND u.id = p_user AND m.person_id = u.person_id
                AND c.tenant_id = m.tenant_id AND c.user_id = m.id AND c.used_at IS NULL
              RETURNING 1)
          SELECT count(*)::integer FROM withdrawn $$;
REVOKE ALL ON FUNCTION person_mfa_challenges_withdraw(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION person_mfa_challenges_withdraw(uuid) TO ${app_role};

-- The function runs as the owner, whom FORCE ROW LEVEL SECURITY binds too (V36): mfa_challenges has only the tenant
-- policy (V23), under which it would reach the current tenant's challenges alone. The owner may read and mark any
-- challenge; the runtime role gains nothing.
CREATE POLICY person_challenges_read ON mfa_challenges FOR SELECT TO CURRENT_USER USING (true);
CREATE POLICY person_challenges_withdraw ON mfa_challenges FOR UPDATE TO CURRENT_USER USING (true) WITH CHECK (true);
