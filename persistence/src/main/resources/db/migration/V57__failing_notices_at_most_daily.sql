-- W4, A3: a failing spell starts when a delivery is given up and ends with the endpoint's next success (V51). A
-- receiver that fails some events and takes others (500 to one event type, 200 to another) ends a spell with each
-- success and starts another with the next give-up, and every start mailed every owner: as many `webhook_failing`
-- e-mails a day as given-up deliveries, driven by whoever runs the receiver, outside any send budget. The spell still
-- starts and ends as before (the endpoint's `failing` status); the owners are told at most once a day per endpoint,
-- and again as soon as the spell is of another receiver (a new URL or an enabling moves spell_generation, V51).
ALTER TABLE webhook_endpoints
    ADD COLUMN failing_noticed_at timestamptz,
    ADD COLUMN failing_noticed_generation bigint;
