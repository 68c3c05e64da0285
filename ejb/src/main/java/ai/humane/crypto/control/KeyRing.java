package ai.humane.crypto.control;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The Fernet keys from {@code FERNET_KEYS} (K3): a comma-separated list of 32-byte url-safe base64 keys.
 * The first key encrypts; every key decrypts, so a new key can be put in front while rows written under the
 * old ones are still read, and {@link Reencryption} moves them forward before the old key is dropped.
 * Tokens carry no time-to-live: they are stored fields, not messages in transit. Thread-safe.
 */
public final class KeyRing {

    private static final int IV_BYTES = 16;

    private final List<FernetKey> keys;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    /**
     * @param fernetKeys the value of FERNET_KEYS
     * @throws IllegalArgumentException when the list is empty or an entry is not a key; the message says
     *                                  which entry and why, never what it contains
     */
    public KeyRing(String fernetKeys) {
        this(fernetKeys, Clock.systemUTC());
    }

    KeyRing(String fernetKeys, Clock clock) {
        this.keys = parse(fernetKeys);
        this.clock = clock;
    }

    /** A new random key in the FERNET_KEYS format. */
    public static String generateKey() {
        byte[] raw = new byte[FernetKey.ENCODED_BYTES];
        new SecureRandom().nextBytes(raw);
        return Base64.getUrlEncoder().encodeToString(raw);
    }

    /** A token under the first key, with a fresh random IV. */
    public String encrypt(String plaintext) {
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        return keys.get(0).encrypt(plaintext.getBytes(StandardCharsets.UTF_8), clock.instant().getEpochSecond(), iv);
    }

    /** @throws TokenNotDecryptable when no key of the ring opens the token */
    public String decrypt(String token) {
        return new String(open(token).plaintext(), StandardCharsets.UTF_8);
    }

    /**
     * True when {@code text} is a Fernet token that no key of the ring opens (sealed under a key since dropped, or
     * altered); false for a token it opens and for anything that is not a token. A restore asks it of every value
     * that looks sealed, so that a ring missing a retired key is named before the application fails on one.
     */
    public boolean sealedUnderAnotherKey(String text) {
        Optional<FernetToken> parsed = FernetToken.parse(text);
        return parsed.isPresent() && keys.stream().noneMatch(key -> key.decrypt(parsed.get()).isPresent());
    }

    /**
     * True when the token opens only under an older key and should be re-encrypted.
     *
     * @throws TokenNotDecryptable when no key of the ring opens the token
     */
    public boolean needsRotation(String token) {
        return open(token).keyIndex() > 0;
    }

    /**
     * The same secret under the first key; a token already under it is returned unchanged, so a re-encryption
     * run writes only the rows that need it.
     *
     * @throws TokenNotDecryptable when no key of the ring opens the token
     */
    public String reencrypt(String token) {
        Opened opened = open(token);
        if (opened.keyIndex() == 0) {
            return token;
        }
        return encrypt(new String(opened.plaintext(), StandardCharsets.UTF_8));
    }

    /**
     * One key per key of the ring, in the ring's order (the first is the current one), each derived for
     * {@code purpose} only: for data at rest that is not a Fernet token, such as export archives (L3), which
     * thereby follow the ring's rotation.
     */
    public List<byte[]> derive(String purpose) {
        byte[] info = ("humane/" + purpose).getBytes(StandardCharsets.UTF_8);
        return keys.stream().map(key -> key.derive(info)).toList();
    }

    private Opened open(String token) {
        FernetToken parsed = FernetToken.parse(token)
                .orElseThrow(() -> new TokenNotDecryptable("the stored value is not a Fernet token"));
        for (int i = 0; i < keys.size(); i++) {
            Optional<byte[]> plaintext = keys.get(i).decrypt(parsed);
            if (plaintext.isPresent()) {
                return new Opened(i, plaintext.get());
            }
        }
        throw new TokenNotDecryptable("no key in FERNET_KEYS opens the token (" + keys.size()
                + " tried): it was written under a removed key or altered");
    }

    private static List<FernetKey> parse(String fernetKeys) {
        return KeyList.parse("FERNET_KEYS", fernetKeys, (entry, where) -> FernetKey.parse(entry)
                .orElseThrow(() -> new IllegalArgumentException(where + " " + defect(entry))));
    }

    /** Says what is wrong with an entry by its shape only: the entry itself is a secret. */
    private static String defect(String entry) {
        int length = FernetKey.decodedLength(entry);
        if (length < 0) {
            return "is not url-safe base64 (a Fernet key uses - and _, not + and /)";
        }
        return "decodes to " + length + " bytes; a Fernet key is " + FernetKey.ENCODED_BYTES + " bytes";
    }

    private record Opened(int keyIndex, byte[] plaintext) {
    }
}
