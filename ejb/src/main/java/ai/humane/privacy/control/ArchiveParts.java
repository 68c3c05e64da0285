package ai.humane.privacy.control;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

/**
 * The sealed archive as rows of {@code privacy_archive_parts}: written as the archive is made, a part whenever
 * {@value #PART_BYTES} bytes of ciphertext have gathered, and read back one part at a time, so neither the
 * writer nor a download ever holds more than one part. The connection is the caller's, in the tenant's scope.
 */
public final class ArchiveParts {

    static final int PART_BYTES = 1 << 20;

    private ArchiveParts() {
    }

    /** Where the ciphertext goes; {@link Writer#written} counts it. Closing writes the last part. */
    public static Writer writer(Connection db, UUID job) {
        return new Writer(db, job);
    }

    public static InputStream reader(Connection db, UUID job) {
        return new Reader(db, job);
    }

    public static final class Writer extends OutputStream {

        private final Connection db;
        private final UUID job;
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(PART_BYTES);
        private int part;
        private long written;

        private Writer(Connection db, UUID job) {
            this.db = db;
            this.job = job;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            while (length > 0) {
                int room = Math.min(length, PART_BYTES - buffer.size());
                buffer.write(bytes, offset, room);
                offset += room;
                length -= room;
                written += room;
                if (buffer.size() == PART_BYTES) {
                    store();
                }
            }
        }

        @Override
        public void close() throws IOException {
            if (buffer.size() > 0) {
                store();
            }
        }

        public long written() {
            return written;
        }

        private void store() throws IOException {
            try (PreparedStatement insert = db.prepareStatement(
                    "INSERT INTO privacy_archive_parts (tenant_id, job_id, part, bytes) VALUES (humane_current_tenant(), ?, ?, ?)")) {
                insert.setObject(1, job);
                insert.setInt(2, part++);
                insert.setBytes(3, buffer.toByteArray());
                insert.executeUpdate();
            } catch (SQLException e) {
                throw new IOException("a part of the archive could not be stored", e);
            }
            buffer.reset();
        }
    }

    private static final class Reader extends InputStream {

        private final Connection db;
        private final UUID job;
        private byte[] current = new byte[0];
        private int position;
        private int next;
        private boolean ended;

        private Reader(Connection db, UUID job) {
            this.db = db;
            this.job = job;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] bytes, int offset, int length) throws IOException {
            while (position == current.length) {
                if (ended || !load()) {
                    ended = true;
                    return -1;
                }
            }
            int n = Math.min(length, current.length - position);
            System.arraycopy(current, position, bytes, offset, n);
            position += n;
            return n;
        }

        private boolean load() throws IOException {
            try (PreparedStatement query = db.prepareStatement(
                    "SELECT bytes FROM privacy_archive_parts WHERE job_id = ? AND part = ?")) {
                query.setObject(1, job);
                query.setInt(2, next);
                try (ResultSet row = query.executeQuery()) {
                    if (!row.next()) {
                        return false;
                    }
                    current = row.getBytes(1);
                    position = 0;
                    next++;
                    return true;
                }
            } catch (SQLException e) {
                throw new IOException("a part of the archive could not be read", e);
            }
        }
    }
}
