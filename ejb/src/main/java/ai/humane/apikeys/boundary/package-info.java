/**
 * API keys (K1): issuing (the clear text exists only in the answer), listing, revoking, and verifying
 * a presented key on every request without a cache, so a revocation holds from the next request. The
 * web module adds the identity store, the read-scope filter and the owner/admin resource.
 */
package ai.humane.apikeys.boundary;
