package ai.humane.launcher;

import ai.humane.local.CompilerPriority;
import ai.humane.local.DatabaseSettings;
import ai.humane.local.EmbeddedDatabase;
import ai.humane.local.PayaraMicro;
import ai.humane.local.PreparedRuntime;
import ai.humane.local.OwnerOnly;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The one-command local run: PostgreSQL 16 (embedded, data kept in the home folder, unless DB_URL
 * names another) and Payara Micro with the WAR on port 8080. Ctrl-C or SIGTERM stops both.
 */
final class LocalPlatform {

    private final Workspace workspace;

    LocalPlatform(Workspace workspace) {
        this.workspace = workspace;
    }

    int run() throws InterruptedException {
        // Refused before anything starts: a grid off loopback (LocalCluster).
        List<String> grid = LocalCluster.options(workspace.environment());
        EmbeddedDatabase embedded = workspace.embedded() ? workspace.startEmbedded() : null;
        DatabaseSettings db = embedded == null ? workspace.external() : embedded.database(Workspace.DATABASE);
        Map<String, String> environment = new HashMap<>(db.environment());
        environment.putIfAbsent("APP_ENV", workspace.environment().getOrDefault("APP_ENV", "development"));
        environment.putAll(new DevelopmentSecrets(workspace.home()).missingFrom(workspace.environment()));
        LocalMailbox mailbox = mailboxFor(environment);
        int port = Integer.parseInt(workspace.environment().getOrDefault("HUMANE_PORT", "8080"));
        PayaraMicro micro = startServer(port, environment, grid);
        Thread stopper = new Thread(() -> stop(micro, embedded, mailbox), "humane-shutdown");
        Runtime.getRuntime().addShutdownHook(stopper);
        CompilerPriority compiler = "off".equals(workspace.environment().get("HUMANE_COMPILER_PRIORITY"))
                ? null : CompilerPriority.lowerWhileBooting(micro.pid());

        boolean ready = micro.awaitReady();
        if (compiler != null && !compiler.restore()) {
            System.err.println("Could not give the server's compiler threads their priority back; "
                    + "it warms up slowly under load (HUMANE_COMPILER_PRIORITY=off avoids this).");
        }
        if (ready) {
            System.out.println(banner(port, db, mailbox));
        } else if (micro.alive()) {
            System.err.println("Payara Micro runs but /health/ready did not turn UP; see the log above.");
        }
        int status = micro.waitFor();
        if (Runtime.getRuntime().removeShutdownHook(stopper)) {
            stop(micro, embedded, mailbox);
        }
        return status;
    }

    /**
     * Payara Micro from the runtime prepared for this platform (PreparedRuntime: a quarter of the start saved),
     * preparing it first when this build has none. A run in a cluster, or with HUMANE_PREPARED_RUNTIME=off,
     * or when the preparation fails, starts as a test does: a fresh root folder, the WAR deployed at boot.
     */
    private PayaraMicro startServer(int port, Map<String, String> environment, List<String> grid)
            throws InterruptedException {
        Path microJar = workspace.platform().resolve("payara-micro.jar");
        Path war = workspace.platform().resolve("humane.war");
        Path work = workspace.home().resolve("micro");
        if (!grid.equals(LocalCluster.ALONE) || "off".equals(workspace.environment().get("HUMANE_PREPARED_RUNTIME"))) {
            return PayaraMicro.start(microJar, war, port, environment, work, null, grid);
        }
        PreparedRuntime runtime = PreparedRuntime.of(work, microJar, war);
        if (!runtime.prepared()) {
            System.out.println("Preparing the server runtime for this build, once: a training boot, then an archive of "
                    + "the classes it loaded (about a minute; " + runtime.log() + ").");
            if (!runtime.prepare(environment)) {
                System.err.println("Could not prepare the server runtime (" + runtime.log() + "); starting without it.");
                return PayaraMicro.start(microJar, war, port, environment, work, null, grid);
            }
        }
        return PayaraMicro.start(runtime, port, environment, work, null, grid);
    }

    /**
     * A development run with no SMTP server named sends to the local mailbox, read in full on this terminal
     * (and points the application at it). Never in production, whose mail must reach people or wait.
     */
    private LocalMailbox mailboxFor(Map<String, String> environment) {
        if (!"development".equals(environment.get("APP_ENV")) || workspace.environment().containsKey("SMTP_HOST")) {
            return null;
        }
        LocalMailbox mailbox = LocalMailbox.start(workspace.home(), System.out);
        environment.putAll(mailbox.environment());
        return mailbox;
    }

    /**
     * Starts only the embedded PostgreSQL and writes the environment that points an application
     * server at it (to standard output, or as KEY=VALUE lines to {@code --env-file}); runs until stopped.
     */
    int databaseOnly(Options options) throws InterruptedException, java.io.IOException {
        EmbeddedDatabase embedded = workspace.startEmbedded();
        Runtime.getRuntime().addShutdownHook(new Thread(embedded::close, "humane-database-shutdown"));
        DatabaseSettings db = embedded.database(Workspace.DATABASE);
        StringBuilder lines = new StringBuilder();
        new java.util.TreeMap<>(db.environment()).forEach((k, v) -> lines.append(k).append('=').append(v).append('\n'));
        String file = options.optional("env-file", null);
        if (file == null) {
            System.out.print(lines);
        } else {
            OwnerOnly.write(Path.of(file), lines.toString());
            System.out.println("PostgreSQL 16 is running; its environment is in " + file);
        }
        Thread.currentThread().join();
        return 0;
    }

    private static void stop(PayaraMicro micro, EmbeddedDatabase embedded, LocalMailbox mailbox) {
        micro.stop();
        if (mailbox != null) {
            mailbox.close();
        }
        if (embedded != null) {
            embedded.close();
        }
    }

    private static String banner(int port, DatabaseSettings db, LocalMailbox mailbox) {
        String mail = mailbox == null ? "the SMTP server in SMTP_HOST"
                : "printed here in full, and kept in " + mailbox.folder();
        return """

                ================================================================
                 Humane is running.
                   Console:    http://127.0.0.1:%d/  (sign up there)
                   Mail:       %s
                   API:        http://127.0.0.1:%d/api/v1
                   Health:     http://127.0.0.1:%d/health/ready
                   OpenAPI:    http://127.0.0.1:%d/openapi
                   Database:   %s (runtime role %s)
                 Create the first tenant and its owner API key (in another terminal):
                   ./humane create-tenant --organization "Acme" --email you@example.com
                 Then call the API with it:
                   curl -H "Authorization: Bearer hk_live_..." http://127.0.0.1:%d/api/v1/engines
                 Stop with Ctrl-C.
                ================================================================
                """.formatted(port, mail, port, port, port, db.url(), db.appUser(), port);
    }
}
