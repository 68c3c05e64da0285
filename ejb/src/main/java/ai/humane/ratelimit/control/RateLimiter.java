package ai.humane.ratelimit.control;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/** Counts a request against its bucket in the shared database, outside any business transaction. */
@ApplicationScoped
public class RateLimiter {

    @Resource(lookup = "java:app/jdbc/humane-counters")
    DataSource dataSource;

    private final RateCounter counter = new RateCounter();

    public SlidingWindow.Verdict hit(String bucket, int limit) {
        try (Connection db = dataSource.getConnection()) {
            return counter.hit(db, bucket, limit, System.currentTimeMillis());
        } catch (SQLException e) {
            throw new IllegalStateException("The rate limit could not be counted", e);
        }
    }
}
