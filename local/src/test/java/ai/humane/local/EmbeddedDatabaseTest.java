package ai.humane.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded PostgreSQL lets nobody in without the role's password: initdb's trust would let any user of the
 * machine connect as the superuser. A real server, started twice on one folder.
 */
class EmbeddedDatabaseTest {

    @TempDir
    Path folder;

    @Test
    void everyRoleTheSuperuserIncludedMustProveItsPasswordOnEveryStart() throws Exception {
        try (EmbeddedDatabase database = EmbeddedDatabase.start(folder, 0)) {
            refusesWithoutTheRightPassword(database);
            // Any port is one below the kernel's range for outgoing connections: initdb ran before the bind.
            assertTrue(database.port() < LoopbackPorts.ephemeralStart(), database.port()
                    + " is in the range of outgoing connections' ports");
        }
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(folder.resolve("roles.properties"))),
                "the roles' passwords are readable by others");
        try (EmbeddedDatabase again = EmbeddedDatabase.start(folder, 0)) {
            refusesWithoutTheRightPassword(again);
            DatabaseSettings settings = again.database("humane_probe");
            try (Connection app = connect(again.port(), "humane_probe", settings.appUser(), settings.appPassword())) {
                assertTrue(app.isValid(5), "the runtime role with its password");
            }
            try (Connection superuser = again.superuser("humane_probe")) {
                assertTrue(superuser.isValid(5), "the launcher's own superuser connection");
            }
        }
    }

    /**
     * Another user of the machine plants programs, and the marker that says they were unpacked, where zonky would
     * look for them by default (here its {@code ot.epg.working-dir}, so that the machine's real one stays
     * untouched): the server runs its own copy, unpacked into the folder's {@code bin}, which only its owner may enter.
     */
    @Test
    void runsProgramsUnpackedIntoItsOwnFolderNeverThosePlantedInTheSharedOne() throws Exception {
        Path shared = folder.resolve("shared-tmp");
        Path planted = shared.resolve("PG-" + zonkysDigest()).resolve("bin");
        Path witness = folder.resolve("planted-program-ran");
        Files.createDirectories(planted);
        for (String program : new String[] {"initdb", "pg_ctl", "postgres"}) {
            Path script = planted.resolve(program);
            Files.writeString(script, "#!/bin/sh\ntouch '" + witness + "'\nexit 1\n");
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Files.createFile(planted.getParent().resolve(".exists"));
        Path home = folder.resolve("home");
        String before = System.getProperty("ot.epg.working-dir");
        System.setProperty("ot.epg.working-dir", shared.toString());
        try (EmbeddedDatabase database = EmbeddedDatabase.start(home, 0);
             Connection c = database.superuser("postgres");
             ResultSet backend = c.createStatement().executeQuery("SELECT pg_backend_pid()")) {
            backend.next();
            Path program = Files.readSymbolicLink(Path.of("/proc", backend.getString(1), "exe"));
            assertTrue(program.startsWith(home.resolve("bin")), "the server runs " + program);
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("bin"))),
                    "others may write where the server's programs are");
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(home)));
        } finally {
            if (before == null) {
                System.clearProperty("ot.epg.working-dir");
            } else {
                System.setProperty("ot.epg.working-dir", before);
            }
        }
        assertFalse(Files.exists(witness), "a planted program ran");
    }

    /**
     * Another user's program on the port is not the running server: the launcher's commands decide by the data
     * folder's {@code postmaster.pid}, and refuse a live server of the folder on another port. Nor is a live process
     * that the file names after a crash or a reboot gave its PID away: a program that is not PostgreSQL (this JVM),
     * or a postmaster started later than the file says. PostgreSQL will not start over such a file while that
     * program runs: the start says so.
     */
    @Test
    void runsByItsPidFileNotByWhateverAnswersOnThePort() throws Exception {
        List<String> written;
        try (ServerSocket other = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertFalse(EmbeddedDatabase.runningIn(folder, other.getLocalPort()), "a bare listener is taken for the server");
            try (EmbeddedDatabase database = EmbeddedDatabase.start(folder, 0)) {
                assertTrue(EmbeddedDatabase.runningIn(folder, database.port()));
                written = Files.readAllLines(folder.resolve("pgdata").resolve("postmaster.pid"));
                long postmaster = Long.parseLong(written.get(0).strip());
                Instant started = Instant.ofEpochSecond(Long.parseLong(written.get(2).strip()));
                Path elsewhere = folder.resolve("elsewhere");
                leaveBehind(elsewhere, written, postmaster, started);
                assertTrue(EmbeddedDatabase.runningIn(elsewhere, database.port()), "the file as the server wrote it");
                ProcessHandle jvm = ProcessHandle.current();
                leaveBehind(elsewhere, written, jvm.pid(), jvm.info().startInstant().orElseThrow());
                assertFalse(EmbeddedDatabase.runningIn(elsewhere, database.port()), "this JVM is taken for the server");
                leaveBehind(elsewhere, written, postmaster, started.minus(Duration.ofHours(1)));
                assertFalse(EmbeddedDatabase.runningIn(elsewhere, database.port()),
                        "a postmaster started an hour after the file's is taken for its server");
                IllegalStateException refused = assertThrows(IllegalStateException.class,
                        () -> EmbeddedDatabase.runningIn(folder, other.getLocalPort()));
                assertTrue(refused.getMessage().contains("runs on port " + database.port()), refused.getMessage());
                // Not "localhost": on ::1 alone the server would start while another program holds 127.0.0.1.
                database.asSuperuser("SHOW listen_addresses", shown -> {
                    ResultSet row = shown.getResultSet();
                    row.next();
                    assertEquals("127.0.0.1", row.getString(1));
                });
            }
            assertFalse(EmbeddedDatabase.runningIn(folder, other.getLocalPort()), "a stopped server");
        }
        Process reused = new ProcessBuilder("sleep", "120").start();
        try {
            leaveBehind(folder, written, reused.pid(), Instant.ofEpochSecond(Long.parseLong(written.get(2).strip())));
            assertFalse(EmbeddedDatabase.runningIn(folder, Integer.parseInt(written.get(3).strip())),
                    "a program that got the stopped server's PID is taken for it");
            UncheckedIOException refused = assertThrows(UncheckedIOException.class,
                    () -> EmbeddedDatabase.start(folder, 0).close());
            assertTrue(refused.getMessage().contains("names process " + reused.pid() + " ("), refused.getMessage());
        } finally {
            reused.destroy();
            assertTrue(reused.waitFor(10, TimeUnit.SECONDS), "sleep " + reused.pid() + " outlived the test");
        }
    }

    /** A program in the running server's stead asks for the password in clear: the launcher's commands send none. */
    @Test
    void aProgramInTheRunningServersSteadLearnsNoPassword() throws Exception {
        try (Impostor impostor = new Impostor()) {
            DatabaseSettings settings = EmbeddedDatabase.settingsOfRunning(folder, impostor.port(), "humane");
            assertThrows(SQLException.class,
                    () -> connect(settings.url(), settings.ownerUser(), settings.ownerPassword()).close());
            assertTrue(impostor.asked() > 0, "the impostor was never asked");
            assertEquals(List.of(), impostor.passwords(), "the owner's password went to the impostor");
        }
    }

    /** Nor does a start whose port another program holds: zonky takes any answer there for its server. */
    @Test
    void aStartOnAPortAnotherProgramHoldsSendsItNoPassword() throws Exception {
        try (Impostor impostor = new Impostor()) {
            assertThrows(RuntimeException.class, () -> EmbeddedDatabase.start(folder, impostor.port()).close());
            assertTrue(impostor.asked() > 0, "the impostor was never asked");
            assertEquals(List.of(), impostor.passwords(), "the superuser's password went to the impostor");
        }
    }

    /**
     * Speaks just enough of PostgreSQL's protocol on loopback to ask each client for its password in clear (as a
     * server with {@code password} in {@code pg_hba.conf} would), and keeps what it is sent.
     */
    private static final class Impostor implements AutoCloseable {

        private static final int SSL_REQUEST = 80877103;
        private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final List<String> passwords = new CopyOnWriteArrayList<>();
        private final AtomicInteger asked = new AtomicInteger();
        private final Thread thread = new Thread(this::serve, "impostor");

        Impostor() throws IOException {
            socket.setSoTimeout(30_000);
            thread.setDaemon(true);
            thread.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        int asked() {
            return asked.get();
        }

        List<String> passwords() {
            return passwords;
        }

        private void serve() {
            for (int i = 0; i < 1_000 && !socket.isClosed(); i++) {
                try (Socket client = socket.accept()) {
                    client.setSoTimeout(5_000);
                    DataInputStream in = new DataInputStream(client.getInputStream());
                    DataOutputStream out = new DataOutputStream(client.getOutputStream());
                    if (startup(in) == SSL_REQUEST) {
                        out.writeByte('N');
                        out.flush();
                        startup(in);
                    }
                    out.writeByte('R');
                    out.writeInt(8);
                    out.writeInt(3);
                    out.flush();
                    asked.incrementAndGet();
                    if (in.read() == 'p') {
                        byte[] password = new byte[in.readInt() - 4];
                        in.readFully(password);
                        passwords.add(new String(password, StandardCharsets.UTF_8));
                    }
                } catch (IOException e) {
                    // a probe that only connects, or a client that gave up: the next one
                }
            }
        }

        /** Reads one length-prefixed startup message and answers its code. */
        private static int startup(DataInputStream in) throws IOException {
            byte[] message = new byte[in.readInt() - 4];
            in.readFully(message);
            return ByteBuffer.wrap(message).getInt();
        }

        @Override
        public void close() throws Exception {
            socket.close();
            thread.join(10_000);
        }
    }

    /** The name zonky gives the folder of the binaries: PG- and the MD5 of their archive. */
    private static String zonkysDigest() throws Exception {
        String arch = "amd64".equals(System.getProperty("os.arch")) ? "x86_64" : System.getProperty("os.arch");
        MessageDigest md5 = MessageDigest.getInstance("MD5");
        try (InputStream archive = new DigestInputStream(
                DefaultPostgresBinaryResolver.INSTANCE.getPgBinary("Linux", arch), md5)) {
            archive.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(md5.digest());
    }

    private static void refusesWithoutTheRightPassword(EmbeddedDatabase database) {
        int port = database.port();
        assertThrows(SQLException.class, () -> connect(port, "postgres", "postgres", null).close(),
                "the superuser without a password");
        assertThrows(SQLException.class, () -> connect(port, "postgres", "postgres", "postgres").close(),
                "the superuser with a guessed password");
        assertThrows(SQLException.class, () -> connect(port, "postgres", EmbeddedDatabase.APP_ROLE, null).close(),
                "the runtime role without a password");
    }

    /** Writes the {@code postmaster.pid} of {@code folder}: {@code written}, but naming {@code pid} started then. */
    private static void leaveBehind(Path folder, List<String> written, long pid, Instant started) throws IOException {
        List<String> lines = new ArrayList<>(written);
        lines.set(0, Long.toString(pid));
        lines.set(2, Long.toString(started.getEpochSecond()));
        Files.write(Files.createDirectories(folder.resolve("pgdata")).resolve("postmaster.pid"), lines);
    }

    private static Connection connect(int port, String database, String user, String password) throws SQLException {
        return connect("jdbc:postgresql://127.0.0.1:" + port + "/" + database, user, password);
    }

    private static Connection connect(String url, String user, String password) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        if (password != null) {
            properties.setProperty("password", password);
        }
        properties.setProperty("connectTimeout", "10");
        return DriverManager.getConnection(url, properties);
    }
}
