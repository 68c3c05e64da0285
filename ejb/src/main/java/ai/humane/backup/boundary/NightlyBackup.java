package ai.humane.backup.boundary;

import ai.humane.backup.control.BackupRuns;
import ai.humane.backup.control.BackupSettings;
import ai.humane.backup.control.Backups;
import ai.humane.status.control.AppEnvironment;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.inject.Inject;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The nightly backup (O3), when BACKUP_TARGET is set. Every instance's timer fires at 02:15 UTC; the first to
 * claim the day's run in {@code backup_runs} takes the backup and the others find it claimed, so a cluster takes
 * one a night. Production refuses to start with a target but no BACKUP_PUBLIC_KEY: it never writes a backup in
 * clear. The snapshot is read as the backup role (BACKUP_DB_USER), never the runtime role, which cannot see
 * across tenants.
 */
@Singleton
@Startup
@DependsOn("StartupChecks")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionManagement(TransactionManagementType.BEAN)
public class NightlyBackup {

    private static final Logger LOG = Logger.getLogger(NightlyBackup.class.getName());

    @Resource(lookup = "java:app/jdbc/humane")
    DataSource dataSource;

    @Inject
    AppEnvironment environment;

    @Inject
    @ConfigProperty(name = "db.url")
    String url;

    /** Read by the settings' environment names (BACKUP_TARGET, BACKUP_S3_…), as the launcher reads them. */
    @Inject
    Config config;

    private final BackupRuns runs = new BackupRuns();
    private BackupSettings settings;
    private Backups backups;

    @PostConstruct
    void configure() {
        settings = BackupSettings.from(name -> config.getOptionalValue(name, String.class));
        if (!settings.configured()) {
            LOG.info("BACKUP_TARGET is not set: no nightly backups from this instance");
            return;
        }
        try {
            backups = settings.backups(environment.production(), Clock.systemUTC());
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("Refusing to start: " + e.getMessage(), e);
        }
        LOG.info("Nightly backups at 02:15 UTC to " + backups.target().describe()
                + (settings.publicKey().isPresent() ? ", encrypted" : ", NOT encrypted (development)"));
    }

    @Schedule(hour = "2", minute = "15", timezone = "UTC", persistent = false, info = "nightly backup")
    public void nightly() {
        if (backups != null) {
            run(LocalDate.now(ZoneOffset.UTC));
        }
    }

    /** Takes the backup of {@code day} unless another instance claimed it; answers whether this one ran it. */
    public boolean run(LocalDate day) {
        Optional<UUID> claimed;
        try (Connection db = dataSource.getConnection()) {
            db.setAutoCommit(true);
            claimed = runs.claimNightly(db, day);
        } catch (SQLException e) {
            LOG.log(Level.SEVERE, "The nightly backup could not be claimed; it is missed tonight", e);
            return false;
        }
        claimed.ifPresent(this::take);
        return claimed.isPresent();
    }

    private void take(UUID id) {
        try (Connection reader = backupRole().getConnection()) {
            Backups.Result result = backups.run(reader);
            record(db -> runs.succeeded(db, id, result));
            LOG.info(() -> "Backup " + result.name() + ": " + result.manifest().rows() + " rows, " + result.bytes()
                    + " bytes, SHA-256 " + result.sha256() + " (keep it outside this host: humane restore"
                    + " --expect-sha256); pruned " + result.pruned());
        } catch (SQLException | IOException | RuntimeException e) {
            LOG.log(Level.SEVERE, "The nightly backup failed", e);
            record(db -> runs.failed(db, id, e.getClass().getSimpleName() + ": " + e.getMessage()));
        }
    }

    private PGSimpleDataSource backupRole() {
        PGSimpleDataSource role = new PGSimpleDataSource();
        role.setUrl(url);
        role.setUser(settings.user().orElseThrow());
        role.setPassword(settings.password().orElse(""));
        role.setApplicationName("humane-backup");
        return role;
    }

    private void record(SqlStep step) {
        try (Connection db = dataSource.getConnection()) {
            db.setAutoCommit(true);
            step.run(db);
        } catch (SQLException e) {
            LOG.log(Level.SEVERE, "The backup's outcome could not be recorded", e);
        }
    }

    @FunctionalInterface
    private interface SqlStep {
        void run(Connection db) throws SQLException;
    }
}
