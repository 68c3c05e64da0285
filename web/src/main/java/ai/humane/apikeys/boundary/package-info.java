/**
 * API keys over HTTP (K1): created and shown once, listed without the secret, revoked.
 */
package ai.humane.apikeys.boundary;
