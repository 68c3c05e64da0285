-- O2, W3: the public status page's webhooks component measured the age of the oldest due delivery (V32). The
-- dispatcher leaves some due deliveries unclaimed on purpose — an endpoint whose lanes are full (its receiver hangs or
-- is slow), whose breaker is open (it keeps failing), a tenant running all the lanes its share allows — so a tenant
-- whose receiver hangs or fails, and who keeps producing events, aged its own queue past 15 minutes: the page said
-- `outage` and operators were alerted, while no other tenant's deliveries waited (found by a read-only review,
-- 2026-12-07).
--
-- The component now measures the dispatcher's lateness, per tenant: how long a tenant with due deliveries to enabled
-- endpoints has gone without a try of any of its endpoints ending, or, if it was tried since, how long its oldest due
-- delivery has waited since then. A tenant whose receivers are tried (each hanging try ends with its 30 s deadline, a
-- breaker half-opens after 30 s, a slow receiver answers) is being served; its queue's age is its receivers', and
-- the lanes of its share are its own (W3). A tenant that nobody tries — no instance dispatching, a claim that never
-- comes — is late from its oldest due delivery, as before. What this does not show: every tenant served, but each
-- more slowly than its events arrive (the senders' throughput).
--
-- Each endpoint keeps when a try of it last ended (`last_tried_at`), written by the statement that records the tries
-- (DeliveryRows) at most once every 5 seconds, so the lanes of one endpoint rarely wait on its row. Until a release
-- that writes it runs everywhere (a rolling upgrade), it stays empty and the figure is the oldest due delivery's age,
-- as under V32. Same signature, result and grants as V32's; one number, nothing else.
ALTER TABLE webhook_endpoints ADD COLUMN last_tried_at timestamptz;

CREATE OR REPLACE FUNCTION status_webhook_backlog_seconds()
    RETURNS double precision
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT COALESCE(max(extract(epoch FROM now() - GREATEST(w.oldest, t.tried))), 0)::double precision
            FROM (SELECT d.tenant_id, min(d.next_attempt_at) AS oldest
                    FROM webhook_deliveries d
                    JOIN webhook_endpoints e ON e.tenant_id = d.tenant_id AND e.id = d.endpoint_id AND e.enabled
                   WHERE (d.status = 'pending' AND d.next_attempt_at <= now())
                      OR (d.status = 'sending' AND d.claimed_until <= now())
                   GROUP BY d.tenant_id) w
           CROSS JOIN LATERAL (SELECT max(e.last_tried_at) AS tried
                                 FROM webhook_endpoints e WHERE e.tenant_id = w.tenant_id) t $$;
