package ai.humane.backup.boundary;

import ai.humane.backup.control.BackupRuns;
import ai.humane.backup.control.BackupSettings;
import ai.humane.backup.control.BackupTime;
import ai.humane.backup.control.Backups;
import ai.humane.mail.control.MailKind;
import ai.humane.mail.control.OperatorMail;
import ai.humane.mail.control.Outbox;
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
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The nightly backup (O3), when BACKUP_TARGET is set. Every instance looks each minute whether the UTC day's backup
 * is due (BACKUP_AT, 02:15 UTC by default, or later that day when no instance was running then); the first to
 * claim the day's run in {@code backup_runs} takes the backup and the others find it claimed, so a cluster takes
 * one a day. Production refuses to start with a target but no BACKUP_PUBLIC_KEY: it never writes a backup in
 * clear. The snapshot is read as the backup role (BACKUP_DB_USER), never the runtime role, which cannot see
 * across tenants. The outcome is mailed to OPERATOR_EMAILS with the file's SHA-256, in the transaction that records
 * it: a record off this host of what was written, which {@code humane restore --expect-sha256} checks a file against.
 */
@Singleton
@Startup
@DependsOn("StartupChecks")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionManagement(TransactionManagementType.BEAN)
public class NightlyBackup {

    private static final Logger LOG = Logger.getLogger(NightlyBackup.class.getName());
    /** Longer than any backup of ours has taken (bench/backup/REPORT.md), and within the status page's 26 hours. */
    static final int ABANDONED_AFTER_HOURS = 12;

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

    @Inject
    OperatorMail operators;

    @Inject
    Outbox outbox;

    private final BackupRuns runs = new BackupRuns();
    private final AtomicBoolean running = new AtomicBoolean();
    private BackupSettings settings;
    private Backups backups;
    private LocalTime at;
    /** The last UTC day this instance found claimed, by itself or another: nothing more to look at until the next. */
    private volatile LocalDate settled;

    @PostConstruct
    void configure() {
        settings = BackupSettings.from(name -> config.getOptionalValue(name, String.class));
        if (!settings.configured()) {
            LOG.info("BACKUP_TARGET is not set: no nightly backups from this instance");
            return;
        }
        try {
            at = BackupTime.from(config.getOptionalValue("BACKUP_AT", String.class));
            backups = settings.backups(environment.production(), Clock.systemUTC());
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("Refusing to start: " + e.getMessage(), e);
        }
        LOG.info("Nightly backups at " + BackupTime.format(at) + " UTC to " + backups.target().describe()
                + (settings.publicKey().isPresent() ? ", encrypted" : ", NOT encrypted (development)")
                + (operators.addresses().isEmpty() ? "; OPERATOR_EMAILS is not set: their SHA-256 is only logged" : ""));
    }

    @Schedule(minute = "*", hour = "*", timezone = "UTC", persistent = false, info = "nightly backup")
    public void tick() {
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
        LocalDate day = now.toLocalDate();
        if (backups == null) {
            return;
        }
        if (now.getMinute() == 45) {
            tellAbandoned();
        }
        // A backup longer than a minute is left to finish; the next tick after it finds the day claimed.
        if (now.toLocalTime().isBefore(at) || day.equals(settled) || !running.compareAndSet(false, true)) {
            return;
        }
        try {
            run(day);
        } finally {
            running.set(false);
        }
    }

    /**
     * Takes the backup of {@code day} unless another instance claimed it. When the claim cannot be made (the database
     * unreachable), the next minute tries again.
     */
    private void run(LocalDate day) {
        Optional<UUID> claimed;
        try (Connection db = dataSource.getConnection()) {
            db.setAutoCommit(true);
            claimed = runs.claimNightly(db, day);
        } catch (SQLException e) {
            LOG.log(Level.SEVERE, "The nightly backup of " + day + " could not be claimed; trying again in a minute", e);
            return;
        }
        settled = day;
        claimed.ifPresent(id -> take(day, id));
    }

