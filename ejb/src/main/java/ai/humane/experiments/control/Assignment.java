package ai.humane.experiments.control;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.UUID;

/**
 * Which variant of an experiment an end user gets: deterministic and sticky without storing anything. The
 * first eight bytes of SHA-256("experiment id:end user id"), as an unsigned number modulo the sum of the
 * weights, fall into one variant's share of the weights in their stored order. The same end user always
 * gets the same variant while the variants stay as they are (they can change only in draft).
 */
public final class Assignment {

    private Assignment() {
    }

    /** A variant as stored: name, engine, weight. */
    public record Variant(String name, UUID engineId, int weight) {
    }

    public static Variant of(UUID experiment, UUID endUser, List<Variant> variants) {
        long total = variants.stream().mapToLong(Variant::weight).sum();
        long point = Long.remainderUnsigned(bucket(experiment, endUser), total);
        for (Variant variant : variants) {
            if (point < variant.weight()) {
                return variant;
            }
            point -= variant.weight();
        }
        throw new IllegalStateException("weights must be positive");
    }

    static long bucket(UUID experiment, UUID endUser) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest((experiment + ":" + endUser).getBytes(StandardCharsets.US_ASCII));
            return ByteBuffer.wrap(hash, 0, 8).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
