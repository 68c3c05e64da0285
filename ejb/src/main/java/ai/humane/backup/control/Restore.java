package ai.humane.backup.control;

import ai.humane.crypto.control.KeyRing;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.postgresql.copy.CopyManager;
import org.postgresql.core.BaseConnection;

/**
 * Restores a snapshot into an empty database (O3), as the owner role. The schema comes from the migrations,
 * up to the version the backup was taken at, so tables, functions, policies, triggers and grants are exactly
 * what that release defines; then, in one transaction, every table is emptied (migrations seed a few) and
 * loaded with the backup's rows as they were stored. User triggers are off while loading, so the audit log's
 * chain trigger does not recompute what it once computed: the rows, hashes included, stay byte for byte.
 * Row-level security is lifted for the owner only inside that transaction and forced again before it commits.
 * Before committing, every table is read back and must have the manifest's row count and SHA-256; otherwise
 * nothing of the restore remains. It reads back with the settings the backup was read with ({@link CopyText}),
 * whatever zone, collation or output settings the restoring session and cluster have.
 */
public final class Restore {

    private final ZoneId formerZone;
    private final Optional<KeyRing> ring;
    private Map<String, Long> unopened = Map.of();
    private Map<String, Long> unopenedArchives = Map.of();

    /** A restore that checks backups of format 1 as read in UTC, the production hosts' zone. */
    public Restore() {
        this(ZoneOffset.UTC, Optional.empty());
    }

    /**
     * @param formerZone the zone the JVM that took a backup of format 1 (before 2026-12-06) ran in
     * @param ring       the FERNET_KEYS the restored database will run with, to find values none of them opens
     */
    public Restore(ZoneId formerZone, Optional<KeyRing> ring) {
        this.formerZone = formerZone;
        this.ring = ring;
    }

    /** Brings an empty database to a schema version (Flyway, as the owner role). */
    @FunctionalInterface
    public interface Migrator {
        void migrateTo(String version) throws SQLException;
    }

    public Manifest into(Connection owner, ZipFile archive, Migrator migrator) throws SQLException, IOException {
        Manifest manifest = manifest(archive);
        CopyText text = copyText(manifest);
        refuseNonEmpty(owner);
        migrator.migrateTo(manifest.schema());
        owner.setAutoCommit(false);
        try {
            text.pin(owner);
            List<Tables.Table> tables = matching(Tables.inLoadOrder(owner), manifest);
            try (Statement s = owner.createStatement()) {
                for (Tables.Table table : tables) {
                    s.execute("ALTER TABLE " + Tables.quote(table.name()) + " NO FORCE ROW LEVEL SECURITY");
                    s.execute("ALTER TABLE " + Tables.quote(table.name()) + " DISABLE TRIGGER USER");
                }
                s.execute("TRUNCATE " + String.join(", ", tables.stream().map(t -> Tables.quote(t.name())).toList()));
            }
            CopyManager copy = owner.unwrap(BaseConnection.class).getCopyAPI();
            for (Tables.Table table : tables) {
                try (InputStream rows = archive.getInputStream(entry(archive, Snapshot.DATA + table.name() + ".copy"))) {
                    copy.copyIn(table.copyIn(), rows);
                }
            }
            sequences(owner, manifest.sequences());
            verify(copy, tables, manifest, text);
            if (ring.isPresent()) {
                // Before row-level security is forced again: the owner sees every tenant's rows only until then.
                unopened = SealedValues.unopened(owner, tables, ring.get());
                unopenedArchives = SealedValues.unopenedArchives(owner, tables, ring.get());
            }
            try (Statement s = owner.createStatement()) {
                for (Tables.Table table : tables) {
                    s.execute("ALTER TABLE " + Tables.quote(table.name()) + " ENABLE TRIGGER USER");
                    if (table.forced()) {
                        s.execute("ALTER TABLE " + Tables.quote(table.name()) + " FORCE ROW LEVEL SECURITY");
                    }
                }
            }
            owner.commit();
            return manifest;
        } catch (SQLException | IOException | RuntimeException e) {
            owner.rollback();
            throw e;
        }
    }

    /**
     * After {@link #into}, given a ring: {@code table.column} and how many of its values are sealed under a key
     * that ring lacks. They were restored as stored; the application cannot open them without that key.
     */
    public Map<String, Long> unopened() {
        return unopened;
    }

