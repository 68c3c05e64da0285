-- Issue 9, identity: access tokens that die with what they stand for (S4), one spelling of an e-mail
-- address (S2, S7, T2) and audited denials (L1).

-- S4: an access token names the session (sid) or the API key (sub) it was issued from; every request
-- asks one of these two functions, by primary key, whether that credential is still alive and what role
-- it holds now. A revoked, expired or deleted session or key answers no row, so its tokens are refused
-- from the next request on, on every instance; a demotion answers the new, lesser role.
CREATE FUNCTION session_standing(p_session uuid)
    RETURNS TABLE (tenant_id uuid, user_id uuid, role text, verification_required boolean)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT s.tenant_id, s.user_id, u.role, u.verification_required
          FROM sessions s JOIN users u ON u.tenant_id = s.tenant_id AND u.id = s.user_id
          WHERE s.id = p_session AND s.revoked_at IS NULL
            AND s.expires_at > now() AND s.absolute_expires_at > now() $$;

-- The key's role is the lesser of its own and its issuer's current role, as in api_key_by_prefix (V5).
CREATE FUNCTION api_key_standing(p_key uuid)
    RETURNS TABLE (tenant_id uuid, role text, scopes text)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
        SELECT k.tenant_id,
               CASE WHEN u.id IS NULL THEN k.role
                    ELSE (ARRAY['viewer', 'member', 'admin', 'owner'])[least(
                            array_position(ARRAY['viewer', 'member', 'admin', 'owner'], k.role),
                            array_position(ARRAY['viewer', 'member', 'admin', 'owner'], u.role))]
               END,
               k.scopes
        FROM api_keys k
        LEFT JOIN users u ON u.tenant_id = k.tenant_id AND u.id = k.created_by
        WHERE k.id = p_key AND k.revoked_at IS NULL
    $$;

-- One spelling of an e-mail address (ai.humane.accounts.control.EmailAddress): surrounding white space
-- trimmed, printable ASCII only, lower case. Rows written before this rule are brought to it where that
-- is safe (ASCII once trimmed; the canonical form not taken by another account). The rest keep their
-- spelling, cannot sign in until an operator corrects them, and are counted in the migration's log.
-- FORCE is lifted for the length of this transaction only: the owner role that migrates must see every
-- tenant's rows to rewrite them (DDL is transactional, so no other session ever sees it lifted).
ALTER TABLE users NO FORCE ROW LEVEL SECURITY;
ALTER TABLE invitations NO FORCE ROW LEVEL SECURITY;

CREATE FUNCTION pg_temp.canonical_email(p_email text) RETURNS text
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT CASE WHEN t ~ '^[!-~]+$' THEN translate(t, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') END
          FROM (SELECT regexp_replace(p_email, '^\s+|\s+$', '', 'g') AS t) trimmed $$;

UPDATE users u SET email = pg_temp.canonical_email(u.email)
    WHERE pg_temp.canonical_email(u.email) IS NOT NULL AND u.email <> pg_temp.canonical_email(u.email)
      AND NOT EXISTS (SELECT 1 FROM users o WHERE o.id <> u.id AND lower(o.email) = pg_temp.canonical_email(u.email));
UPDATE invitations SET email = pg_temp.canonical_email(email)
    WHERE pg_temp.canonical_email(email) IS NOT NULL AND email <> pg_temp.canonical_email(email);

DO $$
DECLARE left_over bigint;
BEGIN
    SELECT count(*) INTO left_over FROM users WHERE email !~ '^[a-z0-9!#$%&''*+/=?^_`{|}~.-]+@[a-z0-9.-]+$';
    IF left_over > 0 THEN
        RAISE WARNING 'V12: % user row(s) keep an e-mail address that cannot be brought to one spelling; '
                      'they cannot sign in until an operator corrects the address', left_over;
    END IF;
END $$;

ALTER TABLE users FORCE ROW LEVEL SECURITY;
ALTER TABLE invitations FORCE ROW LEVEL SECURITY;

-- Whatever code writes an address from now on, the database takes only the one spelling. NOT VALID: rows
-- left over above are not checked, every new or changed row is.
ALTER TABLE users ADD CONSTRAINT users_email_one_spelling
    CHECK (email ~ '^[a-z0-9!#$%&''*+/=?^_`{|}~.-]+@[a-z0-9.-]+$') NOT VALID;
ALTER TABLE invitations ADD CONSTRAINT invitations_email_one_spelling
    CHECK (email ~ '^[a-z0-9!#$%&''*+/=?^_`{|}~.-]+@[a-z0-9.-]+$') NOT VALID;

-- Sign-in, reset and sign-up find an account by its exact spelling only (the argument is canonical, so
-- lower() = the argument uses the unique index of V1 and the second test refuses any other spelling that
-- PostgreSQL's lower() would fold onto it, such as a Kelvin sign or a dotted capital I). The stored
-- address comes back, so mail goes to it and never to what the caller typed.
DROP FUNCTION account_by_email(text);
CREATE FUNCTION account_by_email(p_email text)
    RETURNS TABLE (id uuid, tenant_id uuid, email text, password_hash text, role text)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT u.id, u.tenant_id, u.email, u.password_hash, u.role FROM users u
          WHERE lower(u.email) = p_email AND u.email = p_email $$;

-- L1: when a role's denied attempt was last audited, per actor and route, so a caller hammering a
-- forbidden route writes one access.denied event a minute, however many instances answer it. Behind
-- the same walls as every tenant table; rows older than an hour are deleted by the next event's writer.
CREATE TABLE access_denials (
    tenant_id         uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    actor             text NOT NULL CHECK (actor ~ '^(user|api_key):[0-9a-f-]{36}$'),
    method            text NOT NULL CHECK (method ~ '^[A-Z]{1,10}$'),
    route             text NOT NULL CHECK (length(route) BETWEEN 1 AND 200),
    last_recorded_at  timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, actor, method, route)
);
CREATE INDEX access_denials_by_age ON access_denials (tenant_id, last_recorded_at);
ALTER TABLE access_denials ENABLE ROW LEVEL SECURITY;
ALTER TABLE access_denials FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON access_denials
    USING (tenant_id = humane_current_tenant()) WITH CHECK (tenant_id = humane_current_tenant());

DO $$
DECLARE f text;
BEGIN
    FOREACH f IN ARRAY ARRAY['session_standing(uuid)', 'api_key_standing(uuid)', 'account_by_email(text)'] LOOP
        EXECUTE format('REVOKE ALL ON FUNCTION %s FROM PUBLIC', f);
        EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO %s', f, '${app_role}');
    END LOOP;
END $$;
GRANT SELECT, INSERT, UPDATE, DELETE ON access_denials TO ${app_role};
