package ai.humane.backup.control;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.postgresql.copy.CopyManager;
import org.postgresql.core.BaseConnection;

/**
 * A consistent logical snapshot of the database (O3), written as a zip archive: every table's rows in
 * PostgreSQL's COPY text format ({@code data/<table>.copy}, ordered by primary key, parents first), then the
 * manifest. One REPEATABLE READ, READ ONLY transaction, so every table is read as of the same instant while
 * the application goes on writing. The rows are copied as stored, the audit log's hash chain included, in text
 * that the session's settings do not change ({@link CopyText}: UTC, ISO dates, keys in byte order).
 * <p>
 * Why not pg_dump: the application host has no pg_dump of the server's major version (Debian 12 ships 15,
 * which refuses a 16 server, and the embedded PostgreSQL has none), while this runs wherever the JVM does,
 * streams into the encryption before a byte is written anywhere, and its restore rebuilds the schema from the
 * migrations the application owns (docs/runbook.md).
 */
public final class Snapshot {

    static final String MANIFEST = "manifest.txt";
    static final String DATA = "data/";

    private final CopyText text;

    public Snapshot() {
        this(CopyText.PINNED);
    }

    /** Reads with other settings: the tests take backups as format 1 read them. */
    Snapshot(CopyText text) {
        this.text = text;
    }

    /**
     * Writes the archive to {@code out} (not closed) as the role of {@code db}, which must see every row:
     * a superuser or a role with BYPASSRLS, else row-level security would hide rows without an error.
     */
    public Manifest write(Connection db, OutputStream out) throws SQLException, IOException {
        refuseFilteredRole(db);
        db.setAutoCommit(false);
        db.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        db.setReadOnly(true);
        try {
            text.pin(db);
            String schema = schemaVersion(db);
            Instant created = Instant.now();
            Map<String, Manifest.Sum> sums = new LinkedHashMap<>();
            CopyManager copy = db.unwrap(BaseConnection.class).getCopyAPI();
            ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8);
            for (Tables.Table table : Tables.inLoadOrder(db)) {
                zip.putNextEntry(new ZipEntry(DATA + table.name() + ".copy"));
                try (TableDigest digest = new TableDigest(zip)) {
                    copy.copyOut(table.copyOut(text), digest);
                    sums.put(table.name(), new Manifest.Sum(table.columns(), digest.rows(), digest.sha256()));
                }
                zip.closeEntry();
            }
            Manifest manifest = new Manifest(schema, created, text.recorded(), sums, sequences(db));
            zip.putNextEntry(new ZipEntry(MANIFEST));
            zip.write(manifest.text().getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            zip.finish();
            return manifest;
        } finally {
            db.rollback();
        }
    }

    static String schemaVersion(Connection db) throws SQLException {
        try (Statement s = db.createStatement(); ResultSet row = s.executeQuery("SELECT version FROM flyway_schema_history"
                + " WHERE success AND version IS NOT NULL ORDER BY installed_rank DESC LIMIT 1")) {
            if (!row.next()) {
                throw new IllegalStateException("the database has no schema to back up (no Flyway history)");
            }
            return row.getString(1);
        }
    }

    static Map<String, String> sequences(Connection db) throws SQLException {
        Map<String, String> values = new LinkedHashMap<>();
        List<String> names = Tables.sequences(db);
        for (String name : names) {
            try (Statement s = db.createStatement();
                 ResultSet row = s.executeQuery("SELECT last_value, is_called FROM " + Tables.quote(name))) {
                row.next();
                values.put(name, row.getLong(1) + " " + row.getBoolean(2));
            }
        }
        return values;
    }

    /**
     * The backup role sees every row and may change none (O3): under row-level security a backup would silently miss
     * every tenant's rows; a superuser, the tables' owner or a role granted any write could change what it reads, and
     * every instance holds its password. Until 2026-12-06 any superuser was accepted; until 2026-12-07 a grant on
     * some columns only, or a schema other than {@code public}, went unseen (a read-only review).
     */
    private static void refuseFilteredRole(Connection db) throws SQLException {
        try (Statement s = db.createStatement(); ResultSet role = s.executeQuery(
                "SELECT rolbypassrls, rolsuper FROM pg_roles WHERE rolname = current_user")) {
            if (!role.next() || !(role.getBoolean(1) || role.getBoolean(2))) {
                throw new IllegalStateException("the backup role must bypass row-level security (BYPASSRLS, with"
                        + " pg_read_all_data): under it a backup would silently miss every tenant's rows");
            }
            if (role.getBoolean(2)) {
                throw new IllegalStateException("the backup role must only read: a superuser may change what it backs up");
            }
        }
        try (Statement s = db.createStatement(); ResultSet writable = s.executeQuery("""
                SELECT c.relname FROM pg_class c
                 WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p')
                   AND (has_table_privilege(current_user, c.oid, 'INSERT, UPDATE, DELETE, TRUNCATE')
                        OR has_any_column_privilege(current_user, c.oid, 'INSERT, UPDATE'))
                 ORDER BY c.relname LIMIT 1""")) {
            if (writable.next()) {
                throw new IllegalStateException("the backup role must only read, and may write to table "
                        + writable.getString(1));
            }
        }
    }
}
