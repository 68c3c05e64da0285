package ai.humane.status.control;

import java.util.Arrays;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.ValidateResult;

/**
 * Flyway owns the schema (O1). Migrations run as the owner role; the name of the runtime role is
 * handed to them so they can grant it what it needs and nothing more.
 */
public final class SchemaMigrations {

    private final Flyway flyway;

    private SchemaMigrations(FluentConfiguration configuration, String appRole) {
        this.flyway = configuration
                .locations("classpath:db/migration")
                .placeholders(Map.of("app_role", quoteIdentifier(appRole)))
                .failOnMissingLocations(true)
                .load();
    }

    public static SchemaMigrations on(DataSource dataSource, String appRole) {
        return new SchemaMigrations(Flyway.configure(SchemaMigrations.class.getClassLoader()).dataSource(dataSource), appRole);
    }

    public static SchemaMigrations on(String url, String user, String password, String appRole) {
        return new SchemaMigrations(
                Flyway.configure(SchemaMigrations.class.getClassLoader()).dataSource(url, user, password), appRole);
    }

    /** Applies every pending migration; answers how many ran. */
    public int migrate() {
        return flyway.migrate().migrationsExecuted;
    }

    /** Applies migrations up to and including {@code version} (used to build an older schema in tests). */
    public static int migrateTo(String url, String user, String password, String appRole, String version) {
        return Flyway.configure(SchemaMigrations.class.getClassLoader())
                .dataSource(url, user, password)
                .locations("classpath:db/migration")
                .placeholders(Map.of("app_role", quoteIdentifier(appRole)))
                .target(version)
                .load().migrate().migrationsExecuted;
    }

    /** Every version this release ships, oldest first. */
    public java.util.List<String> versions() {
        return Arrays.stream(flyway.info().all())
                .map(MigrationInfo::getVersion)
                .filter(v -> v != null)
                .sorted()
                .map(Object::toString)
                .distinct()
                .toList();
    }

    /** The version the database is at, beside the newest this release ships. */
    public SchemaParity parity() {
        MigrationInfoService info = flyway.info();
        MigrationInfo current = info.current();
        String newest = Arrays.stream(info.all())
                .map(MigrationInfo::getVersion)
                .filter(v -> v != null)
                .max(Comparable::compareTo)
                .map(Object::toString)
                .orElse("none");
        return new SchemaParity(current == null ? "none" : current.getVersion().toString(), newest,
                info.pending().length);
    }

    /**
     * What in the database's migration history this release does not recognise (O1), one line each: an applied
     * migration whose checksum differs from this release's file, one applied that this release does not ship, one
     * that failed, or one of this release left out in the middle. Pending migrations at the end are {@link #parity()}'s
     * to name, and migrations newer than this release's (the next release migrated first, docs/runbook.md) are
     * accepted. Until 2026-12-07 a production boot compared versions only, so a changed, missing or failed migration
     * below the newest booted and served (found by a read-only review).
     */
    public java.util.List<String> mismatches() {
        ValidateResult result = Flyway.configure(SchemaMigrations.class.getClassLoader())
                .configuration(flyway.getConfiguration())
                .ignoreMigrationPatterns("*:pending", "*:future")
                .load().validateWithResult();
        if (result.validationSuccessful) {
            return java.util.List.of();
        }
        java.util.List<String> lines = result.invalidMigrations.stream()
                .map(m -> "migration " + (m.version == null || m.version.isBlank() ? m.description : m.version) + ": "
                        + (m.errorDetails == null ? "invalid" : m.errorDetails.errorMessage))
                .toList();
        if (!lines.isEmpty()) {
            return lines;
        }
        // Failed without naming a migration: refuse all the same (fail closed), with what Flyway said.
        return java.util.List.of(result.errorDetails != null ? result.errorDetails.errorMessage
                : "Flyway's validation failed without saying why");
    }

    /**
     * Whether a release whose newest migration is {@code newest} serves a database at {@code current}: at that
     * version, or ahead of it because the next release migrated first (docs/runbook.md: a migration keeps the
     * release before it working, so the replicas are replaced after it). Behind, this release's code would meet
     * tables it does not know.
     */
    public static boolean serves(String current, String newest) {
        return newest != null && Versions.compare(current, newest) >= 0;
    }

    /** The version the database was last migrated to, read cheaply from the schema history. */
    public static String currentVersion(java.sql.Connection connection) throws java.sql.SQLException {
        try (var query = connection.prepareStatement("SELECT version FROM flyway_schema_history"
                + " WHERE success AND version IS NOT NULL ORDER BY installed_rank DESC LIMIT 1");
             var row = query.executeQuery()) {
            return row.next() ? row.getString(1) : "none";
        }
    }

    static String quoteIdentifier(String role) {
        if (role == null || role.isBlank()) {
            throw new IllegalArgumentException("The runtime database role (DB_USER) is not set");
        }
        return '"' + role.replace("\"", "\"\"") + '"';
    }
}
