package ai.humane.idempotency.control;

import ai.humane.crypto.control.PseudonymKeys;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;
import javax.sql.DataSource;

/** The web edge's way to the records: one pooled connection and one short transaction per call. */
@ApplicationScoped
public class IdempotencyKeys {

    private static final Logger LOG = Logger.getLogger(IdempotencyKeys.class.getName());

    @Resource(lookup = "java:app/jdbc/humane")
    DataSource dataSource;

    @Inject
    PseudonymKeys pseudonyms;

    private final IdempotencyRecords records = new IdempotencyRecords();

    /**
     * Claims the key for the request whose digest is {@code digest} ({@link IdempotencyRecords#fingerprint}), or finds
     * what the first request left. The digest is kept as its HMAC under a key derived for this purpose, never bare: a
     * body sent with an {@code Idempotency-Key} may hold a password (a password change, a second factor's routes), and
     * a plain SHA-256 of it in a database dump could be guessed at GPU speed, past bcrypt (a review, 2026-12-07). A
     * claim is matched under every key of the ring (a rotation keeps its day of keys), and bare, as claims were kept
     * until 2026-12-08, for the 24 hours they live.
     */
    public Claim claim(IdempotencyScope scope, byte[] digest) {
        List<byte[]> accepted = new ArrayList<>(pseudonyms.forPurpose(PseudonymKeys.IDEMPOTENCY_FINGERPRINTS)
                .signEach(digest));
        accepted.add(digest);
        try (Connection db = dataSource.getConnection()) {
            return records.claim(db, scope, accepted);
        } catch (SQLException e) {
            throw new IllegalStateException("The idempotency key could not be claimed", e);
        }
    }

    public void complete(Claim.Claimed claimed, StoredResponse response) {
        try (Connection db = dataSource.getConnection()) {
            // Not kept either when the claim was taken over or an erasure withheld it (IdempotencyRecords.complete):
            // only a secret is a defect of ours worth a warning.
            if (!records.complete(db, claimed, response) && response.carriesSecret()) {
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
