/**
 * API keys (K1): high-entropy secrets shown once, stored as a SHA-256 hash with a lookup prefix,
 * scoped {@code read} or {@code read,write}, revocable with effect on the next request.
 */
package ai.humane.apikeys.entity;