    private void take(LocalDate day, UUID id) {
        try (Connection reader = backupRole().getConnection()) {
            Backups.Result result = backups.run(reader);
            LOG.info(() -> "Backup " + result.name() + ": " + result.manifest().rows() + " rows, " + result.bytes()
                    + " bytes, SHA-256 " + result.sha256() + " (keep it outside this host: humane restore"
                    + " --expect-sha256); pruned " + result.pruned());
            record(db -> {
                runs.succeeded(db, id, result);
                operators.tell(db, MailKind.BACKUP_REPORT, "Backup of " + day + " taken: SHA-256 "
                        + result.sha256().substring(0, 16) + "…", taken(day, result));
            });
        } catch (SQLException | IOException | RuntimeException e) {
            LOG.log(Level.SEVERE, "The nightly backup failed", e);
            String error = e.getClass().getSimpleName() + ": " + e.getMessage();
            record(db -> {
                runs.failed(db, id, error);
                tellFailed(db, day, error);
            });
        }
    }

    /**
     * Hourly: a nightly run still running {@value #ABANDONED_AFTER_HOURS} hours after it began lost its instance (a
     * deploy, a crash); it is marked failed and the operators are told, by one instance of the cluster.
     */
    void tellAbandoned() {
        record(db -> {
            for (LocalDate day : runs.abandon(db, ABANDONED_AFTER_HOURS)) {
                LOG.severe(() -> "The nightly backup of " + day + " never finished: its instance stopped");
                tellFailed(db, day, BackupRuns.abandoned(ABANDONED_AFTER_HOURS));
            }
        });
    }

    private String taken(LocalDate day, Backups.Result result) {
        return "The backup of " + day + " (UTC) was written.\n\n"
                + "File:      " + result.name() + "\n"
                + "Where:     " + backups.target().describe() + "\n"
                + "Rows:      " + result.manifest().rows() + "\n"
                + "Bytes:     " + result.bytes() + "\n"
                + "Encrypted: " + (result.encrypted() ? "yes" : "NO (development)") + "\n"
                + "SHA-256:   " + result.sha256() + "\n\n"
                + "Keep this mail. Restore this file only with its SHA-256:\n"
                + "  humane restore " + result.name() + " --expect-sha256 " + result.sha256() + "\n"
                + "A file of that name with another SHA-256 is refused before anything is decrypted: it is not the file"
                + " written now.\n";
    }

    private void tellFailed(Connection db, LocalDate day, String error) throws SQLException {
        operators.tell(db, MailKind.BACKUP_REPORT, "Backup of " + day + " FAILED", failed(day, error));
    }

    private static String failed(LocalDate day, String error) {
        return "The backup of " + day + " (UTC) failed, and no instance tries it again today.\n\n"
                + "Error: " + error + "\n\n"
                + "Take one by hand once the cause is mended (./humane backup, docs/runbook.md, \"Backups and how to"
                + " restore\"); /status shows the age of the last good backup.\n";
    }

    private PGSimpleDataSource backupRole() {
        PGSimpleDataSource role = new PGSimpleDataSource();
        role.setUrl(url);
        role.setUser(settings.user().orElseThrow());
        role.setPassword(settings.password().orElse(""));
        role.setApplicationName("humane-backup");
        return role;
    }

    /** Records the outcome and queues its mails in one transaction, then tells the mail dispatcher. */
    private void record(SqlStep step) {
        try (Connection db = dataSource.getConnection()) {
            db.setAutoCommit(false);
            try {
                step.run(db);
                db.commit();
            } catch (SQLException | RuntimeException e) {
                db.rollback();
                throw e;
            } finally {
                db.setAutoCommit(true);
            }
        } catch (SQLException | RuntimeException e) {
            LOG.log(Level.SEVERE, "The backup's outcome could not be recorded or mailed", e);
            return;
        }
        outbox.committed();
    }

    @FunctionalInterface
    private interface SqlStep {
        void run(Connection db) throws SQLException;
    }
}
