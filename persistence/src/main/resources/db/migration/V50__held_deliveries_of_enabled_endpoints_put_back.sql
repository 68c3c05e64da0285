-- W3: a delivery held under an endpoint that is enabled is sent by nobody: V43's enabling trigger moves the endpoint's
-- held deliveries back to pending, but a claim handed back (or a try recorded) by a transaction that read the
-- endpoint disabled, committing after the enabling, is held by the other trigger, and no later change looks at it
-- again: lost until the endpoint is disabled and enabled once more. The dispatcher's sweep (Dispatch.holdStrays, once
-- a minute) now also puts such deliveries back, and learns their tenants from the same look-up.
--
-- Held deliveries are few (those of disabled endpoints) and were found only through the endpoint's whole history
-- (webhook_deliveries_by_endpoint), by the sweep and by the enabling trigger alike: a partial index holds them alone.
CREATE INDEX webhook_deliveries_held ON webhook_deliveries (endpoint_id) WHERE status = 'held';

CREATE OR REPLACE FUNCTION webhook_tenants_with_stray_deliveries()
    RETURNS SETOF uuid
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT d.tenant_id FROM webhook_deliveries d
          JOIN webhook_endpoints e ON e.tenant_id = d.tenant_id AND e.id = d.endpoint_id AND NOT e.enabled
          WHERE d.status = 'pending' OR (d.status = 'sending' AND d.claimed_until <= now())
          UNION
          SELECT d.tenant_id FROM webhook_deliveries d
          JOIN webhook_endpoints e ON e.tenant_id = d.tenant_id AND e.id = d.endpoint_id AND e.enabled
          WHERE d.status = 'held' $$;
