-- T2: demoting a member now withdraws the open invitations they sent and may no longer send (Teams.changeRole, by
-- RoleRules.mayInvite: an owner sends any, an admin member and viewer invitations, a member or viewer none). Those of
-- members demoted before are withdrawn here the same way (expiry brought to now, the row kept), so the pending list
-- shows only invitations that would be accepted; acceptance already refused them. Invitations an API key sent (no
-- sender) stand as sent.
--
-- The owner reads across tenants here only: forced row-level security is lifted for the statements of this
-- migration's transaction and put back before it commits.
ALTER TABLE invitations NO FORCE ROW LEVEL SECURITY;
ALTER TABLE users NO FORCE ROW LEVEL SECURITY;
UPDATE invitations i SET expires_at = now()
  FROM users u
 WHERE u.tenant_id = i.tenant_id AND u.id = i.invited_by
   AND i.accepted_at IS NULL AND i.expires_at > now()
   AND NOT (u.role = 'owner' OR (u.role = 'admin' AND i.role IN ('member', 'viewer')));
ALTER TABLE users FORCE ROW LEVEL SECURITY;
ALTER TABLE invitations FORCE ROW LEVEL SECURITY;
