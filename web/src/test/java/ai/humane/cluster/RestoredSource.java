package ai.humane.cluster;

import ai.humane.accounts.control.TenantProvisioning;

import ai.humane.audit.control.AuditActor;
import ai.humane.audit.control.AuditChain;
import ai.humane.audit.control.AuditEntry;
import ai.humane.backup.control.Backups;
import ai.humane.backup.control.DirectoryTarget;
import ai.humane.backup.control.Manifest;
import ai.humane.backup.control.Restore;
import ai.humane.local.DatabaseSettings;
import ai.humane.local.EmbeddedDatabase;
import ai.humane.status.control.SchemaMigrations;
import ai.humane.testing.MicroInstances;
import ai.humane.testing.TestPlatform;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import java.util.zip.ZipFile;

/**
 * The cluster's database is a restore (O3): a source database is migrated and populated with a tenant whose
 * actions fill its audit chain, backed up as the backup role, and restored into the cluster's empty database as
 * the owner role, before any instance boots on it. The cluster tests then prove the application boots on the
 * restored database, the tenant's key works and its audit chain verifies.
 */
record RestoredSource(DatabaseSettings source, TenantProvisioning.Provisioned tenant, Manifest manifest) {

    static final int EVENTS = 25;

    static RestoredSource into(DatabaseSettings target) throws Exception {
        DatabaseSettings source = MicroInstances.database("backup_source");
        SchemaMigrations.on(source.url(), source.ownerUser(), source.ownerPassword(), source.appUser()).migrate();
        TenantProvisioning.Provisioned tenant;
        try (Connection app = DriverManager.getConnection(source.url(), source.appUser(), source.appPassword())) {
            tenant = new TenantProvisioning().provision(app, "Restored", "owner-" + UUID.randomUUID() + "@example.test",
                    "Restored Owner");
            app.setAutoCommit(false);
            for (int i = 0; i < EVENTS; i++) {
                try (PreparedStatement scope = app.prepareStatement("SELECT set_config('humane.tenant_id', ?, true)")) {
                    scope.setString(1, tenant.tenantId().toString());
                    scope.executeQuery().close();
                }
                new AuditChain().append(app, new AuditEntry(AuditActor.system(), "backup.restored", "tenant",
                        tenant.tenantId().toString(), null, "{\"step\": " + i + "}", "192.0.2.44"));
                app.commit();
            }
        }
        Path folder = Files.createDirectories(Path.of("target", "cluster-backup-" + UUID.randomUUID()));
        Backups.Result backup;
        try (Connection reader = DriverManager.getConnection(source.url(), EmbeddedDatabase.BACKUP_ROLE,
                TestPlatform.server().backupPassword())) {
            backup = Backups.configure(false, new DirectoryTarget(folder), Optional.empty(), Clock.systemUTC()).run(reader);
        }
        try (Connection owner = DriverManager.getConnection(target.url(), target.ownerUser(), target.ownerPassword());
             ZipFile archive = new ZipFile(folder.resolve(backup.name()).toFile())) {
            Manifest restored = new Restore().into(owner, archive, version -> SchemaMigrations.migrateTo(target.url(),
                    target.ownerUser(), target.ownerPassword(), target.appUser(), version));
            return new RestoredSource(source, tenant, restored);
        }
    }

    /** Rows and MD5 of the tenant's audit events, as the superuser sees them in {@code db}. */
    String auditOf(DatabaseSettings db) throws SQLException {
        try (Connection c = TestPlatform.superuser(db);
             PreparedStatement sum = c.prepareStatement("SELECT count(*) || ' ' || md5(string_agg(e::text, E'\\n'"
                     + " ORDER BY e.seq)) FROM admin_audit_events e WHERE tenant_id = ?")) {
            sum.setObject(1, tenant.tenantId());
            try (ResultSet row = sum.executeQuery()) {
                row.next();
                return row.getString(1);
            }
        }
    }
}
