-- K4 signed unsubscribe links. A person who follows the link in a notice (or whose mail client sends
-- the RFC 8058 one-click POST) stops that list; security e-mail (verification, password reset,
-- invitations) belongs to no list and is always sent.
--
-- The link's token is HMAC-signed and names the tenant and the user, so the tenant is known, and proven,
-- before the database is asked anything: the opt-out is written inside that tenant's scope like every
-- other tenant row, and no SECURITY DEFINER lookup is needed.
CREATE TABLE email_opt_outs (
    tenant_id   uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    user_id     uuid NOT NULL,
    list        text NOT NULL CHECK (list IN ('notifications')),
    created_at  timestamptz NOT NULL DEFAULT now(),
    -- One row per person and list: following the link again changes nothing.
    PRIMARY KEY (tenant_id, user_id, list),
    -- Leaves with the user (removal from a team, erasure).
    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
);

ALTER TABLE email_opt_outs ENABLE ROW LEVEL SECURITY;
ALTER TABLE email_opt_outs FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON email_opt_outs
    USING (tenant_id = humane_current_tenant()) WITH CHECK (tenant_id = humane_current_tenant());
-- No UPDATE: an opt-out is recorded, not edited. DELETE is for opting back in.
GRANT SELECT, INSERT, DELETE ON email_opt_outs TO ${app_role};

-- The link a mail carries in List-Unsubscribe (RFC 2369) with one-click (RFC 8058); only mail of a list
-- has one. Checked by the mail control before it is stored and again before it is sent.
ALTER TABLE mail_outbox ADD COLUMN unsubscribe_url text CHECK (length(unsubscribe_url) <= 2000);
