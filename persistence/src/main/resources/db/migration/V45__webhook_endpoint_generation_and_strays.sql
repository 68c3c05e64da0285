-- W3, W1: an endpoint's generation, which every change that bears on a delivery not yet sent moves on (its URL,
-- whether it is enabled, its secrets and the previous secret's overlap), whoever writes it. A claim takes the
-- generation with the URL and secrets it read (DeliveryRows), and the dispatcher's lanes compare it, in memory, with
-- the newest generation they were told of (EndpointChanges) before each send: a delivery claimed before the change
-- goes back untried instead of going to the old URL or being signed with a secret no longer current. The
-- description and the event types do not move it: a claimed delivery sends neither. A re-encryption of the secrets
-- (K3) moves it too, telling nobody: a claim is then handed back only if another change is told after it.
ALTER TABLE webhook_endpoints ADD COLUMN generation bigint NOT NULL DEFAULT 0;

CREATE FUNCTION webhook_endpoint_next_generation() RETURNS trigger
    LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
    NEW.generation := OLD.generation + 1;
    RETURN NEW;
END $$;
REVOKE ALL ON FUNCTION webhook_endpoint_next_generation() FROM PUBLIC;
CREATE TRIGGER webhook_endpoint_next_generation
    BEFORE UPDATE OF url, enabled, secret, previous_secret, previous_secret_until ON webhook_endpoints FOR EACH ROW
    WHEN (NEW.url IS DISTINCT FROM OLD.url OR NEW.enabled IS DISTINCT FROM OLD.enabled
          OR NEW.secret IS DISTINCT FROM OLD.secret OR NEW.previous_secret IS DISTINCT FROM OLD.previous_secret
          OR NEW.previous_secret_until IS DISTINCT FROM OLD.previous_secret_until)
    EXECUTE FUNCTION webhook_endpoint_next_generation();

-- W3: the deliveries V43's triggers cannot hold, due but of a disabled endpoint: one fanned out by a transaction that
-- read the endpoint enabled and committed after it was disabled, and one whose sender died with its lease while the
-- endpoint was disabled (the trigger holds pending deliveries only). Every claim passes over them, at the join to the
-- endpoint. The dispatcher's sweep (Dispatch.holdStrays, once a minute) learns their tenants here, ids only, and holds
-- them in each tenant's scope.
CREATE FUNCTION webhook_tenants_with_stray_deliveries()
    RETURNS SETOF uuid
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT DISTINCT d.tenant_id FROM webhook_deliveries d
          JOIN webhook_endpoints e ON e.tenant_id = d.tenant_id AND e.id = d.endpoint_id AND NOT e.enabled
          WHERE d.status = 'pending' OR (d.status = 'sending' AND d.claimed_until <= now()) $$;
REVOKE ALL ON FUNCTION webhook_tenants_with_stray_deliveries() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION webhook_tenants_with_stray_deliveries() TO ${app_role};
