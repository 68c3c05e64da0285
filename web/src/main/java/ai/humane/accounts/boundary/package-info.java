/**
 * Accounts: sign-up, sign-in, password reset and the caller's own account (S1, S2, S7), and the single
 * Jakarta Security authentication mechanism through which every credential (API keys, session cookies,
 * access tokens: K1, S3, S4) reaches the identity stores.
 */
package ai.humane.accounts.boundary;
