package ai.humane.local;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * A real PostgreSQL 16 server for the local run and the tests, with its data in a folder kept
 * between runs, listening on 127.0.0.1. It creates the owner and runtime roles once, with passwords generated into
 * the data folder (readable by its owner only); the runtime role gets neither SUPERUSER nor BYPASSRLS.
 *
 * <p>Every connection proves its role's password, the superuser's too: zonky's {@code initdb -A trust} lets anyone
 * on the machine connect as any role, so another local user could have read every tenant's rows past the walls
 * or run programs as this user ({@code COPY … TO PROGRAM}). The first start gives the superuser a generated
 * password and rewrites {@code pg_hba.conf} to {@code scram-sha-256}; later starts connect with it.
 *
 * <p>The server's programs ({@code initdb}, {@code pg_ctl}, {@code postgres}) are unpacked into the folder's
 * {@code bin}, which only its owner may enter: zonky's default is {@code $java.io.tmpdir/embedded-pg/PG-<digest>},
 * a name anyone can foretell in a folder it makes writable by everybody, reused whenever a {@code .exists} marker is
 * there, so another user of the machine could plant a {@code pg_ctl} that the next start would run as this user.
 * zonky unpacks once per JVM and reuses that copy while it exists.
 *
 * <p>Whatever listens on the port is not taken for this server: {@link #runningIn} asks the data folder's
 * {@code postmaster.pid} (its process the postmaster that wrote it, its port the one given), and every connection
 * requires SCRAM ({@code requireAuth}), which the server must answer with proof that it holds the role's verifier;
 * another user's program on the port, asking for the password in clear or for none, learns no password and gets no
 * statement.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    public static final String OWNER_ROLE = "humane_owner";
    public static final String APP_ROLE = "humane_app";
    /** Reads every row for backups (O3): BYPASSRLS and pg_read_all_data, and nothing else. */
    public static final String BACKUP_ROLE = "humane_backup";
    /** initdb's superuser, which the launcher and the tests use to set up roles and databases. */
    static final String SUPERUSER = "postgres";
    /** Who may connect: anyone from this machine who knows the role's password, nobody else. */
    static final String PASSWORDS_ONLY = """
            # Written by Humane (EmbeddedDatabase): every connection proves its role's password.
            local   all   all                  scram-sha-256
            host    all   all   127.0.0.1/32   scram-sha-256
            host    all   all   ::1/128        scram-sha-256
            """;
    /** pgjdbc's {@code requireAuth}: which ways of logging in a connection accepts from the server. */
    static final String REQUIRE_AUTH = "requireAuth";
    static final String SCRAM_ONLY = "scram-sha-256";

    /**
     * How far the start time in {@code postmaster.pid} may be from the one the system gives for its process. The
     * postmaster writes its clock's whole seconds a few milliseconds after it starts, and Java adds the start in
     * clock ticks after boot to a boot time Linux gives in whole seconds: each may be up to a second early. A PID
     * given again belongs to a program started after the server ended, later by at least the server's life. A clock
     * set by more than this while the server runs makes it look stopped; a start then fails, PostgreSQL refusing to
     * start beside the live postmaster.
     */
    static final Duration START_TOLERANCE = Duration.ofSeconds(2);
    /** How long {@link #discard} waits for a server that another thread is stopping. */
    private static final Duration STOP_WITHIN = Duration.ofSeconds(30);

    private final Path folder;
    private final EmbeddedPostgres postgres;
    private final Properties passwords;

    private EmbeddedDatabase(Path folder, EmbeddedPostgres postgres, Properties passwords) {
        this.folder = folder;
        this.postgres = postgres;
        this.passwords = passwords;
    }

    /**
     * Starts (initialising on first use) the server whose data lives under {@code folder}, on
     * {@code port}, or on a free port below the kernel's range for outgoing connections when it is 0
     * ({@link LoopbackPorts}).
     */
    public static EmbeddedDatabase start(Path folder, int port) {
        try {
            OwnerOnly.folder(folder);
            Properties passwords = passwords(folder.resolve("roles.properties"));
            Path binaries = OwnerOnly.folder(folder.resolve("bin"));
            Path hba = folder.resolve("pgdata").resolve("pg_hba.conf");
            // Only the start after initdb logs in without a password (trust), and sends none.
            boolean passwordsRequired = Files.exists(hba) && Files.readString(hba).equals(PASSWORDS_ONLY);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setOverrideWorkingDirectory(binaries.toFile())
                    .setDataDirectory(folder.resolve("pgdata"))
                    .setCleanDataDirectory(false)
                    .setServerConfig("max_connections", "200")
                    // Not "localhost": on ::1 alone it would start while another program holds 127.0.0.1.
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setConnectConfig("password", passwords.getProperty(SUPERUSER))
                    .setConnectConfig(REQUIRE_AUTH, passwordsRequired ? SCRAM_ONLY : SCRAM_ONLY + ",none");
            // Not zonky's own pick for 0 (bind 0, close), from the range the kernel gives outgoing connections:
            // initdb runs before the server binds, time enough for a connection to take the port.
            builder.setPort(port > 0 ? port : LoopbackPorts.free());
            EmbeddedPostgres postgres = builder.start();
            // zonky makes the folder it unpacks into writable by everybody; nobody else can enter its parent.
            OwnerOnly.folder(binaries);
            EmbeddedDatabase database = new EmbeddedDatabase(folder, postgres, passwords);
            try {
                // zonky takes any answer on the port for its server: another program may hold the port.
                if (!runningIn(folder, postgres.getPort())) {
                    throw new IllegalStateException("The embedded PostgreSQL of " + folder + " did not start on port "
                            + postgres.getPort() + "; is another program listening there?");
                }
            } catch (IllegalStateException e) {
                database.close();
                throw e;
            }
            database.requirePasswords(hba);
            database.ensureRoles();
            return database;
        } catch (IOException e) {
            String why = leftBehind(folder);
            throw new UncheckedIOException("Could not start the embedded PostgreSQL in " + folder + why, e);
        }
    }

    /** Creates the database when missing, owned by the owner role, and answers how to reach it. */
    public DatabaseSettings database(String name) {
        if (!name.matches("[a-z][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("Not a plain database name: " + name);
        }
        try (Connection c = postgres.getPostgresDatabase().getConnection();
             PreparedStatement exists = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, name);
            if (!exists.executeQuery().next()) {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE DATABASE " + name + " OWNER " + OWNER_ROLE);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create database " + name, e);
        }
        return settings(postgres.getPort(), name, passwords);
    }

    /**
     * How to reach a database of a server that another process started from the same folder ({@link #runningIn}):
     * its connections require SCRAM, so that a program on the port in its stead learns no password.
     */
    public static DatabaseSettings settingsOfRunning(Path folder, int port, String name) {
        try {
            Properties passwords = passwords(folder.resolve("roles.properties"));
            DatabaseSettings settings = settings(port, name, passwords);
            return new DatabaseSettings(settings.url() + "?" + REQUIRE_AUTH + "=" + SCRAM_ONLY, settings.ownerUser(),
                    settings.ownerPassword(), settings.appUser(), settings.appPassword());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * True when the server of {@code folder} runs on {@code port}, by its data folder's {@code postmaster.pid}: the
     * process it names that server ({@link #isPostmaster}), and its port line that port. A connection that succeeds
     * proves nothing, another user's program may listen there. A missing or stale file answers false, also when its
     * PID has since gone to another program; a live server on another port is refused.
     */
    public static boolean runningIn(Path folder, int port) {
        List<String> lines = pidFile(folder);
        if (named(lines).filter(process -> isPostmaster(process, started(lines))).isEmpty()) {
            return false;
        }
        if (!lines.get(3).strip().equals(Integer.toString(port))) {
            throw new IllegalStateException("The embedded PostgreSQL of " + folder + " runs on port "
                    + lines.get(3).strip() + ", not on " + port + " (HUMANE_DB_PORT)");
        }
        return true;
    }

    /** The lines of the data folder's {@code postmaster.pid}; none when it is missing or not yet written whole. */
    private static List<String> pidFile(Path folder) {
        List<String> lines;
        try {
            lines = Files.readAllLines(folder.resolve("pgdata").resolve("postmaster.pid"));
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // postmaster.pid: the PID, the data folder, the start time, the port, the socket folder, ...
        boolean whole = lines.size() >= 4 && lines.get(0).strip().matches("[0-9]{1,10}")
                && lines.get(2).strip().matches("[0-9]{1,18}");
        return whole ? lines : List.of();
    }

    /** The live process whose PID a {@link #pidFile} names, the server that wrote it or not. */
    private static Optional<ProcessHandle> named(List<String> pidFile) {
        return pidFile.isEmpty() ? Optional.empty()
                : ProcessHandle.of(Long.parseLong(pidFile.get(0).strip())).filter(ProcessHandle::isAlive);
    }

    /** When the server that wrote a {@link #pidFile} says it started. */
    private static Instant started(List<String> pidFile) {
        return Instant.ofEpochSecond(Long.parseLong(pidFile.get(2).strip()));
    }

    /**
     * Why a start failed, when the data folder's {@code postmaster.pid} outlived its server and names a live program
     * of this user that is not PostgreSQL: PostgreSQL will not start while a process that it may signal has the PID
     * in the file (it cannot tell that process from a live postmaster), and zonky reports only that nothing answered.
     * A server of the folder runs under no other PID: it checks its file every minute and stops when another PID is
     * there. Nothing is said of a {@code postgres} program started at another time (a clock set while the server
     * ran would look so), lest the file of a running server be removed.
     */
    private static String leftBehind(Path folder) {
        try {
            return named(pidFile(folder))
                    .filter(process -> process.info().command().filter(command -> !isPostgres(command)).isPresent()
                            && process.info().user().equals(ProcessHandle.current().info().user()))
                    .map(process -> ": pgdata/postmaster.pid, left by a server that ended without removing it (a crash,"
                            + " a reboot), names process " + process.pid() + " ("
                            + process.info().command().orElseThrow()
                            + "), which is not PostgreSQL but keeps it from starting; remove the file")
                    .orElse("");
        } catch (UncheckedIOException e) {
            return "";
        }
    }

    /**
     * True when {@code process} is the postmaster that wrote a {@code postmaster.pid} saying it started at
     * {@code started}: alive, running a program named {@code postgres}, started then (give or take
     * {@link #START_TOLERANCE}), and as this user when the system tells. A file left behind by a crash or a reboot
     * names a PID that the system may since have given to another program (a shell, another user's server): being
     * alive is not enough. What the system does not tell (another user's process where {@code /proc} is hidden)
     * answers false: the server of a folder that only its owner may enter runs as that owner, whose processes the
     * system always describes to them.
     */
    static boolean isPostmaster(ProcessHandle process, Instant started) {
        ProcessHandle.Info info = process.info();
        Optional<String> user = info.user();
        return process.isAlive()
                && info.command().map(EmbeddedDatabase::isPostgres).orElse(false)
                && info.startInstant().map(at -> Duration.between(started, at).abs().compareTo(START_TOLERANCE) <= 0)
                        .orElse(false)
                && (user.isEmpty() || user.equals(ProcessHandle.current().info().user()));
    }

    /** True when {@code command}, a program's path, is PostgreSQL's server program. */
    private static boolean isPostgres(String command) {
        return Path.of(command).getFileName().toString().equals("postgres");
    }

    private static DatabaseSettings settings(int port, String name, Properties passwords) {
        return new DatabaseSettings("jdbc:postgresql://127.0.0.1:" + port + "/" + name,
                OWNER_ROLE, passwords.getProperty(OWNER_ROLE), APP_ROLE, passwords.getProperty(APP_ROLE));
    }

    /** A superuser connection to one database: sees every row, for tests that check what was stored. */
    public Connection superuser(String database) throws SQLException {
        return postgres.getDatabase("postgres", database).getConnection();
    }

    /** The same, for a database this server answered ({@link #database}). */
    public Connection superuser(DatabaseSettings database) throws SQLException {
        return superuser(nameOf(database));
    }

    /** The name of a database this server answered: the last part of the URL {@link #database} gave it. */
    public static String nameOf(DatabaseSettings database) {
        return database.url().substring(database.url().lastIndexOf('/') + 1);
    }

    /** The password of {@link #BACKUP_ROLE} of a server that another process started from {@code folder}. */
    public static String backupPasswordOf(Path folder) {
        try {
            Files.createDirectories(folder);
            return passwords(folder.resolve("roles.properties")).getProperty(BACKUP_ROLE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The password of {@link #BACKUP_ROLE}. */
    public String backupPassword() {
        return passwords.getProperty(BACKUP_ROLE);
    }

    public int port() {
        return postgres.getPort();
    }

    /** Runs SQL as the server's superuser in the {@code postgres} database (role set-up, test fixtures). */
    public void asSuperuser(String sql, SqlConsumer<Statement> then) {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
            then.accept(s);
        } catch (SQLException e) {
            throw new IllegalStateException("Embedded PostgreSQL refused: " + sql, e);
        }
    }

    /**
     * Once per data folder, on the start after initdb (or the first start of a folder made before this): the
     * superuser gets its password (PostgreSQL 16 stores it as SCRAM-SHA-256), then every connection must prove one.
     */
    private void requirePasswords(Path hba) throws IOException {
        if (Files.readString(hba).equals(PASSWORDS_ONLY)) {
            return;
        }
        ensureRole(SUPERUSER, "LOGIN SUPERUSER");
        Files.writeString(hba, PASSWORDS_ONLY);
        asSuperuser("SELECT pg_reload_conf()", ignored -> { });
    }

    private void ensureRoles() {
        ensureRole(OWNER_ROLE, "LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE");
        ensureRole(APP_ROLE, "LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOINHERIT");
        // Read-only by membership in pg_read_all_data (so INHERIT); BYPASSRLS so that no tenant's rows are hidden.
        ensureRole(BACKUP_ROLE, "LOGIN NOSUPERUSER BYPASSRLS NOCREATEDB NOCREATEROLE INHERIT");
        asSuperuser("GRANT pg_read_all_data TO " + BACKUP_ROLE, ignored -> { });
    }

    private void ensureRole(String role, String attributes) {
        String password = passwords.getProperty(role).replace("'", "");
        asSuperuser("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + role + "') THEN "
                + "CREATE ROLE " + role + "; END IF; END $$", ignored -> { });
        asSuperuser("ALTER ROLE " + role + " " + attributes + " PASSWORD '" + password + "'", ignored -> { });
    }

    private static Properties passwords(Path file) throws IOException {
        Properties passwords = new Properties();
        if (Files.exists(file)) {
            try (var in = Files.newInputStream(file)) {
                passwords.load(in);
            }
        }
        boolean changed = false;
        for (String role : new String[] {SUPERUSER, OWNER_ROLE, APP_ROLE, BACKUP_ROLE}) {
            if (passwords.getProperty(role) == null) {
                byte[] random = new byte[24];
                new SecureRandom().nextBytes(random);
                passwords.setProperty(role, HexFormat.of().formatHex(random));
                changed = true;
            }
        }
        OwnerOnly.file(file);
        if (changed) {
            try (var out = Files.newOutputStream(file)) {
                passwords.store(out, "Generated passwords of the local database roles; never used outside this machine");
            }
        }
        return passwords;
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Stops the server and deletes its folder, data, passwords and programs: for a server a test run started in a
     * folder of its own and has no more use for. The unit tests' server held 3.3 GB at the end of a run (a copy of the
     * migrated database for each of some 200 test classes, and a gigabyte of write-ahead log), kept until the next
     * {@code clean}; a CI machine's disk filled up with what the runs before the last step had left.
     */
    public void discard() {
        close();
        try {
            // zonky's own shutdown hook may be stopping the server: close() then returns before the postmaster
            // ends, which removes files of the folder as it goes, postmaster.pid last.
            Path pidFile = folder.resolve("pgdata").resolve("postmaster.pid");
            Instant deadline = Instant.now().plus(STOP_WITHIN);
            while (Files.exists(pidFile) && Instant.now().isBefore(deadline)) {
                Thread.sleep(50);
            }
            if (Files.exists(pidFile)) {
                return; // still running: not deleted under it
            }
            Folders.deleteTree(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not delete the embedded PostgreSQL's folder " + folder, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A JDBC step that may throw. */
    @FunctionalInterface
    public interface SqlConsumer<T> {
        void accept(T value) throws SQLException;
    }
}
