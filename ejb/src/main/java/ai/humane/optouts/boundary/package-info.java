/**
 * Unsubscribing from signed links (K4): the key from {@code HMAC_KEY} and the opt-outs it records, each in
 * the tenant its token proves, audited as {@code email.unsubscribed}.
 */
package ai.humane.optouts.boundary;
