-- Mail cannot be used as a weapon: how many e-mails (password resets, invitations) one address and one
-- tenant may be sent, and how many webhook test events one receiver URL and one tenant may be sent, per
-- window. One row per budget, counted with one atomic UPSERT in the caller's transaction, so every
-- instance shares the count and a rolled-back request spends nothing.
--
-- The key is an HMAC-SHA256 under HMAC_KEY of what is counted (the lower-cased address, the receiver URL,
-- the tenant), prefixed by the budget's name: the table never holds an address in clear. A row lives as
-- long as its window (an hour at most by default) and is purged after it. No tenant_id, and no privilege
-- for the runtime role: it spends and purges only through the two functions below.
CREATE TABLE send_budgets (
    budget_key  bytea       PRIMARY KEY CHECK (length(budget_key) = 32),
    used        int         NOT NULL CHECK (used >= 1),
    window_end  timestamptz NOT NULL
);
CREATE INDEX send_budgets_window_end ON send_budgets (window_end);

ALTER TABLE send_budgets ENABLE ROW LEVEL SECURITY;
ALTER TABLE send_budgets FORCE ROW LEVEL SECURITY;
CREATE POLICY budget_functions ON send_budgets TO CURRENT_USER USING (true) WITH CHECK (true);
REVOKE ALL ON send_budgets FROM PUBLIC;

-- Spends one unit of a budget and answers how many were spent in its window (this one included) and how
-- many seconds the window has left. A window opens at the first spend after the last one ended, so a
-- burst is never split across two windows. The count stops at a million: past any ceiling, never wrapping.
CREATE FUNCTION send_budget_spend(p_key bytea, p_window_seconds int)
    RETURNS TABLE (spent int, seconds_left int)
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
BEGIN
    IF p_key IS NULL OR length(p_key) <> 32 OR p_window_seconds IS NULL
       OR p_window_seconds < 1 OR p_window_seconds > 86400 THEN
        RAISE EXCEPTION 'send_budget_spend: a 32-byte key and a window of 1 to 86400 s' USING ERRCODE = '22023';
    END IF;
    RETURN QUERY
    INSERT INTO send_budgets AS b (budget_key, used, window_end)
    VALUES (p_key, 1, now() + make_interval(secs => p_window_seconds))
    ON CONFLICT (budget_key) DO UPDATE SET
        used = CASE WHEN b.window_end > now() THEN LEAST(b.used + 1, 1000000) ELSE 1 END,
        window_end = CASE WHEN b.window_end > now() THEN b.window_end ELSE EXCLUDED.window_end END
    RETURNING b.used, GREATEST(1, ceil(extract(epoch FROM b.window_end - now())))::int;
END $$;

-- Retention: a budget whose window has ended counts nothing any more.
CREATE FUNCTION send_budgets_purge()
    RETURNS bigint
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
DECLARE purged bigint;
BEGIN
    DELETE FROM send_budgets WHERE window_end <= now();
    GET DIAGNOSTICS purged = ROW_COUNT;
    RETURN purged;
END $$;

REVOKE ALL ON FUNCTION send_budget_spend(bytea, int) FROM PUBLIC;
REVOKE ALL ON FUNCTION send_budgets_purge() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION send_budget_spend(bytea, int) TO ${app_role};
GRANT EXECUTE ON FUNCTION send_budgets_purge() TO ${app_role};
