-- Nothing removed a session once it ended: signed out or revoked (a password change or reset, a removal from the
-- team, SSO enforcement), idled out or past its absolute cap, every row stayed for good, with the client's IP and
-- user agent. A session ended at the earliest of revoked_at, expires_at and absolute_expires_at (least() passes
-- over NULL; a session revoked after it had expired ended at its expiry); it is deleted 30 days later. Nothing
-- brings an ended session back (session_by_hash, session_standing, person_tenants and session_switch answer only a
-- live one, and only a live one slides), so the grace changes no answer: a cookie or access token of a deleted
-- session is refused as one of an ended session was. For 30 days GET /auth/sessions still lists a session that
-- expired without a sign-out, and an operator looking into a sign-in named by the audit log (session.revoked,
-- session.tenant_left, session.tenant_entered name the session) still finds when and from where it was opened; the
-- audit events themselves stay for their 24 months. No table references sessions, so the DELETE cascades nowhere.
-- The purge timer runs without a tenant (EndedSessionPurge, on every instance): the owner may delete a session of
-- any tenant past its grace and no other, as spent_purge (V37) lets it delete spent links (it already reads every
-- row, credential_lookup, V2); the runtime role reaches them only through this function and gains nothing but
-- EXECUTE. The DELETE reads the whole table once an hour: an index on the end would lose the slide its HOT update
-- (expires_at moves at every slide), on the table read on every request.
CREATE POLICY ended_purge ON sessions FOR DELETE TO CURRENT_USER
    USING (least(revoked_at, expires_at, absolute_expires_at) < now() - interval '30 days');
CREATE FUNCTION purge_ended_sessions()
    RETURNS bigint
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
DECLARE gone bigint;
BEGIN
    DELETE FROM sessions WHERE least(revoked_at, expires_at, absolute_expires_at) < now() - interval '30 days';
    GET DIAGNOSTICS gone = ROW_COUNT;
    RETURN gone;
END $$;
REVOKE ALL ON FUNCTION purge_ended_sessions() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION purge_ended_sessions() TO ${app_role};
