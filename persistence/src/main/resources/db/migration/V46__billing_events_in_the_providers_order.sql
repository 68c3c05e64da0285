-- A1: the billing provider's events are applied in the order the provider created them, not the order they arrive
-- in: a retry of an older event delivered after a newer one must not undo it (a late 'active' reviving a canceled
-- subscription). Each event carries the provider's creation time (created); the tenant keeps the created of the
-- last event applied to it, and an older one is acknowledged and recorded as not applied. NULL: none applied since.
ALTER TABLE tenants ADD COLUMN subscription_event_created timestamptz;
GRANT UPDATE (subscription_event_created) ON tenants TO ${app_role};

-- Events received before this migration carried no time: NULL, and applied as they came.
ALTER TABLE billing_events
    ADD COLUMN created timestamptz,
    ADD COLUMN applied boolean NOT NULL DEFAULT true;
