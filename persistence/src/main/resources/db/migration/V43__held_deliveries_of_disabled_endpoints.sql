-- W3, A3: a delivery of a disabled endpoint is 'held', not 'pending', so it leaves the due index
-- (webhook_deliveries_due covers pending and sending only). Held pending, such deliveries stayed due for ever: every
-- claim round of every instance, the look-up of the tenants with due deliveries and the status page's backlog read
-- them, only to drop them at the join to their disabled endpoint (5,000 rows read a look-up for one tenant's 5,000).
--
-- Disabling an endpoint (by its tenant, or by a 410 from its receiver) holds its pending deliveries; enabling it puts
-- them back, due as they were. A delivery that would become pending while its endpoint is disabled (a try that ended
-- after the 410 in the same batch, a claim handed back, a manual retry) is held instead, whoever writes it. A test
-- event to a disabled endpoint is queued held (EventRows). Both triggers run as the writer, under its tenant's
-- row-level security: the endpoint and its deliveries are always of one tenant (V6's composite key).
ALTER TABLE webhook_deliveries DROP CONSTRAINT webhook_deliveries_status_check;
ALTER TABLE webhook_deliveries ADD CONSTRAINT webhook_deliveries_status_check
    CHECK (status IN ('pending', 'sending', 'succeeded', 'failed', 'held'));

CREATE FUNCTION webhook_endpoint_holds_deliveries() RETURNS trigger
    LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
    UPDATE webhook_deliveries SET status = CASE WHEN NEW.enabled THEN 'pending' ELSE 'held' END, updated_at = now()
     WHERE tenant_id = NEW.tenant_id AND endpoint_id = NEW.id
       AND status = CASE WHEN NEW.enabled THEN 'held' ELSE 'pending' END;
    RETURN NULL;
END $$;
REVOKE ALL ON FUNCTION webhook_endpoint_holds_deliveries() FROM PUBLIC;
CREATE TRIGGER webhook_endpoint_holds_deliveries AFTER UPDATE OF enabled ON webhook_endpoints FOR EACH ROW
    WHEN (NEW.enabled IS DISTINCT FROM OLD.enabled) EXECUTE FUNCTION webhook_endpoint_holds_deliveries();

-- Held deliveries the trigger above puts back (held to pending) are not looked at again: their endpoint is enabled.
CREATE FUNCTION webhook_delivery_held_while_disabled() RETURNS trigger
    LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM webhook_endpoints e
                    WHERE e.tenant_id = NEW.tenant_id AND e.id = NEW.endpoint_id AND e.enabled) THEN
        NEW.status := 'held';
    END IF;
    RETURN NEW;
END $$;
REVOKE ALL ON FUNCTION webhook_delivery_held_while_disabled() FROM PUBLIC;
CREATE TRIGGER webhook_delivery_held_while_disabled BEFORE UPDATE OF status ON webhook_deliveries FOR EACH ROW
    WHEN (NEW.status = 'pending' AND OLD.status <> 'held') EXECUTE FUNCTION webhook_delivery_held_while_disabled();

-- What is queued for endpoints disabled before this migration is held now. The owner reads across tenants here only:
-- forced row-level security is lifted for the statements of this migration's transaction and put back before it
-- commits.
ALTER TABLE webhook_deliveries NO FORCE ROW LEVEL SECURITY;
ALTER TABLE webhook_endpoints NO FORCE ROW LEVEL SECURITY;
UPDATE webhook_deliveries d SET status = 'held', updated_at = now()
  FROM webhook_endpoints e
 WHERE e.tenant_id = d.tenant_id AND e.id = d.endpoint_id AND NOT e.enabled AND d.status = 'pending';
ALTER TABLE webhook_endpoints FORCE ROW LEVEL SECURITY;
ALTER TABLE webhook_deliveries FORCE ROW LEVEL SECURITY;
