-- A password-reset link stayed good for its hour whatever happened to the password meanwhile: a change, a completed
-- reset or a newer link left every other unused link working, so a link read from a mailbox by someone else still
-- took the account after its owner had changed the password (S1, S3). The password is one for all of a person's
-- tenants (V26): so are the links it withdraws. Named by a membership of the current tenant, as
-- person_sessions_revoke is; answers how many links were withdrawn (marked used).
CREATE FUNCTION person_password_resets_withdraw(p_user uuid)
    RETURNS integer
    LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ WITH withdrawn AS (
              UPDATE email_tokens t SET used_at = now()
              FROM users u, users m
              WHERE u.tenant_id = humane_current_tenant() AND u.id = p_user AND m.person_id = u.person_id
                AND t.tenant_id = m.tenant_id AND t.user_id = m.id AND t.purpose = 'password-reset'
                AND t.used_at IS NULL
              RETURNING 1)
          SELECT count(*)::integer FROM withdrawn $$;
REVOKE ALL ON FUNCTION person_password_resets_withdraw(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION person_password_resets_withdraw(uuid) TO ${app_role};