    /**
     * After {@link #into}, given a ring: {@code table.column} where export archives are kept, and how many of those
     * still downloadable were sealed under a key derived from one that ring lacks. The application cannot serve them
     * without that key.
     */
    public Map<String, Long> unopenedArchives() {
        return unopenedArchives;
    }

    static Manifest manifest(ZipFile archive) throws IOException {
        try (InputStream in = archive.getInputStream(entry(archive, Snapshot.MANIFEST))) {
            return Manifest.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    /** The migrated tables, with the columns in the backup's order; the two must name the same tables. */
    private static List<Tables.Table> matching(List<Tables.Table> migrated, Manifest manifest) {
        TreeSet<String> here = new TreeSet<>(migrated.stream().map(Tables.Table::name).toList());
        if (!here.equals(new TreeSet<>(manifest.tables().keySet()))) {
            throw new IllegalStateException("the backup's tables " + new TreeSet<>(manifest.tables().keySet())
                    + " differ from those of schema version " + manifest.schema() + ": " + here);
        }
        List<Tables.Table> tables = new ArrayList<>();
        for (Tables.Table table : migrated) {
            tables.add(new Tables.Table(table.name(), manifest.tables().get(table.name()).columns(), table.key(),
                    table.forced()));
        }
        return tables;
    }

    /** The settings to read back with: those the manifest records, or for format 1 how it was read. */
    private CopyText copyText(Manifest manifest) {
        if (manifest.copy().isEmpty()) {
            return CopyText.formerlyIn(formerZone);
        }
        if (!manifest.copy().get().equals(CopyText.PINNED.text())) {
            throw new IllegalStateException("the backup was read with COPY settings " + manifest.copy().get()
                    + ", which this release does not read back (" + CopyText.PINNED + "): restore it with the release"
                    + " that took it");
        }
        return CopyText.PINNED;
    }

    private void verify(CopyManager copy, List<Tables.Table> tables, Manifest manifest, CopyText text)
            throws SQLException, IOException {
        for (Tables.Table table : tables) {
            Manifest.Sum expected = manifest.tables().get(table.name());
            try (TableDigest read = TableDigest.discarding()) {
                copy.copyOut(table.copyOut(text), read);
                if (read.rows() != expected.rows() || !read.sha256().equals(expected.sha256())) {
                    throw new IllegalStateException("table " + table.name() + " restored as " + read.rows()
                            + " rows that differ from the backup's " + expected.rows() + "; nothing was restored"
                            + (manifest.copy().isPresent() ? "" : formerHint()));
                }
            }
        }
    }

    /** Format 1 recorded neither the zone it was read in nor the collation its keys were sorted by. */
    private String formerHint() {
        return " (a backup from before 2026-12-06 is checked as read in " + formerZone.getId() + " and sorted by the"
                + " database's collation: name the zone of the host that took it with --backup-time-zone, and create"
                + " the empty database with the source's collation)";
    }

    private static void sequences(Connection owner, Map<String, String> sequences) throws SQLException {
        try (Statement s = owner.createStatement()) {
            for (Map.Entry<String, String> sequence : sequences.entrySet()) {
                String[] value = sequence.getValue().split(" ");
                s.execute("SELECT setval('" + Tables.quote(sequence.getKey()).replace("'", "''") + "', "
                        + Long.parseLong(value[0]) + ", " + Boolean.parseBoolean(value[1]) + ")");
            }
        }
    }

    private static void refuseNonEmpty(Connection owner) throws SQLException {
        try (Statement s = owner.createStatement(); ResultSet row = s.executeQuery("SELECT count(*) FROM pg_class"
                + " WHERE relnamespace = current_schema()::regnamespace AND relkind IN ('r', 'p', 'v', 'S')")) {
            row.next();
            if (row.getLong(1) > 0) {
                throw new IllegalStateException("a restore needs an empty database; this one already has "
                        + row.getLong(1) + " tables, views or sequences");
            }
        }
    }

    private static ZipEntry entry(ZipFile archive, String name) throws IOException {
        ZipEntry entry = archive.getEntry(name);
        if (entry == null) {
            throw new IOException("the backup has no " + name);
        }
        return entry;
    }
}
