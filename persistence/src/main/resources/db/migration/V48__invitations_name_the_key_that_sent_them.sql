-- T2, K1: an invitation an API key sent named no sender (invited_by is the member who sent one), so it stood as sent
-- whatever became of the key: revoked, expired, or its member demoted below sending it, the key's invitations were
-- still accepted for their seven days. An invitation now names the key that sent it (invited_by_key); revoking the
-- key withdraws its open invitations, demoting the key's member withdraws those the key may no longer send, and
-- acceptance asks the key's standing as it asks a member's (Teams, ApiKeys, Invitations).
--
-- Invitations sent by keys before this release are attributed from the audit log, which recorded each as
-- member.invited by its key (resource: the invitation), and those whose key no longer stands, or may no longer send
-- them, are withdrawn as a demotion withdraws them (expiry brought to now, the row kept).
--
-- The owner reads across tenants here only: forced row-level security is lifted for the statements of this
-- migration's transaction and put back before it commits.
ALTER TABLE invitations ADD COLUMN invited_by_key uuid;

ALTER TABLE invitations NO FORCE ROW LEVEL SECURITY;
ALTER TABLE api_keys NO FORCE ROW LEVEL SECURITY;
ALTER TABLE users NO FORCE ROW LEVEL SECURITY;
ALTER TABLE admin_audit_events NO FORCE ROW LEVEL SECURITY;

UPDATE invitations i SET invited_by_key = a.actor_id
  FROM admin_audit_events a
  JOIN api_keys k ON k.tenant_id = a.tenant_id AND k.id = a.actor_id
 WHERE i.invited_by IS NULL
   AND a.tenant_id = i.tenant_id AND a.action = 'member.invited' AND a.actor_type = 'api_key'
   AND a.resource_type = 'invitation' AND a.resource_id = i.id::text;

-- A key's role is the lesser of its own and its member's (api_key_by_prefix); an owner sends any invitation, an admin
-- member and viewer ones, a member or viewer none (RoleRules.mayInvite).
WITH key_standing AS (
    SELECT k.tenant_id, k.id,
           k.revoked_at IS NOT NULL OR coalesce(k.expires_at <= now(), false) AS ended,
           CASE WHEN u.id IS NULL THEN k.role
                ELSE (ARRAY['viewer', 'member', 'admin', 'owner'])[least(
                        array_position(ARRAY['viewer', 'member', 'admin', 'owner'], k.role),
                        array_position(ARRAY['viewer', 'member', 'admin', 'owner'], u.role))]
           END AS role
      FROM api_keys k
      LEFT JOIN users u ON u.tenant_id = k.tenant_id AND u.id = k.created_by
)
UPDATE invitations i SET expires_at = now()
  FROM key_standing s
 WHERE s.tenant_id = i.tenant_id AND s.id = i.invited_by_key
   AND i.accepted_at IS NULL AND i.expires_at > now()
   AND (s.ended OR NOT (s.role = 'owner' OR (s.role = 'admin' AND i.role IN ('member', 'viewer'))));

ALTER TABLE invitations ADD CONSTRAINT invitations_invited_by_key_fkey
    FOREIGN KEY (tenant_id, invited_by_key) REFERENCES api_keys (tenant_id, id) ON DELETE SET NULL (invited_by_key);

ALTER TABLE admin_audit_events FORCE ROW LEVEL SECURITY;
ALTER TABLE users FORCE ROW LEVEL SECURITY;
ALTER TABLE api_keys FORCE ROW LEVEL SECURITY;
ALTER TABLE invitations FORCE ROW LEVEL SECURITY;
