/**
 * Accounts: the single Jakarta Security authentication mechanism through which every credential
 * (API keys now; sessions, access tokens and SSO later: S3, S4, S5, S6) reaches the identity stores.
 */
package ai.humane.accounts.boundary;
