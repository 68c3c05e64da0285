package ai.humane.status.control;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.Executor;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The database round trip: a new connection and {@code SELECT 1}, timed. A new connection rather than one of
 * the pool, so a server that stopped accepting clients shows even while pooled connections still answer.
 * Slower than {@code slow} is degraded; no answer within the timeout (connect, log in, or query) is an outage.
 */
public final class DatabaseProbe implements Probe {

    private static final Executor DIRECT = Runnable::run;

    private final ConnectionSource source;
    private final Duration slow;
    private final Duration timeout;

    public DatabaseProbe(ConnectionSource source, Duration slow, Duration timeout) {
        this.source = source;
        this.slow = slow;
        this.timeout = timeout;
    }

    /** A fresh, unpooled connection that gives up after {@code timeout} at every step. */
    public static ConnectionSource direct(String url, String user, String password, Duration timeout) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(url);
        ds.setUser(user);
        ds.setPassword(password);
        int seconds = (int) Math.max(1, timeout.toSeconds());
        ds.setConnectTimeout(seconds);
        ds.setLoginTimeout(seconds);
        ds.setSocketTimeout(seconds);
        ds.setApplicationName("humane-status-probe");
        return ds::getConnection;
    }

    @Override
    public Check run() {
        long start = System.nanoTime();
        try (Connection c = source.open(); Statement s = c.createStatement()) {
            c.setNetworkTimeout(DIRECT, (int) timeout.toMillis());
            s.setQueryTimeout((int) Math.max(1, timeout.toSeconds()));
            try (ResultSet one = s.executeQuery("SELECT 1")) {
                one.next();
            }
            double millis = (System.nanoTime() - start) / 1_000_000.0;
            return Check.graded(Component.DATABASE, Math.round(millis * 10) / 10.0, slow.toMillis(), timeout.toMillis());
        } catch (SQLException | RuntimeException e) {
            return Check.failed(Component.DATABASE, "no round trip: " + e.getMessage());
        }
    }
}
