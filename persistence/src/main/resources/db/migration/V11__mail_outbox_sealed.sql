-- The outbox holds no mail in clear and the runtime role cannot touch it (K3, T1).
--
-- Until V11 the outbox kept each verification, reset and invitation link in clear, and the runtime role
-- could SELECT and UPDATE every row of every tenant: read live tokens, or point a pending mail at another
-- recipient. From V11:
--   * everything a mail says (recipient, subject, body, unsubscribe link) is one Fernet token under
--     FERNET_KEYS, sealed by the application before it is stored; the token also names the row's id, so a
--     token copied onto another row is refused when it is opened;
--   * the sealed column is cleared when the mail is settled (sent, logged or given up); a CHECK makes a
--     settled row with a body impossible. What stays is what an operator needs: the kind of mail, the
--     recipient's domain (deliverability: "everything to one provider is deferred"), an HMAC of the
--     address under HMAC_KEY (answers "did the reset to this address go out?" for whoever holds the key,
--     and nobody else), status, attempts, times and the last failure, scrubbed of the address;
--   * the runtime role holds no privilege on the table at all. It queues, claims and settles only through
--     the SECURITY DEFINER functions below, owned by the owner role; each does one narrow thing, and none
--     returns more than ids, counters and sealed tokens.
--
-- Why the function wall is the wall, not a tenant policy: the sender claims due mail of every tenant at
-- once and runs without a tenant (as does support mail, which belongs to no tenant), so a tenant policy
-- would have nothing to filter for the one role that reads the rows. The table still has FORCEd row-level
-- security with a single policy for the owner role only, so a privilege granted to the runtime role by
-- mistake later would still show it nothing.
--
-- The rows are moved to a new table rather than altered: PostgreSQL keeps a dropped column's values in
-- the old tuples until they are rewritten, and dropping the old table removes its file at once. Mail that
-- was still waiting at this migration cannot be sealed here (the database never holds FERNET_KEYS): it is
-- given up, with a note. WAL and backups from before V11 keep what they kept until they expire.
CREATE TABLE mail_outbox_sealed (
    id               uuid PRIMARY KEY,
    -- verify_email, password_reset, invitation, webhook_failing, support_request, … ('legacy' before V11)
    kind             text NOT NULL CHECK (kind ~ '^[a-z_]{1,40}$'),
    recipient_domain text NOT NULL CHECK (length(recipient_domain) BETWEEN 1 AND 255),
    -- HMAC-SHA256 of the lower-cased address under the first key of HMAC_KEY; none for pre-V11 rows.
    recipient_key    bytea CHECK (length(recipient_key) = 32),
    sealed           text CHECK (length(sealed) <= 300000),
    status           text NOT NULL DEFAULT 'pending'
                     CHECK (status IN ('pending', 'sending', 'sent', 'logged', 'failed')),
    attempts         int NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    created_at       timestamptz NOT NULL DEFAULT now(),
    next_attempt_at  timestamptz NOT NULL DEFAULT now(),
    claim_id         uuid,
    claimed_until    timestamptz,
    sent_at          timestamptz,
    last_error       text CHECK (length(last_error) <= 500),
    CHECK ((status = 'sending') = (claim_id IS NOT NULL AND claimed_until IS NOT NULL)),
    -- Sealed while it may still be sent, redacted once it is settled: nothing else is possible.
    CHECK ((sealed IS NOT NULL) = (status IN ('pending', 'sending'))),
    CHECK (recipient_key IS NOT NULL OR kind = 'legacy')
);

INSERT INTO mail_outbox_sealed (id, kind, recipient_domain, status, attempts, created_at, next_attempt_at,
                                sent_at, last_error)
SELECT id, 'legacy', COALESCE(NULLIF(lower(split_part(recipient, '@', 2)), ''), 'unknown'),
       CASE WHEN status IN ('pending', 'sending') THEN 'failed' ELSE status END,
       attempts, created_at, next_attempt_at, sent_at,
       CASE WHEN status IN ('pending', 'sending') THEN 'given up at migration V11: queued before mail was sealed'
            -- servers name the address in their refusals, in whatever case they like
            ELSE left(regexp_replace(last_error, regexp_replace(recipient, '([.+*?^$(){}|\[\]\\])', '\\\1', 'g'),
                                     '***', 'gi'), 500) END
  FROM mail_outbox;

