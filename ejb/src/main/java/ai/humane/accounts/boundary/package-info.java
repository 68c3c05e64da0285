/**
 * Accounts: sign-up with new-address verification (S7), sign-in with bcrypt in a bounded pool (S1)
 * and cluster-wide throttling (S2), e-mail verification and password reset with one-time tokens, and the
 * TOTP second factor (S8), required of every member under a BAA (O6).
 */
package ai.humane.accounts.boundary;
