-- A sign-in through SSO opened a session without the TOTP step that a password sign-in of the same member must pass
-- (S8, O6's "left open"): a member with a second factor now gets a challenge from SSO too. What the answered challenge
-- opens depends on the first step: a session of the person (the password, or Google, which vouches for the person:
-- the tenants' sign-in rules are asked again, and the session may switch tenant), or a session of the one tenant whose
-- own connection (OIDC or SAML) vouched for the member, which no password rule applies to and which never switches.
-- Existing challenges were all the password's.
ALTER TABLE mfa_challenges
    ADD COLUMN opens text NOT NULL DEFAULT 'person' CHECK (opens IN ('person', 'tenant'));
-- A release before this one reads no `opens` and would answer a 'tenant' challenge with a session of the person. So
-- that a replica of it, still serving during a rolling upgrade, never finds one, a 'tenant' challenge's token_hash is
-- the SHA-256 of its token under a prefix (MfaChallengeHandle.tenantOnlyHash), which that release never looks up.

-- An IdP-initiated SAML response (no request of ours it answers) comes from whichever page posts it: the connection's
-- owner chose to accept them, and an owner's own IdP could sign a visitor's browser in to the owner's tenant (login
-- CSRF). Such a sign-in of a member without a second factor opens no session but a confirmation, answered by a click
-- on our own origin rather than by a code: a row here of 'tenant', answered by 'confirmation'.
ALTER TABLE mfa_challenges
    ADD COLUMN answered_by text NOT NULL DEFAULT 'code' CHECK (answered_by IN ('code', 'confirmation')),
    ADD CONSTRAINT mfa_challenges_confirmation_opens_a_tenant CHECK (answered_by = 'code' OR opens = 'tenant');