DROP TABLE mail_outbox;
ALTER TABLE mail_outbox_sealed RENAME TO mail_outbox;
ALTER TABLE mail_outbox RENAME CONSTRAINT mail_outbox_sealed_pkey TO mail_outbox_pkey;
CREATE INDEX mail_outbox_due ON mail_outbox (next_attempt_at) WHERE status IN ('pending', 'sending');
-- The retention purge scans settled rows by age.
CREATE INDEX mail_outbox_settled ON mail_outbox (created_at) WHERE status IN ('sent', 'logged', 'failed');

ALTER TABLE mail_outbox ENABLE ROW LEVEL SECURITY;
ALTER TABLE mail_outbox FORCE ROW LEVEL SECURITY;
CREATE POLICY outbox_functions ON mail_outbox TO CURRENT_USER USING (true) WITH CHECK (true);
REVOKE ALL ON mail_outbox FROM PUBLIC;

-- Queues one sealed mail, always as pending and due now: a caller cannot queue a row as already sent.
CREATE FUNCTION mail_enqueue(p_id uuid, p_kind text, p_recipient_domain text, p_recipient_key bytea, p_sealed text)
    RETURNS void
    LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ INSERT INTO mail_outbox (id, kind, recipient_domain, recipient_key, sealed)
          VALUES (p_id, p_kind, p_recipient_domain, p_recipient_key, p_sealed) $$;

-- Takes up to p_limit due rows for one batch: pending rows whose wait is over and sending rows whose
-- lease ran out. SKIP LOCKED lets concurrent senders take disjoint rows without waiting for each other;
-- the lease keeps a claimed row from every other claim after this statement commits. Batch and lease are
-- bounded, so no caller can hold every mail for long.
CREATE FUNCTION mail_claim(p_claim uuid, p_lease_seconds double precision, p_limit int)
    RETURNS TABLE (mail_id uuid, mail_attempts int, mail_sealed text)
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
BEGIN
    IF p_claim IS NULL OR p_lease_seconds IS NULL OR p_lease_seconds < 0 OR p_lease_seconds > 600
       OR p_limit IS NULL OR p_limit < 1 OR p_limit > 100 THEN
        RAISE EXCEPTION 'mail_claim: a claim id, a lease of at most 600 s and a batch of 1 to 100 rows'
            USING ERRCODE = '22023';
    END IF;
    RETURN QUERY
    UPDATE mail_outbox m
       SET status = 'sending', claim_id = p_claim, claimed_until = now() + make_interval(secs => p_lease_seconds)
      FROM (SELECT o.id FROM mail_outbox o
             WHERE (o.status = 'pending' AND o.next_attempt_at <= now())
                OR (o.status = 'sending' AND o.claimed_until <= now())
             ORDER BY o.next_attempt_at
             LIMIT p_limit
             FOR UPDATE SKIP LOCKED) due
     WHERE m.id = due.id
    RETURNING m.id, m.attempts, m.sealed;
END $$;

-- The marks land only while the claim is still the row's own, so a sender whose lease ran out cannot
-- overwrite what the sender that took over recorded. Settling redacts: the sealed mail is dropped.
CREATE FUNCTION mail_settle(p_id uuid, p_claim uuid, p_status text)
    RETURNS boolean
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
BEGIN
    IF p_status IS NULL OR p_status NOT IN ('sent', 'logged') THEN
        RAISE EXCEPTION 'mail_settle: sent or logged' USING ERRCODE = '22023';
    END IF;
    UPDATE mail_outbox
       SET status = p_status, sent_at = now(), sealed = NULL, claim_id = NULL, claimed_until = NULL, last_error = NULL
     WHERE id = p_id AND claim_id = p_claim;
    RETURN FOUND;
END $$;

