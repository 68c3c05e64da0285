-- A2: answers that hand out a secret once (an API key, a webhook signing secret, an inbound secret, an access
-- token) are no longer kept whole for replay; the application stores them without the secret (docs/api.md).
-- Answers kept before this release may still hold one in clear: they are deleted, so for the rest of their
-- 24 hours a retry with the same key runs again instead of replaying.
--
-- T1: invitations.invited_by had no foreign key. It now references the inviting member within the tenant;
-- removing that member leaves the invitation standing with no inviter. Inviters already gone are cleared.
--
-- The owner reads across tenants here only: forced row-level security is lifted for the statements of this
-- migration's transaction and put back before it commits.
ALTER TABLE idempotency_keys NO FORCE ROW LEVEL SECURITY;
DELETE FROM idempotency_keys
 WHERE position(convert_to('hk_live_', 'UTF8') IN body) > 0
    OR position(convert_to('whsec_', 'UTF8') IN body) > 0
    OR position(convert_to('"access_token"', 'UTF8') IN body) > 0;
ALTER TABLE idempotency_keys FORCE ROW LEVEL SECURITY;

ALTER TABLE invitations NO FORCE ROW LEVEL SECURITY;
ALTER TABLE users NO FORCE ROW LEVEL SECURITY;
UPDATE invitations i SET invited_by = NULL
 WHERE i.invited_by IS NOT NULL
   AND NOT EXISTS (SELECT 1 FROM users u WHERE u.tenant_id = i.tenant_id AND u.id = i.invited_by);
ALTER TABLE invitations ADD CONSTRAINT invitations_invited_by_fkey
    FOREIGN KEY (tenant_id, invited_by) REFERENCES users (tenant_id, id) ON DELETE SET NULL (invited_by);
ALTER TABLE users FORCE ROW LEVEL SECURITY;
ALTER TABLE invitations FORCE ROW LEVEL SECURITY;
