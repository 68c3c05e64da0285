package ai.humane.audit.control;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An independent statement, in Java, of what an event's hash covers (L1), to hold the database's
 * {@code audit_event_message} (migration V10) to it. The encoding is unambiguous: a version label, then each
 * field in this fixed order as a presence byte and, when present, a 4-byte big-endian length and the bytes
 * (UTF-8 text, 16-byte UUIDs, 8-byte big-endian numbers). JSON documents are hashed in the text form
 * PostgreSQL gives a {@code jsonb} value (keys sorted, one spelling per document). {@code createdAt} counts
 * in microseconds, PostgreSQL's precision. Version 1 (the chains written before V10) is SHA-256 of
 * {@code humane-audit-v1} and the fields; version 2 is HMAC-SHA256 of {@code humane-audit-v2} and the fields
 * under the database's chain key.
 */
record ChainEncoding(UUID tenantId, long seq, AuditActor actor, String action, String resourceType,
                     String resourceId, String before, String after, String clientIp, Instant createdAt,
                     byte[] prevHash) {

    static final int HASH_BYTES = 32;

    /** Where every chain starts: 32 zero bytes. */
    static byte[] genesis() {
        return new byte[HASH_BYTES];
    }

    /** Version 1: the unkeyed SHA-256 the application computed before V10. */
    byte[] digest() {
        try {
            return MessageDigest.getInstance("SHA-256").digest(message("humane-audit-v1"));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** Version 2: keyed with the database's chain key. */
    byte[] hmac(byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(message("humane-audit-v2"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    private byte[] message(String version) {
        return new Encoding()
                .text(version)
                .uuid(tenantId)
                .number(seq)
                .text(actor.type())
                .uuid(actor.id())
                .text(action)
                .text(resourceType)
                .text(resourceId)
                .text(before)
                .text(after)
                .text(clientIp)
                .number(ChronoUnit.MICROS.between(Instant.EPOCH, createdAt))
                .bytes(prevHash)
                .toByteArray();
    }

    /** Length-prefixed fields: no two different events encode to the same bytes. */
    private static final class Encoding {

        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);

        Encoding text(String value) {
            return bytes(value == null ? null : value.getBytes(StandardCharsets.UTF_8));
        }

        Encoding uuid(UUID value) {
            return bytes(value == null ? null : ByteBuffer.allocate(16)
                    .putLong(value.getMostSignificantBits()).putLong(value.getLeastSignificantBits()).array());
        }

        Encoding number(long value) {
            return bytes(ByteBuffer.allocate(8).putLong(value).array());
        }

        Encoding bytes(byte[] value) {
            if (value == null) {
                bytes.write(0);
                return this;
            }
            bytes.write(1);
            bytes.writeBytes(ByteBuffer.allocate(4).putInt(value.length).array());
            bytes.writeBytes(value);
            return this;
        }

        byte[] toByteArray() {
            return bytes.toByteArray();
        }
    }
}
