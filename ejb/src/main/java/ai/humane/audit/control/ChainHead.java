package ai.humane.audit.control;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A place in a tenant's chain: a seq and the keyed hash of the event there (32 bytes; seq 0 with 32 zero bytes
 * before the first event). What a checkpoint signs, and what a kept checkpoint is compared with later.
 */
public record ChainHead(long seq, byte[] hash) {

    public ChainHead {
        if (seq < 0 || hash == null || hash.length != 32) {
            throw new IllegalArgumentException("a chain head is a seq of 0 or more and a 32-byte hash");
        }
        hash = hash.clone();
    }

    @Override
    public byte[] hash() {
        return hash.clone();
    }

    /** The hash as the event list and the export show it: 64 lower-case hex digits. */
    public String hashHex() {
        return HexFormat.of().formatHex(hash);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ChainHead head && seq == head.seq && Arrays.equals(hash, head.hash);
    }

    @Override
    public int hashCode() {
        return 31 * Long.hashCode(seq) + Arrays.hashCode(hash);
    }

    @Override
    public String toString() {
        return "ChainHead[seq=" + seq + ", hash=" + hashHex() + "]";
    }
}
