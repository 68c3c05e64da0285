/**
 * SAML 2.0 single sign-on per tenant (S6): {@link ai.humane.saml.boundary.SamlConnections} keeps a tenant's
 * connections (owners and admins; every change audited with before and after, L1), whose IdP metadata is given
 * as XML or fetched from a URL through the SSRF guard (N1).
 */
package ai.humane.saml.boundary;
