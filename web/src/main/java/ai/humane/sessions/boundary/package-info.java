/**
 * The session cookies (S3), access tokens and the public keys that verify them (S4) over HTTP.
 */
package ai.humane.sessions.boundary;
