package ai.humane.ratelimit.control;

import ai.humane.crypto.control.PseudonymKeys;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Counts a request against its bucket in the shared database, outside any business transaction. The bucket
 * is stored as its HMAC under the key derived for rate buckets, never as the address or id it names: a
 * rotation of HMAC_KEY starts every bucket afresh, which forgives at most one window.
 */
@ApplicationScoped
public class RateLimiter {

    @Resource(lookup = "java:app/jdbc/humane-counters")
    DataSource dataSource;

    @Inject
    PseudonymKeys pseudonyms;

    private final RateCounter counter = new RateCounter();

    public SlidingWindow.Verdict hit(String bucket, int limit) {
        byte[] pseudonym = pseudonyms.forPurpose(PseudonymKeys.RATE_BUCKETS).sign(bucket.getBytes(StandardCharsets.UTF_8));
        try (Connection db = dataSource.getConnection()) {
            return counter.hit(db, pseudonym, limit, System.currentTimeMillis());
        } catch (SQLException e) {
            throw new IllegalStateException("The rate limit could not be counted", e);
        }
    }
}
