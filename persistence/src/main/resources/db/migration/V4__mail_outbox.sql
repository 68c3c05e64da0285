-- Transactional e-mail (verification links, password resets, invitations, webhook-failing notices).
-- A row is written in the transaction of the change that causes the mail, so a rolled-back sign-up
-- sends nothing; the timer of any instance claims due rows with FOR UPDATE SKIP LOCKED and a lease,
-- sends them outside that transaction, and marks them (at-least-once: a crashed sender's lease runs out
-- and the row is claimed again).
--
-- A system table, deliberately without tenant_id and so outside row-level security (T1): the
-- dispatcher claims mail for every tenant at once and runs without a tenant, and the mail control
-- (ai.humane.mail.control) is the only code that reads or writes it; no endpoint exposes it and no
-- entity maps it, so the EclipseLink wall has nothing to filter. The boot check of the walls only looks
-- at tables with a tenant_id. The runtime role may not DELETE: rows are the record of what was sent.
CREATE TABLE mail_outbox (
    id               uuid PRIMARY KEY,
    recipient        text NOT NULL CHECK (length(recipient) BETWEEN 3 AND 320),
    subject          text NOT NULL CHECK (length(subject) BETWEEN 1 AND 998),
    body_text        text NOT NULL CHECK (length(body_text) <= 100000),
    status           text NOT NULL DEFAULT 'pending'
                     CHECK (status IN ('pending', 'sending', 'sent', 'logged', 'failed')),
    attempts         int NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    created_at       timestamptz NOT NULL DEFAULT now(),
    next_attempt_at  timestamptz NOT NULL DEFAULT now(),
    -- The claim of one dispatcher batch: marks only land while the claim is still the row's own, so a
    -- sender whose lease ran out cannot overwrite what the sender that took over recorded.
    claim_id         uuid,
    claimed_until    timestamptz,
    sent_at          timestamptz,
    -- The SMTP failure, truncated and scrubbed of the SMTP credentials by the mail control.
    last_error       text CHECK (length(last_error) <= 500),
    CHECK ((status = 'sending') = (claim_id IS NOT NULL AND claimed_until IS NOT NULL))
);

-- What the dispatcher scans: due pending rows and sending rows whose lease may have run out.
CREATE INDEX mail_outbox_due ON mail_outbox (next_attempt_at) WHERE status IN ('pending', 'sending');

GRANT SELECT, INSERT, UPDATE ON mail_outbox TO ${app_role};
