package ai.humane.sessions.control;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers, until they expire, the tokens whose signature and claims were checked, by the SHA-256 of their exact
 * text: an ES256 verification costs about a millisecond of CPU on Java 17 (measured in bench/access-tokens), and a
 * client presents the same token for up to 15 minutes. Only the outcome of that pure check is remembered: it
 * depends on nothing but the text and the published keys, so no instance can hold a different truth. Whether the
 * session or key behind a token is still alive, and its role, is never remembered (AccessTokenVerifier asks the
 * database on every request). Bounded: past {@link #CAPACITY} live entries nothing more is remembered, so a client
 * minting tokens can cost memory no more than that.
 */
final class VerifiedTokens {

    static final int CAPACITY = 10_000;

    private final Map<String, Remembered> entries = new ConcurrentHashMap<>();
    private final int capacity;

    VerifiedTokens() {
        this(CAPACITY);
    }

    VerifiedTokens(int capacity) {
        this.capacity = capacity;
    }

    /** The claims of a token checked before and good until after {@code now}; empty otherwise. */
    Optional<TokenClaims> recall(String token, Instant now) {
        String key = digest(token);
        Remembered remembered = entries.get(key);
        if (remembered == null) {
            return Optional.empty();
        }
        if (!now.isBefore(remembered.goodUntil())) {
            entries.remove(key, remembered);
            return Optional.empty();
        }
        return Optional.of(remembered.claims());
    }

    /** Remembers a token that passed every check, good until {@code goodUntil}. */
    void remember(String token, TokenClaims claims, Instant goodUntil, Instant now) {
        if (entries.size() >= capacity) {
            entries.values().removeIf(r -> !now.isBefore(r.goodUntil()));
            if (entries.size() >= capacity) {
                return;
            }
        }
        entries.put(digest(token), new Remembered(claims, goodUntil));
    }

    int size() {
        return entries.size();
    }

    private static String digest(String token) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private record Remembered(TokenClaims claims, Instant goodUntil) {
    }
}
