-- A2: a claim is marked carried out inside the request's own business transaction, so the mark commits exactly when
-- the request's work does. A claim whose instance died after that commit and before the answer was stored is not
-- taken over (the request would run a second time: a second key, message or endpoint); a retry is told so (409).
ALTER TABLE idempotency_keys ADD COLUMN carried_out boolean NOT NULL DEFAULT false;
