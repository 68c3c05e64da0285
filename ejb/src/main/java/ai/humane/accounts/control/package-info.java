/**
 * Accounts: password policy and bcrypt hashing (S1), the login throttle (S2), opaque one-time
 * tokens and the account e-mails; the TOTP second factor (S8): codes, recovery codes, challenges.
 */
package ai.humane.accounts.control;
