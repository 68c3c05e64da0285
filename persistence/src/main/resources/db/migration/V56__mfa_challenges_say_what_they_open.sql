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
