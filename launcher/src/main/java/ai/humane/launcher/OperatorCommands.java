package ai.humane.launcher;

import ai.humane.accounts.control.TenantProvisioning;
import ai.humane.local.DatabaseSettings;
import ai.humane.local.EmbeddedDatabase;
import ai.humane.status.control.SchemaMigrations;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** The operator's commands: schema migrations (O1) and the first tenant (K1). */
final class OperatorCommands {

    private final Workspace workspace;

    OperatorCommands(Workspace workspace) {
        this.workspace = workspace;
    }

    int migrate() {
        return withDatabase(db -> {
            if (db.ownerUser().isBlank()) {
                System.err.println("DB_MIGRATION_USER (the owner role) is required to migrate");
                return 2;
            }
            SchemaMigrations schema = SchemaMigrations.on(db.url(), db.ownerUser(), db.ownerPassword(), db.appUser());
            int applied = schema.migrate();
            System.out.println("Applied " + applied + " migration(s). " + schema.parity().describe());
            return 0;
        });
    }

    int createTenant(Options options) {
        String organization = options.required("organization");
        String email = options.required("email");
        String name = options.optional("name", email.substring(0, Math.max(1, email.indexOf('@'))));
        return withDatabase(db -> {
            TenantProvisioning.Provisioned created;
            try (Connection connection = DriverManager.getConnection(db.url(), db.appUser(), db.appPassword())) {
                created = new TenantProvisioning().provision(connection, organization, email, name);
            } catch (SQLException e) {
                System.err.println("Could not create the tenant: " + e.getMessage());
                return 1;
            }
            if (options.flag("json")) {
                System.out.printf("{\"tenant_id\": \"%s\", \"api_key\": \"%s\"}%n", created.tenantId(), created.apiKey());
            } else {
                System.out.println("Tenant " + created.tenantId() + " created with owner " + email + ".");
                System.out.println("Owner API key (shown once, store it now): " + created.apiKey());
                System.out.println("Try: curl -H 'Authorization: Bearer " + created.apiKey()
                        + "' http://127.0.0.1:8080/api/v1/engines");
            }
            return 0;
        });
    }

    /** Runs the step on the configured database, starting the embedded one only for the step when it is down. */
    int onDatabase(DatabaseStep step) throws Exception {
        return withDatabase(db -> {
            try {
                return step.run(db);
            } catch (Exception e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        });
    }

    private int withDatabase(Step step) {
        if (!workspace.embedded()) {
            return step.run(workspace.external());
        }
        if (workspace.embeddedRunning()) {
            return step.run(EmbeddedDatabase.settingsOfRunning(workspace.home().resolve("postgres"),
                    workspace.databasePort(), Workspace.DATABASE));
        }
        try (EmbeddedDatabase database = workspace.startEmbedded()) {
            DatabaseSettings db = database.database(Workspace.DATABASE);
            SchemaMigrations.on(db.url(), db.ownerUser(), db.ownerPassword(), db.appUser()).migrate();
            return step.run(db);
        }
    }

    @FunctionalInterface
    private interface Step {
        int run(DatabaseSettings db);
    }

    /** A step that may fail with any exception; the command reports it. */
    @FunctionalInterface
    interface DatabaseStep {
        int run(DatabaseSettings db) throws Exception;
    }
}