-- A failed attempt: the row waits (at most a day) before it is due again, or is given up, and redacted.
CREATE FUNCTION mail_retry(p_id uuid, p_claim uuid, p_wait_seconds double precision, p_give_up boolean, p_error text)
    RETURNS boolean
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
BEGIN
    IF p_wait_seconds IS NULL OR p_wait_seconds < 0 OR p_wait_seconds > 86400 OR p_give_up IS NULL THEN
        RAISE EXCEPTION 'mail_retry: a wait of 0 to 86400 s' USING ERRCODE = '22023';
    END IF;
    UPDATE mail_outbox
       SET status = CASE WHEN p_give_up THEN 'failed' ELSE 'pending' END,
           sealed = CASE WHEN p_give_up THEN NULL ELSE sealed END,
           attempts = attempts + 1, next_attempt_at = now() + make_interval(secs => p_wait_seconds),
           last_error = left(p_error, 500), claim_id = NULL, claimed_until = NULL
     WHERE id = p_id AND claim_id = p_claim;
    RETURN FOUND;
END $$;

-- Hands a row back untried, without counting an attempt, when the batch ran out of lease.
CREATE FUNCTION mail_release(p_id uuid, p_claim uuid)
    RETURNS boolean
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
BEGIN
    UPDATE mail_outbox SET status = 'pending', claim_id = NULL, claimed_until = NULL
     WHERE id = p_id AND claim_id = p_claim;
    RETURN FOUND;
END $$;

-- Production without SMTP keeps mail pending and says how much is waiting.
CREATE FUNCTION mail_due_count()
    RETURNS bigint
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT count(*) FROM mail_outbox WHERE status = 'pending' AND next_attempt_at <= now() $$;

-- K3 re-encryption: the sealed mail still waiting, a page at a time by id, and a compare-and-set that
-- replaces one token only if it is still the one that was read (a sender may have settled the row since).
CREATE FUNCTION mail_sealed_page(p_after uuid, p_limit int)
    RETURNS TABLE (mail_id uuid, mail_sealed text)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT id, sealed FROM mail_outbox
          WHERE sealed IS NOT NULL AND id > COALESCE(p_after, '00000000-0000-0000-0000-000000000000'::uuid)
          ORDER BY id LIMIT LEAST(GREATEST(p_limit, 1), 500) $$;

CREATE FUNCTION mail_reseal(p_id uuid, p_old text, p_new text)
    RETURNS boolean
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
BEGIN
    UPDATE mail_outbox SET sealed = p_new WHERE id = p_id AND sealed = p_old AND p_new IS NOT NULL;
    RETURN FOUND;
END $$;

-- Retention of the redacted record: settled rows older than p_days go; never younger than 30 days, so a
-- caller cannot erase the recent record of what was sent.
CREATE FUNCTION mail_forget(p_days int)
    RETURNS bigint
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
DECLARE forgotten bigint;
BEGIN
    IF p_days IS NULL OR p_days < 30 THEN
        RAISE EXCEPTION 'mail_forget: at least 30 days' USING ERRCODE = '22023';
    END IF;
    DELETE FROM mail_outbox
     WHERE status IN ('sent', 'logged', 'failed') AND created_at < now() - make_interval(days => p_days);
    GET DIAGNOSTICS forgotten = ROW_COUNT;
    RETURN forgotten;
END $$;

DO $$
DECLARE f text;
BEGIN
    FOREACH f IN ARRAY ARRAY['mail_enqueue(uuid, text, text, bytea, text)',
                             'mail_claim(uuid, double precision, int)', 'mail_settle(uuid, uuid, text)',
                             'mail_retry(uuid, uuid, double precision, boolean, text)', 'mail_release(uuid, uuid)',
                             'mail_due_count()', 'mail_sealed_page(uuid, int)', 'mail_reseal(uuid, text, text)',
                             'mail_forget(int)'] LOOP
        EXECUTE format('REVOKE ALL ON FUNCTION %s FROM PUBLIC', f);
        EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO %s', f, '${app_role}');
    END LOOP;
END $$;
