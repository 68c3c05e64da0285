-- E-mailed links (S1, S3, S7, T2), found by the review of 2026-12-06. email_tokens had no index by member:
-- person_password_resets_withdraw (V34) joins it on (tenant_id, user_id) at every password change and reset, as does
-- the cascade from a deleted member, and each found a member's links only by reading every link of the tenant (by
-- its UNIQUE (tenant_id, id) key) or of the whole table. The index serves both, as sessions_by_user does for
-- sessions; the withdrawal's other conditions (purpose, used_at) are read from the member's few rows.
CREATE INDEX email_tokens_by_user ON email_tokens (tenant_id, user_id);

-- Nothing removed a link once spent: used, withdrawn (marked used, V34) or past its expiry, every token's row and
-- every invitation stayed for good. A link that stopped working (the earlier of used_at or accepted_at and
-- expires_at; least() passes over NULL) is deleted 7 days later. The grace changes no answer (an unknown, used or
-- expired link is refused alike); it keeps, for a week, when a link was issued and when it was used or withdrawn,
-- for an operator looking into a reset or an invitation its owner did not ask for. The rows hold hashes, never a
-- token. The purge timer runs without a tenant (SpentLinkPurge, on every instance): the owner may delete a link of
-- any tenant past its grace and no other, as expiry_purge (V7) lets it delete expired idempotency keys (it already
-- reads every row, credential_lookup, V2); the runtime role reaches them only through this function and gains
-- nothing but EXECUTE.
CREATE POLICY spent_purge ON email_tokens FOR DELETE TO CURRENT_USER
    USING (least(used_at, expires_at) < now() - interval '7 days');
CREATE POLICY spent_purge ON invitations FOR DELETE TO CURRENT_USER
    USING (least(accepted_at, expires_at) < now() - interval '7 days');
CREATE FUNCTION purge_spent_email_links()
    RETURNS bigint
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
DECLARE tokens bigint; invites bigint;
BEGIN
    DELETE FROM email_tokens WHERE least(used_at, expires_at) < now() - interval '7 days';
    GET DIAGNOSTICS tokens = ROW_COUNT;
    DELETE FROM invitations WHERE least(accepted_at, expires_at) < now() - interval '7 days';
    GET DIAGNOSTICS invites = ROW_COUNT;
    RETURN tokens + invites;
END $$;
REVOKE ALL ON FUNCTION purge_spent_email_links() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION purge_spent_email_links() TO ${app_role};
