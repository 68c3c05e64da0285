package ai.humane.launcher;

import java.util.Arrays;
import java.util.List;

/**
 * The command line of the platform: {@code run} starts everything locally, {@code database} only
 * the embedded PostgreSQL (for a Payara Server or an IDE to use), {@code migrate} applies
 * the schema migrations as the owner role (the only way production migrates), and
 * {@code create-tenant} bootstraps a tenant with its owner and first API key, and {@code generate-keys}
 * prints a fresh set of production keys for the operator's secret store; {@code backup} and {@code restore}
 * take and load encrypted backups (O3), and {@code incident} tells the public about one on /status (O2).
 */
public final class Humane {

    private static final String USAGE = """
            usage: humane run
                   humane database [--env-file FILE]
                   humane migrate
                   humane create-tenant --organization NAME --email EMAIL [--name OWNER_NAME] [--json]
                   humane generate-keys
                   humane backup
                   humane restore FILE [--key SECRET_KEY_FILE] [--expect-sha256 HEX] [--database NAME] [--backup-time-zone ZONE]
                   """ + IncidentCommands.USAGE + """


            Database: DB_URL, DB_USER, DB_PASSWORD (runtime role) and DB_MIGRATION_USER,
            DB_MIGRATION_PASSWORD (owner role) when set; otherwise the embedded PostgreSQL 16 whose
            data lives in $HUMANE_HOME (default ./.humane) on port $HUMANE_DB_PORT (default 54320).""";

    private Humane() {
    }

    public static void main(String[] args) throws Exception {
        try {
            System.exit(run(args));
        } catch (IllegalArgumentException | IllegalStateException | java.io.IOException | java.sql.SQLException e) {
            // An operator's mistake or a refusal: the reason, not a stack trace.
            Throwable cause = e;
            while (cause.getCause() != null && cause.getCause().getMessage() != null) {
                cause = cause.getCause();
            }
            System.err.println("humane " + (args.length == 0 ? "run" : args[0]) + ": " + cause.getMessage());
            System.exit(1);
        }
    }

    private static int run(String[] args) throws Exception {
        String command = args.length == 0 ? "run" : args[0];
        List<String> rest = Arrays.asList(args).subList(Math.min(1, args.length), args.length);
        Workspace workspace = Workspace.fromEnvironment(System.getenv());
        int status = switch (command) {
            case "run" -> new LocalPlatform(workspace).run();
            case "database" -> new LocalPlatform(workspace).databaseOnly(Options.parse(rest));
            case "migrate" -> new OperatorCommands(workspace).migrate();
            case "create-tenant" -> new OperatorCommands(workspace).createTenant(Options.parse(rest));
            case "generate-keys" -> ProductionKeys.print(System.out);
            case "backup" -> new BackupCommands(workspace).backup();
            case "restore" -> rest.isEmpty() ? usage() : new BackupCommands(workspace).restore(rest.get(0),
                    Options.parse(rest.subList(1, rest.size())));
            case "incident" -> new IncidentCommands(workspace).run(rest);
            default -> usage();
        };
        return status;
    }

    private static int usage() {
        System.err.println(USAGE);
        return 2;
    }
}
