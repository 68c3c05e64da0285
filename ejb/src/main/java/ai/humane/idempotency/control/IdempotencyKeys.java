package ai.humane.idempotency.control;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/** The web edge's way to the records: one pooled connection and one short transaction per call. */
@ApplicationScoped
public class IdempotencyKeys {

    private static final Logger LOG = Logger.getLogger(IdempotencyKeys.class.getName());

    @Resource(lookup = "java:app/jdbc/humane")
    DataSource dataSource;

    private final IdempotencyRecords records = new IdempotencyRecords();

    public Claim claim(IdempotencyScope scope, byte[] fingerprint) {
        try (Connection db = dataSource.getConnection()) {
            return records.claim(db, scope, fingerprint);
        } catch (SQLException e) {
            throw new IllegalStateException("The idempotency key could not be claimed", e);
        }
    }

    public void complete(Claim.Claimed claimed, StoredResponse response) {
        try (Connection db = dataSource.getConnection()) {
            if (!records.complete(db, claimed, response)) {
                LOG.warning("An answer holding a secret was not kept for replay (A2): its body should be ShownOnce");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("The idempotent response could not be stored", e);
        }
    }

    public void release(Claim.Claimed claimed) {
        try (Connection db = dataSource.getConnection()) {
            records.release(db, claimed);
        } catch (SQLException e) {
            throw new IllegalStateException("The idempotency key could not be released", e);
        }
    }
}
