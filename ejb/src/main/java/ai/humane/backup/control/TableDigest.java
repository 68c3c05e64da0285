package ai.humane.backup.control;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Counts the rows of a table's COPY text as it passes (one line per row: COPY escapes newlines inside values)
 * and hashes it, so the manifest and the restore's own check see the same bytes.
 */
final class TableDigest extends FilterOutputStream {

    private final MessageDigest sha256;
    private long rows;

    TableDigest(OutputStream out) {
        super(out);
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** A digest that only counts and hashes. */
    static TableDigest discarding() {
        return new TableDigest(OutputStream.nullOutputStream());
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
        sha256.update((byte) b);
        if (b == '\n') {
            rows++;
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        sha256.update(b, off, len);
        for (int i = off; i < off + len; i++) {
            if (b[i] == '\n') {
                rows++;
            }
        }
    }

    /** Leaves the stream underneath open: the archive goes on with the next table. */
    @Override
    public void close() throws IOException {
        flush();
    }

    long rows() {
        return rows;
    }

    String sha256() {
        return HexFormat.of().formatHex(sha256.digest());
    }
}
