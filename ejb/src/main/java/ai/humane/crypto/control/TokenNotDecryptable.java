package ai.humane.crypto.control;

/**
 * A stored token that no key of the ring opens: written under a key that has since been removed from
 * FERNET_KEYS, altered, or not a Fernet token at all. The message never contains the token.
 */
public final class TokenNotDecryptable extends RuntimeException {

    private static final long serialVersionUID = 1L;

    TokenNotDecryptable(String message) {
        super(message);
    }
}
