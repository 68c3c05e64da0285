package ai.humane.webhooks.control;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What one try of a delivery came to: the status code (null when no response came), latency, the error
 * (network, timeout, refused URL) and the first 2 KB of the response, and any Retry-After asked for.
 *
 * <p>Made to fit its row whoever made it: the error's control characters are written out as Java escapes (six
 * characters each) and it is cut to 500 characters, NUL is taken out of the excerpt, which is cut to 2 KB, and a
 * latency below zero (a clock set back) is zero. PostgreSQL refuses NUL in text, and a try it refuses is never
 * recorded: it rolled back the tries recorded with it, and was claimed and sent again for ever, never given up nor
 * counted (found in review 2026-12-06: a receiver's malformed chunk header, quoted with its NUL in HttpClient's
 * message).
 */
public record Outcome(Instant attemptedAt, Integer statusCode, Duration latency, String error, String excerpt,
                      Optional<Duration> retryAfter) {

    public static final int EXCERPT_BYTES = 2048;
    /** The longest error stored, in characters (the column's check). */
    public static final int ERROR_CHARS = 500;

    public Outcome {
        latency = latency.isNegative() ? Duration.ZERO : latency;
        error = error == null ? null : fitted(escaped(error));
        excerpt = excerpt == null ? null : fitted(excerpt.replace("\u0000", ""), EXCERPT_BYTES);
    }

    public boolean succeeded() {
        return statusCode != null && statusCode >= 200 && statusCode < 300;
    }

    /** 410 Gone: the receiver says the endpoint no longer exists, so it is disabled. */
    public boolean gone() {
        return statusCode != null && statusCode == 410;
    }

    /** C0 control characters and DEL written out, so an error is one line of text PostgreSQL takes. */
    private static String escaped(String text) {
        StringBuilder written = new StringBuilder(text.length());
        text.chars().forEach(c -> {
            if (c < 0x20 || c == 0x7f) {
                written.append(String.format("\\u%04x", c));
            } else {
                written.append((char) c);
            }
        });
        return written.toString();
    }

    /** The first {@link #ERROR_CHARS} characters, not splitting a surrogate pair. */
    private static String fitted(String text) {
        if (text.length() <= ERROR_CHARS) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(ERROR_CHARS - 1)) ? ERROR_CHARS - 1 : ERROR_CHARS;
        return text.substring(0, end);
    }

    /** The cut may split a character; trim until the text fits {@code bytes} of UTF-8 again. */
    private static String fitted(String text, int bytes) {
        String fitted = text;
        while (fitted.getBytes(StandardCharsets.UTF_8).length > bytes) {
            fitted = fitted.substring(0, fitted.length() - 1);
        }
        return fitted;
    }
}
