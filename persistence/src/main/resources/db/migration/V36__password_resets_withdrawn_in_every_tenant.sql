-- V34's person_password_resets_withdraw runs as the owner, whom FORCE ROW LEVEL SECURITY binds too: with only the
-- owner's SELECT policy on email_tokens (credential_lookup, V2) it could read the person's links in every tenant but
-- update only the current tenant's, so a link issued in another of the person's tenants outlived a password change.
-- The owner may mark any link used, as tenant_switch (V26) lets it move sessions; the runtime role gains nothing.
CREATE POLICY person_resets_withdraw ON email_tokens FOR UPDATE TO CURRENT_USER USING (true) WITH CHECK (true);
