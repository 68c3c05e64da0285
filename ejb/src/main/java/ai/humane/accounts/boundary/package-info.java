/**
 * Accounts: sign-up with new-address verification (S7), sign-in with bcrypt in a bounded pool (S1)
 * and cluster-wide throttling (S2), e-mail verification and password reset with one-time tokens, and the
 * TOTP second factor (S8), required of every member under a BAA (O6). One person, several tenants (S3, T1, T2;
 * V26): {@link ai.humane.accounts.boundary.Memberships} lists a session's tenants and moves it, after
 * {@link ai.humane.accounts.boundary.TenantSwitches} asked the target tenant's rules and second factor.
 */
package ai.humane.accounts.boundary;
