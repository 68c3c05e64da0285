-- A password reset request is a row of the outbox (kind password_reset_request, since the reset request does the same
-- work for any address), carried out by the mail dispatcher. As first written the dispatcher claimed requests and
-- mail alike, 20 rows every 5 s, oldest first, while the anonymous rate limit lets one client address ask for 5
-- resets a second: a flood of reset requests for made-up addresses queued faster than the dispatcher drained, and
-- every mail behind it (verification, invitations, security notices) waited longer and longer. From V41:
--   * the dispatcher claims mail and requests in separate turns (mail_claim with p_requests), so requests never
--     take a mail's place however many wait;
--   * mail_requests_waiting counts the requests still to carry out, up to a bound the application names, so it can
--     refuse a new one (503) rather than let the queue grow without end. It says nothing about any address.
-- The index serves both: the request turn reads only requests, the count reads at most its bound of them.
-- mail_claim(uuid, double precision, int) stays for a replica one release behind (docs/runbook.md, "Upgrading").
CREATE INDEX mail_outbox_requests_due ON mail_outbox (next_attempt_at)
    WHERE kind = 'password_reset_request' AND status IN ('pending', 'sending');

CREATE FUNCTION mail_claim(p_claim uuid, p_lease_seconds double precision, p_limit int, p_requests boolean)
    RETURNS TABLE (mail_id uuid, mail_attempts int, mail_sealed text)
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
BEGIN
    IF p_claim IS NULL OR p_lease_seconds IS NULL OR p_lease_seconds < 0 OR p_lease_seconds > 600
       OR p_limit IS NULL OR p_limit < 1 OR p_limit > 100 OR p_requests IS NULL THEN
        RAISE EXCEPTION 'mail_claim: a claim id, a lease of at most 600 s, a batch of 1 to 100 rows and which turn'
            USING ERRCODE = '22023';
    END IF;
    RETURN QUERY
    UPDATE mail_outbox m
       SET status = 'sending', claim_id = p_claim, claimed_until = now() + make_interval(secs => p_lease_seconds)
      FROM (SELECT o.id FROM mail_outbox o
             WHERE ((o.status = 'pending' AND o.next_attempt_at <= now())
                    OR (o.status = 'sending' AND o.claimed_until <= now()))
               AND (o.kind = 'password_reset_request') = p_requests
             ORDER BY o.next_attempt_at
             LIMIT p_limit
             FOR UPDATE SKIP LOCKED) due
     WHERE m.id = due.id
    RETURNING m.id, m.attempts, m.sealed;
END $$;

CREATE FUNCTION mail_requests_waiting(p_most int)
    RETURNS int
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
    SELECT count(*)::int FROM (SELECT 1 FROM mail_outbox
                                WHERE kind = 'password_reset_request' AND status IN ('pending', 'sending')
                                LIMIT greatest(p_most, 0)) waiting
$$;

REVOKE ALL ON FUNCTION mail_claim(uuid, double precision, int, boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION mail_claim(uuid, double precision, int, boolean) TO ${app_role};
REVOKE ALL ON FUNCTION mail_requests_waiting(int) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION mail_requests_waiting(int) TO ${app_role};
