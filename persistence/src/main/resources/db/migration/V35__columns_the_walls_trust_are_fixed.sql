-- The walls between tenants rest on three columns that nothing changes once the row exists: a membership's person
-- (the people policies and account_by_email trust it), a session's by_password (session_switch trusts it) and an SSO
-- identity's global mark (the Google look-ups trust it). The application never changes them (JPA maps them not
-- updatable), but the runtime role could: a tenant's code gone wrong, or an injection, could re-point a membership at
-- another tenant's person and read or set that person's password, move a session its identity provider opened into
-- another tenant, or capture a victim's Google sign-in. The database now refuses such an UPDATE from the runtime role
-- (migrations, run by the owner, and operators as superuser are not refused).
CREATE FUNCTION refuse_wall_column_change() RETURNS trigger
    LANGUAGE plpgsql SET search_path = public, pg_temp
    AS $$
BEGIN
    -- The placeholder is a quoted identifier, which the cast to regrole reads as one.
    IF (SELECT oid FROM pg_roles WHERE rolname = current_user) = '${app_role}'::regrole::oid THEN
        RAISE EXCEPTION '%.% is fixed once the row exists', TG_TABLE_NAME, TG_ARGV[0] USING ERRCODE = '42501';
    END IF;
    RETURN NEW;
END $$;
REVOKE ALL ON FUNCTION refuse_wall_column_change() FROM PUBLIC;
CREATE TRIGGER users_person_fixed BEFORE UPDATE OF person_id ON users FOR EACH ROW
    WHEN (NEW.person_id IS DISTINCT FROM OLD.person_id) EXECUTE FUNCTION refuse_wall_column_change('person_id');
CREATE TRIGGER sessions_by_password_fixed BEFORE UPDATE OF by_password ON sessions FOR EACH ROW
    WHEN (NEW.by_password IS DISTINCT FROM OLD.by_password) EXECUTE FUNCTION refuse_wall_column_change('by_password');
CREATE TRIGGER sso_identities_global_fixed BEFORE UPDATE OF global ON sso_identities FOR EACH ROW
    WHEN (NEW.global IS DISTINCT FROM OLD.global) EXECUTE FUNCTION refuse_wall_column_change('global');
