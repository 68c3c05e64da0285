package ai.humane.saml.control;

import java.time.Instant;

/**
 * The identity a verified assertion vouches for. {@code subject} is the NameID and {@code email} the e-mail
 * attribute (or the NameID when its format is an e-mail address), each the element's whole text: a comment
 * inside it cannot cut it short. {@code expiresAt} bounds how long the assertion id stays in the replay cache.
 */
public record VerifiedAssertion(String assertionId, String inResponseTo, String subject, String email,
        Instant expiresAt) {
}
