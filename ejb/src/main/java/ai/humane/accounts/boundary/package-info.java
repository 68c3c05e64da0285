/**
 * Accounts: sign-up with new-address verification (S7), sign-in with bcrypt in a bounded pool (S1)
 * and cluster-wide throttling (S2), e-mail verification and password reset with one-time tokens.
 */
package ai.humane.accounts.boundary;
