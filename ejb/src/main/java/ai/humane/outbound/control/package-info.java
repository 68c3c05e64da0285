/**
 * Outbound HTTP to user-supplied URLs (webhook endpoints, engine provider URLs, SAML metadata, OIDC
 * issuers). The feature owns the SSRF guard that decides whether such a URL may be fetched and which
 * checked addresses the connection is pinned to (control N1), and the HTTP client that connects only to
 * those addresses, re-checks redirects and enforces the outbound limits (control N2).
 */
package ai.humane.outbound.control;
