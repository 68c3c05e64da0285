/**
 * Enterprise sign-in (S5 Google and per-tenant OIDC, S6 SAML): {@link ai.humane.sso.boundary.SsoSignIn} is the one
 * door both protocols call with a {@link ai.humane.sso.control.VerifiedIdentity}; it links, checks and opens the
 * same session a password opens (S3). Depends on accounts, sessions, tenancy, crypto and audit; nothing below
 * depends on it.
 */
package ai.humane.sso.boundary;
