-- The status page's webhook backlog (O2) counts what the dispatcher would send: due deliveries of enabled endpoints
-- only, as its claim reads them (DeliveryRows). A disabled endpoint keeps its deliveries queued until it is enabled
-- again, and counted, any tenant could make the public page show a webhooks outage for as long as it liked (a test
-- event to an endpoint it had switched off). Same signature, result and grants as V16's; one number, nothing else.
CREATE OR REPLACE FUNCTION status_webhook_backlog_seconds()
    RETURNS double precision
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT COALESCE(extract(epoch FROM now() - min(d.next_attempt_at)), 0)::double precision
            FROM webhook_deliveries d
            JOIN webhook_endpoints e ON e.tenant_id = d.tenant_id AND e.id = d.endpoint_id AND e.enabled
           WHERE (d.status = 'pending' AND d.next_attempt_at <= now())
              OR (d.status = 'sending' AND d.claimed_until <= now()) $$;
