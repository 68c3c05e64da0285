-- Issue 11: one person, several tenants. A person (one e-mail, one password hash) is a row of `people`; a row of
-- `users` stays what every tenant table already references, and becomes a membership: that person in one tenant,
-- with the role they hold there. Existing rows migrate one to one (an e-mail was unique across tenants), each
-- person keeping the user's id, so nothing is renamed and no reference moves.

CREATE TABLE people (
    id              uuid PRIMARY KEY,
    email           text NOT NULL CHECK (length(email) BETWEEN 3 AND 320),
    password_hash   text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (id, email)
);
-- One person per address (V1's rule, now for people).
CREATE UNIQUE INDEX people_email_key ON people (lower(email));

-- FORCE is lifted for this transaction only, as in V12: the migrating owner must see every tenant's rows.
ALTER TABLE users NO FORCE ROW LEVEL SECURITY;
INSERT INTO people (id, email, password_hash, created_at)
    SELECT u.id, u.email, u.password_hash, u.created_at FROM users u;
-- In its one spelling (V12's rule, now for people): NOT VALID, so that V12's left-overs move over unchanged.
ALTER TABLE people ADD CONSTRAINT people_email_one_spelling
    CHECK (email ~ '^[a-z0-9!#$%&''*+/=?^_`{|}~.-]+@[a-z0-9.-]+$') NOT VALID;
ALTER TABLE users ADD COLUMN person_id uuid;
-- An UPDATE checks every CHECK of the row, NOT VALID or not: V12's left-over spellings would stop it. The rule is
-- lifted for the update and put back as it was (NOT VALID: new and changed rows are checked).
ALTER TABLE users DROP CONSTRAINT users_email_one_spelling;
UPDATE users SET person_id = id;
ALTER TABLE users ADD CONSTRAINT users_email_one_spelling
    CHECK (email ~ '^[a-z0-9!#$%&''*+/=?^_`{|}~.-]+@[a-z0-9.-]+$') NOT VALID;
ALTER TABLE users ALTER COLUMN person_id SET NOT NULL;
-- users.email stays, as a copy the database keeps equal to the person's (every existing reader keeps working).
ALTER TABLE users ADD CONSTRAINT users_person FOREIGN KEY (person_id, email) REFERENCES people (id, email)
    ON UPDATE CASCADE;
ALTER TABLE users ADD CONSTRAINT users_one_membership_per_tenant UNIQUE (tenant_id, person_id);
CREATE INDEX users_of_person ON users (person_id);
DROP INDEX users_email_key;
-- The password is the person's: one hash, whatever tenant they sign in to.
ALTER TABLE users DROP COLUMN password_hash;
-- Which membership a sign-in opens: the one used last.
ALTER TABLE users ADD COLUMN last_active_at timestamptz;
ALTER TABLE users FORCE ROW LEVEL SECURITY;

-- A session may change tenant only when it was opened by the person's password (and second factor): a session a
-- tenant's identity provider opened must never reach another tenant (that provider vouches for its tenant only).
ALTER TABLE sessions ADD COLUMN by_password boolean NOT NULL DEFAULT false;

-- The people wall: a tenant sees and changes only the people who are its members (the sub-query reads `users`
-- under its own tenant policy), and may add a person (sign-up, invitation, just-in-time) but never delete one.
-- The runtime role may change a password hash, never an address (an address change would reach every tenant).
ALTER TABLE people ENABLE ROW LEVEL SECURITY;
ALTER TABLE people FORCE ROW LEVEL SECURITY;
CREATE POLICY members_of_tenant ON people FOR SELECT TO ${app_role}
    USING (EXISTS (SELECT 1 FROM users u WHERE u.person_id = people.id));
CREATE POLICY members_of_tenant_change ON people FOR UPDATE TO ${app_role}
    USING (EXISTS (SELECT 1 FROM users u WHERE u.person_id = people.id))
    WITH CHECK (EXISTS (SELECT 1 FROM users u WHERE u.person_id = people.id));
CREATE POLICY added_in_tenant ON people FOR INSERT TO ${app_role} WITH CHECK (humane_current_tenant() IS NOT NULL);
-- The owner's look-ups (account_by_email, the triggers below) see every person.
CREATE POLICY person_functions ON people TO CURRENT_USER USING (true) WITH CHECK (true);
GRANT SELECT ON people TO ${app_role};
GRANT INSERT (id, email, password_hash, created_at) ON people TO ${app_role};
GRANT UPDATE (password_hash) ON people TO ${app_role};

-- A membership written without a person (older writers, operators' scripts) gets a new person of its address; an
-- address that already has a person is refused by the unique index, never joined to it silently.
CREATE FUNCTION users_new_person() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
BEGIN
    IF NEW.person_id IS NULL THEN
        NEW.person_id := gen_random_uuid();
        INSERT INTO people (id, email) VALUES (NEW.person_id, NEW.email);
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER users_new_person BEFORE INSERT ON users FOR EACH ROW EXECUTE FUNCTION users_new_person();

-- A person without any membership left (removed everywhere, every tenant deleted) is forgotten with their hash.
CREATE FUNCTION users_forget_person() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
BEGIN
    DELETE FROM people p WHERE p.id = OLD.person_id AND NOT EXISTS (SELECT 1 FROM users u WHERE u.person_id = p.id);
    RETURN NULL;
END $$;
CREATE TRIGGER users_forget_person AFTER DELETE ON users FOR EACH ROW EXECUTE FUNCTION users_forget_person();
REVOKE ALL ON FUNCTION users_new_person() FROM PUBLIC;
REVOKE ALL ON FUNCTION users_forget_person() FROM PUBLIC;

-- Sign-in: the person's memberships, the one used last first; the hash is the person's.
DROP FUNCTION account_by_email(text);
CREATE FUNCTION account_by_email(p_email text)
    RETURNS TABLE (id uuid, tenant_id uuid, email text, password_hash text, role text, person_id uuid)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT u.id, u.tenant_id, p.email, p.password_hash, u.role, p.id
          FROM people p JOIN users u ON u.person_id = p.id
          WHERE lower(p.email) = p_email AND p.email = p_email
          ORDER BY u.last_active_at DESC NULLS LAST, u.created_at, u.id $$;

-- The tenants of the person behind a live session of the current tenant: what /auth/me lists. Asked with
-- another tenant's session, or a dead one, it answers nothing.
CREATE FUNCTION person_tenants(p_session uuid)
    RETURNS TABLE (tenant_id uuid, name text, user_id uuid, role text)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT m.tenant_id, t.name, m.id, m.role
          FROM sessions s JOIN users u ON u.tenant_id = s.tenant_id AND u.id = s.user_id
          JOIN users m ON m.person_id = u.person_id
          JOIN tenants t ON t.id = m.tenant_id
          WHERE s.id = p_session AND s.tenant_id = humane_current_tenant() AND s.revoked_at IS NULL
            AND s.expires_at > now() AND s.absolute_expires_at > now()
          ORDER BY t.name, m.tenant_id $$;

-- Moves a live, password-opened session of the current tenant to the same person's membership in p_tenant;
-- answers the membership, or nothing (no membership there, the session not the current tenant's, not
-- switchable): then nothing changed. Tokens minted before keep their tenant and no longer match the session.
CREATE POLICY tenant_switch ON sessions FOR UPDATE TO CURRENT_USER USING (true) WITH CHECK (true);
CREATE FUNCTION session_switch(p_session uuid, p_tenant uuid)
    RETURNS TABLE (tenant_id uuid, user_id uuid, role text)
    LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ UPDATE sessions s SET tenant_id = m.tenant_id, user_id = m.id
          FROM users u, users m
          WHERE s.id = p_session AND s.tenant_id = humane_current_tenant() AND s.by_password
            AND s.revoked_at IS NULL AND s.expires_at > now() AND s.absolute_expires_at > now()
            AND u.tenant_id = s.tenant_id AND u.id = s.user_id
            AND m.person_id = u.person_id AND m.tenant_id = p_tenant AND p_tenant <> s.tenant_id
          RETURNING m.tenant_id, m.id, m.role $$;

DO $$
DECLARE f text;
BEGIN
    FOREACH f IN ARRAY ARRAY['account_by_email(text)', 'person_tenants(uuid)', 'session_switch(uuid, uuid)'] LOOP
        EXECUTE format('REVOKE ALL ON FUNCTION %s FROM PUBLIC', f);
        EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO %s', f, '${app_role}');
    END LOOP;
END $$;

-- One password: a change or a reset ends the person's sessions in every tenant, not only the current one.
-- Named by a membership of the current tenant; answers how many sessions ended.
CREATE FUNCTION person_sessions_revoke(p_user uuid, p_keep uuid)
    RETURNS integer
    LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ WITH ended AS (
              UPDATE sessions s SET revoked_at = now()
              FROM users u, users m
              WHERE u.tenant_id = humane_current_tenant() AND u.id = p_user AND m.person_id = u.person_id
                AND s.tenant_id = m.tenant_id AND s.user_id = m.id AND s.revoked_at IS NULL
                AND s.id IS DISTINCT FROM p_keep
              RETURNING 1)
          SELECT count(*)::integer FROM ended $$;
REVOKE ALL ON FUNCTION person_sessions_revoke(uuid, uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION person_sessions_revoke(uuid, uuid) TO ${app_role};
