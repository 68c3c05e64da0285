package ai.humane.launcher;

import java.util.Arrays;
import java.util.List;

/**
 * The command line of the platform: {@code run} starts everything locally, {@code database} only
 * the embedded PostgreSQL (for a Payara Server or an IDE to use), {@code migrate} applies
 * the schema migrations as the owner role (the only way production migrates), and
 * {@code create-tenant} bootstraps a tenant with its owner and first API key, and {@code generate-keys}
 * prints a fresh set of production keys for the operator's secret store.
 */
public final class Humane {

    private static final String USAGE = """
            usage: humane run
                   humane database [--env-file FILE]
                   humane migrate
                   humane create-tenant --organization NAME --email EMAIL [--name OWNER_NAME] [--json]
                   humane generate-keys


            Database: DB_URL, DB_USER, DB_PASSWORD (runtime role) and DB_MIGRATION_USER,
            DB_MIGRATION_PASSWORD (owner role) when set; otherwise the embedded PostgreSQL 16 whose
            data lives in $HUMANE_HOME (default ./.humane) on port $HUMANE_DB_PORT (default 54320).""";

    private Humane() {
    }

    public static void main(String[] args) throws Exception {
        String command = args.length == 0 ? "run" : args[0];
        List<String> rest = Arrays.asList(args).subList(Math.min(1, args.length), args.length);
        Workspace workspace = Workspace.fromEnvironment(System.getenv());
        int status = switch (command) {
            case "run" -> new LocalPlatform(workspace).run();
            case "database" -> new LocalPlatform(workspace).databaseOnly(Options.parse(rest));
            case "migrate" -> new OperatorCommands(workspace).migrate();
            case "create-tenant" -> new OperatorCommands(workspace).createTenant(Options.parse(rest));
            case "generate-keys" -> ProductionKeys.print(System.out);
            default -> {
                System.err.println(USAGE);
                yield 2;
            }
        };
        System.exit(status);
    }
}
