package ai.humane.status.boundary;

import ai.humane.status.control.Board;
import ai.humane.status.control.StatusBoard;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The status page's board, read at most once per {@code status.cache.seconds} per instance: the page is public,
 * and a crowd refreshing it during an incident must not become the database's next problem. While the database
 * cannot be read (or this instance's probes cannot reach it) the board says the database is in an outage and
 * shows the rest as last read.
 */
@ApplicationScoped
public class StatusReports {

    private static final Logger LOG = Logger.getLogger(StatusReports.class.getName());

    @Resource(lookup = "java:app/jdbc/humane")
    DataSource dataSource;

    @Inject
    StatusProbes probes;

    @Inject
    @ConfigProperty(name = "status.cache.seconds", defaultValue = "15")
    int cacheSeconds;

    private final StatusBoard board = new StatusBoard(Clock.systemUTC());
    private Board last = Board.empty();
    private Instant readAt = Instant.EPOCH;

    public synchronized Board current() {
        Instant now = Instant.now();
        if (Duration.between(readAt, now).getSeconds() < cacheSeconds) {
            return last;
        }
        readAt = now;
        try (Connection db = dataSource.getConnection()) {
            last = board.read(db);
        } catch (SQLException | RuntimeException e) {
            LOG.log(Level.WARNING, "The status board could not be read; answering the database as down", e);
            last = last.withDatabaseDown(now);
            return last;
        }
        return probes.unreachableSince() == null ? last : last.withDatabaseDown(now);
    }

    /** Seconds a client may keep the answer. */
    public int cacheSeconds() {
        return cacheSeconds;
    }
}
