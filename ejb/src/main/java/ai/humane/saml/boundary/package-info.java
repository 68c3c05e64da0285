/**
 * SAML 2.0 single sign-on per tenant (S6): {@link ai.humane.saml.boundary.SamlConnections} keeps a tenant's
 * connections (owners only; every change audited with before and after, L1), {@link
 * ai.humane.saml.boundary.SamlLogins} serves SP metadata and starts SP-initiated logins,
 * {@link ai.humane.saml.boundary.SamlAssertions} is the ACS's transaction (checks, one-time request id, replay
 * cache, then {@code SsoSignIn}), and {@link ai.humane.saml.boundary.SamlHousekeeping} purges, refreshes metadata
 * and warns of expiring certificates.
 */
package ai.humane.saml.boundary;
