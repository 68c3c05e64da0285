/**
 * Enterprise sign-in over HTTP (S5, S6): the OIDC login and callback routes, and the protocols' callbacks as
 * {@link ai.humane.authentication.boundary.SsoCallback}s of the one authentication mechanism.
 */
package ai.humane.sso.boundary;
