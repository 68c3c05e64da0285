-- O2, W3: the public status page's webhooks component measured the age of the oldest due delivery (V32). The
-- dispatcher leaves some due deliveries unclaimed on purpose — an endpoint whose lanes are full (its receiver hangs or
-- is slow), whose breaker is open (it keeps failing), a tenant running all the lanes its share allows — so a tenant
-- whose receiver hangs or fails, and who keeps producing events, aged its own queue past 15 minutes: the page said
-- `outage` and operators were alerted, while no other tenant's deliveries waited (found by a read-only review,
-- 2026-12-07).
--
-- The component now measures the dispatcher's lateness, per tenant: over the tenants with due deliveries to enabled
-- endpoints, how long each has waited since the later of its oldest due delivery falling due and a try of any of its
-- endpoints last being recorded; the longest of them. A tenant whose receivers are tried (a hanging try ends with its
-- 30 s deadline, a breaker half-opens after 30 s, a slow receiver answers) is being served; its queue's age is its
-- receivers', and the lanes of its share are its own (W3). A tenant nobody tries — no instance dispatching, a claim
-- that never comes — is late from its oldest due delivery or its last try. Not shown: every tenant served, but more
-- slowly than its events arrive (the senders' throughput).
--
-- When a tenant's tries were last recorded is one row per tenant, written once the tries' marks have committed, in a
-- transaction of its own, at most once every 5 seconds (Dispatch, DeliveryRows): it is never held while other rows
-- are waited for, where a column of the endpoints, or the row written inside the recording's transaction, was held
-- beside the 410's disabling and the failing spell's start, which lock endpoint rows (deadlocks). A
-- delivery held while its endpoint was disabled (V43) is due again, as it was, when the endpoint is enabled; it is
-- counted from the enabling (`enabled_at`, set by a trigger whoever enables), so that a tenant cannot age a queue
-- behind a disabled endpoint and show it as the dispatcher's lateness by enabling the endpoint before a probe.
--
-- Until a release that writes the tries runs everywhere (a rolling upgrade), a tenant served only by the release
-- before has no row, and its figure is its oldest due delivery's age, as under V32. Same signature, result and
-- grants as V32's function; one number, nothing else.
CREATE TABLE webhook_tenant_tries (
    tenant_id  uuid PRIMARY KEY REFERENCES tenants (id) ON DELETE CASCADE,
    tried_at   timestamptz NOT NULL
);
ALTER TABLE webhook_tenant_tries ENABLE ROW LEVEL SECURITY;
ALTER TABLE webhook_tenant_tries FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON webhook_tenant_tries USING (tenant_id = humane_current_tenant())
    WITH CHECK (tenant_id = humane_current_tenant());
-- The status function below reads every tenant's row as the owner (as V6's dispatch_scan for the deliveries).
CREATE POLICY status_scan ON webhook_tenant_tries FOR SELECT TO CURRENT_USER USING (true);
GRANT SELECT, INSERT, UPDATE ON webhook_tenant_tries TO ${app_role};

ALTER TABLE webhook_endpoints ADD COLUMN enabled_at timestamptz;
CREATE FUNCTION webhook_endpoint_enabled_at() RETURNS trigger
    LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
    NEW.enabled_at := now();
    RETURN NEW;
END $$;
REVOKE ALL ON FUNCTION webhook_endpoint_enabled_at() FROM PUBLIC;
CREATE TRIGGER webhook_endpoint_enabled_at BEFORE UPDATE OF enabled ON webhook_endpoints FOR EACH ROW
    WHEN (NEW.enabled AND NOT OLD.enabled) EXECUTE FUNCTION webhook_endpoint_enabled_at();

CREATE OR REPLACE FUNCTION status_webhook_backlog_seconds()
    RETURNS double precision
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT COALESCE(max(extract(epoch FROM now() - GREATEST(w.oldest, t.tried_at))), 0)::double precision
            FROM (SELECT d.tenant_id, min(GREATEST(d.next_attempt_at, e.enabled_at)) AS oldest
                    FROM webhook_deliveries d
                    JOIN webhook_endpoints e ON e.tenant_id = d.tenant_id AND e.id = d.endpoint_id AND e.enabled
                   WHERE (d.status = 'pending' AND d.next_attempt_at <= now())
                      OR (d.status = 'sending' AND d.claimed_until <= now())
                   GROUP BY d.tenant_id) w
            LEFT JOIN webhook_tenant_tries t ON t.tenant_id = w.tenant_id $$;
