import ai.humane.backup.control.BackupKey;
import ai.humane.backup.control.BackupSecretKey;
import ai.humane.backup.control.Backups;
import ai.humane.backup.control.DirectoryTarget;
import ai.humane.backup.control.Manifest;
import ai.humane.backup.control.Restore;
import ai.humane.local.DatabaseSettings;
import ai.humane.local.EmbeddedDatabase;
import ai.humane.status.control.SchemaMigrations;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.ZipFile;

/**
 * O3 benchmark: backup and restore times (the RTO's database part) and sizes for a realistic data set, on an
 * embedded PostgreSQL 16 of its own in a temporary folder. Usage:
 *   java -cp "launcher/target/humane-launcher.jar:launcher/target/lib/*" bench/backup/BackupRestore.java \
 *       WORK_DIR PUBLIC_KEY SECRET_KEY PASSPHRASE TENANTS
 */
public class BackupRestore {

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]);
        int tenants = Integer.parseInt(args[4]);
        try (EmbeddedDatabase server = EmbeddedDatabase.start(work.resolve("postgres"), 0)) {
            DatabaseSettings source = migrated(server.database("bench_source"));
            long start = System.nanoTime();
            populate(server, tenants);
            System.out.printf("populated %d tenants in %.1f s; database %s%n", tenants, seconds(start),
                    size(server, "bench_source"));

            Path target = work.resolve("backups");
            start = System.nanoTime();
            Backups.Result backup;
            try (Connection reader = DriverManager.getConnection(source.url(), EmbeddedDatabase.BACKUP_ROLE,
                    server.backupPassword())) {
                backup = Backups.configure(true, new DirectoryTarget(target), Optional.of(BackupKey.from(args[1])),
                        Clock.systemUTC()).run(reader);
            }
            double backupSeconds = seconds(start);
            Manifest manifest = backup.manifest();
            System.out.printf("backup: %d rows of %d tables, %.1f MB encrypted, %.1f s%n", manifest.rows(),
                    manifest.tables().size(), backup.bytes() / 1e6, backupSeconds);

            start = System.nanoTime();
            Path clear = work.resolve("clear.zip");
            new BackupSecretKey(Path.of(args[2]), args[3].toCharArray()).decrypt(target.resolve(backup.name()), clear);
            double decryptSeconds = seconds(start);

            DatabaseSettings empty = server.database("bench_restored");
            start = System.nanoTime();
            try (Connection owner = DriverManager.getConnection(empty.url(), empty.ownerUser(), empty.ownerPassword());
                 ZipFile archive = new ZipFile(clear.toFile())) {
                new Restore().into(owner, archive, version -> SchemaMigrations.migrateTo(empty.url(), empty.ownerUser(),
                        empty.ownerPassword(), empty.appUser(), version));
            }
            double restoreSeconds = seconds(start);
            System.out.printf("decrypt: %.1f s (%.1f MB zip); restore (migrate, load, verify every table, commit): %.1f s;"
                    + " restored database %s%n", decryptSeconds, Files.size(clear) / 1e6, restoreSeconds,
                    size(server, "bench_restored"));
            System.out.printf("RTO of the database (decrypt + restore): %.1f s%n", decryptSeconds + restoreSeconds);
        }
    }

    private static DatabaseSettings migrated(DatabaseSettings db) {
        SchemaMigrations.on(db.url(), db.ownerUser(), db.ownerPassword(), db.appUser()).migrate();
        return db;
    }

    /** Per tenant: 10 people, an engine, 100 end users with 20 messages each (~300 characters), 500 audit events. */
    private static void populate(EmbeddedDatabase server, int tenants) throws Exception {
        try (Connection c = server.superuser("bench_source"); Statement s = c.createStatement()) {
            s.execute("CREATE TEMP TABLE t AS SELECT gen_random_uuid() AS id, n FROM generate_series(1, " + tenants + ") n");
            s.execute("INSERT INTO tenants (id, name, plan) SELECT id, 'Tenant ' || n, 'pro' FROM t");
            // A person (address, password, verification: V26, V27) and their membership in the tenant.
            s.execute("CREATE TEMP TABLE p AS SELECT gen_random_uuid() AS id, t.id AS tenant_id, u,"
                    + " 'user' || u || '-' || t.n || '@example.test' AS email FROM t, generate_series(1, 10) u");
            s.execute("INSERT INTO people (id, email, password_hash, email_verified_at)"
                    + " SELECT id, email, '$2a$12$' || md5(random()::text), now() FROM p");
            s.execute("INSERT INTO users (id, tenant_id, email, name, role, person_id)"
                    + " SELECT gen_random_uuid(), tenant_id, email, 'User ' || u,"
                    + " CASE WHEN u = 1 THEN 'owner' ELSE 'member' END, id FROM p");
            s.execute("INSERT INTO engines (id, tenant_id, name, kind, config) SELECT gen_random_uuid(), id, 'Lexicon',"
                    + " 'lexicon', '{\"language\": \"en\"}' FROM t");
            s.execute("INSERT INTO end_users (id, tenant_id, external_id, traits) SELECT gen_random_uuid(), t.id,"
                    + " 'customer-' || e, jsonb_build_object('plan', 'gold', 'country', 'IN', 'age', 20 + e % 50)"
                    + " FROM t, generate_series(1, 100) e");
            s.execute("INSERT INTO conversation_messages (id, tenant_id, end_user_id, engine_id, role, content)"
                    + " SELECT gen_random_uuid(), u.tenant_id, u.id, e.id, CASE WHEN m % 2 = 0 THEN 'user' ELSE 'assistant' END,"
                    + " repeat(md5(random()::text) || ' ', 9) FROM end_users u JOIN engines e ON e.tenant_id = u.tenant_id,"
                    + " generate_series(1, 20) m");
            // Audit events are chained by the database (V10) and only in the scope of their tenant: one tenant at a time.
            List<String> ids = new ArrayList<>();
            try (ResultSet r = s.executeQuery("SELECT id::text FROM t")) {
                while (r.next()) {
                    ids.add(r.getString(1));
                }
            }
            for (String id : ids) {
                s.execute("SELECT set_config('humane.tenant_id', '" + id + "', false)");
                s.execute("INSERT INTO admin_audit_events (tenant_id, actor_type, action, resource_type, resource_id, after,"
                        + " client_ip) SELECT '" + id + "', 'system', 'end_user.created', 'end_user', q::text,"
                        + " jsonb_build_object('n', q), '192.0.2.1' FROM generate_series(1, 500) q");
            }
            s.execute("SELECT set_config('humane.tenant_id', '', false)");
            s.execute("ANALYZE");
        }
    }

    private static String size(EmbeddedDatabase server, String db) throws Exception {
        try (Connection c = server.superuser(db); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT pg_size_pretty(pg_database_size(current_database()))")) {
            r.next();
            return r.getString(1);
        }
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
