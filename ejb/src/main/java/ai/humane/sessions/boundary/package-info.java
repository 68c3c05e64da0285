/**
 * Sessions (S3): opaque 256-bit ids stored as hashes, a fresh id at every sign-in, 30-day sliding
 * lifetime refreshed at most hourly under a 90-day cap, server-side revocation, and the CSRF
 * token's hash beside each session for the double-submit check. Access tokens (S4): their keys, and
 * {@link ai.humane.sessions.boundary.AccessTokenVerifier}, which refuses a token whose session or API key
 * has ended and gives it its credential's current role, on every request.
 */
package ai.humane.sessions.boundary;
