/**
 * The console (issue #12): the web app people sign in to, served by the same application as the API. Its
 * static client (plain ES modules under {@code src/main/webapp/console}) is served by {@link
 * ai.humane.console.boundary.ConsolePages} in front of JAX-RS with a strict Content-Security-Policy of its own
 * (no inline script or style, no eval, Trusted Types, nothing from another origin). The client calls only the
 * public JSON API with the session cookie and the {@code X-CSRF-Token} header, so every click is checked,
 * rate-limited and audited like an API call. Nothing depends on this feature.
 */
package ai.humane.console.boundary;
