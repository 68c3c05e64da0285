package ai.humane.audit.control;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * Everything one event's hash covers, and the hash itself (L1). The encoding is unambiguous: a version
 * label, then each field in this fixed order as a presence byte and, when present, a 4-byte big-endian
 * length and the bytes (UTF-8 text, 16-byte UUIDs, 8-byte big-endian numbers). JSON documents are hashed
 * in the text form PostgreSQL gives a {@code jsonb} value (keys sorted, one spelling per document), which
 * is what the chain reads back when it verifies. {@code createdAt} counts in microseconds, PostgreSQL's
 * precision. The first event of a tenant chains from {@link #GENESIS}.
 */
public record ChainLink(UUID tenantId, long seq, AuditActor actor, String action, String resourceType,
                        String resourceId, String before, String after, String clientIp, Instant createdAt,
                        byte[] prevHash) {

    public static final int HASH_BYTES = 32;
    static final String VERSION = "humane-audit-v1";

    /** Where every chain starts: 32 zero bytes. */
    public static byte[] genesis() {
        return new byte[HASH_BYTES];
    }

    public byte[] digest() {
        Encoding out = new Encoding()
                .text(VERSION)
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
                .bytes(prevHash);
        try {
            return MessageDigest.getInstance("SHA-256").digest(out.toByteArray());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
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
