package ai.humane.mail.control;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import java.util.UUID;

/**
 * Queues a checked mail on whatever connection it is handed, inside that connection's transaction: sealed
 * (K3), with only its kind, the recipient's domain and the recipient's pseudonym beside the token.
 */
public final class MailQueue {

    /**
     * Requests that may wait to be carried out, across every instance: about 50 s of one instance's request turns
     * ({@link Courier#REQUEST_BATCH_SIZE}). Past it a new request is refused (503) rather than queued behind a flood.
     */
    public static final int MOST_REQUESTS_WAITING = 1000;

    private final MailSeal seal;
    private final SendKeys keys;
    private final OutboxRows rows = new OutboxRows();

    public MailQueue(MailSeal seal, SendKeys keys) {
        this.seal = Objects.requireNonNull(seal, "seal");
        this.keys = Objects.requireNonNull(keys, "keys");
    }

    /** Answers the queued row's id. */
    public UUID queue(Connection db, MailKind kind, OutgoingMail mail) throws SQLException {
        UUID id = UUID.randomUUID();
        rows.insert(db, id, kind, mail.domain(), keys.recipient(mail.recipient()), seal.seal(id, mail));
        return id;
    }

    /**
     * Queues a request about {@code address} for the dispatcher ({@link MailRequests}), kept as a mail to it is:
     * sealed, then redacted to its kind, the domain and the pseudonym. Answers the row's id.
     */
    public UUID queueRequest(Connection db, MailKind kind, String address) throws SQLException {
        if (rows.requestsWaiting(db, MOST_REQUESTS_WAITING) >= MOST_REQUESTS_WAITING) {
            throw new RequestsBacklogged();
        }
        UUID id = UUID.randomUUID();
        String sealed = seal.sealRequest(id, kind, address);
        rows.insert(db, id, kind, new OutgoingMail(address, kind.slug(), "").domain(), keys.recipient(address), sealed);
        return id;
    }
}
