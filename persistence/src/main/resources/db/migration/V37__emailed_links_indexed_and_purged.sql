-- E-mailed links (S1, S3, S7, T2), found by the review of 2026-12-06. email_tokens had no index by member:
-- person_password_resets_withdraw (V34) joins it on (tenant_id, user_id) at every password change and reset, as does
-- the cascade from a deleted member, and each found a member's links only by reading every link of the tenant (by
-- its UNIQUE (tenant_id, id) key) or of the whole table. The index serves both, as sessions_by_user does for
-- sessions; the withdrawal's other conditions (purpose, used_at) are read from the member's few rows.
CREATE INDEX email_tokens_by_user ON email_tokens (tenant_id, user_id);
