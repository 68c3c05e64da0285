package ai.humane.mail.control;

import ai.humane.crypto.control.TokenNotDecryptable;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One dispatcher batch: claims due mail (a short transaction of its own), opens each sealed mail (K3) and
 * hands it to the delivery outside any transaction, and records the outcome under the batch's claim, which
 * redacts a settled row. A mail no key of FERNET_KEYS opens is retried like an SMTP failure (the key may be
 * put back) and given up in the end; a token that is not this row's mail is given up at once. Sending starts
 * only in the first half of the lease, so no mail is still being sent when another instance may take
 * it over; what is left is released untried. Without a delivery (production without SMTP) nothing is
 * claimed: due mail stays pending and each batch says so at SEVERE. A row that holds a request instead of a mail
 * ({@link MailRequests}) is carried out, not sent, and settled as {@code sent} (handed over) once its work committed.
 */
public class Courier {

    private static final Logger LOG = Logger.getLogger(Courier.class.getName());

    public static final int BATCH_SIZE = 20;
    public static final Duration LEASE = Duration.ofMinutes(2);
    /**
     * Requests carried out a batch: most are a look-up that finds no account (a millisecond or two), so a turn of
     * 100 every 5 s drains 20 a second on each instance, four times the anonymous rate limit of one client address.
     */
    public static final int REQUEST_BATCH_SIZE = 100;

    private final OutboxRows rows = new OutboxRows();
    private final MailSeal seal;
    private final Optional<Delivery> delivery;
    private final MailRequests requests;
    private final Backoff backoff;
    private final int batchSize;
    private final Duration lease;

    public Courier(MailSeal seal, Optional<Delivery> delivery, MailRequests requests, Backoff backoff, int batchSize,
                   Duration lease) {
        this.seal = seal;
        this.delivery = delivery;
        this.requests = requests;
        this.backoff = backoff;
        this.batchSize = batchSize;
        this.lease = lease;
    }

    /**
     * SMTP when it is configured; otherwise the log in development, and nothing at all in production,
     * whose logs must not carry sign-in links.
     */
    public static Courier forEnvironment(boolean production, Optional<SmtpSettings> smtp, MailSeal seal,
                                         MailRequests requests) {
        Optional<Delivery> delivery = smtp.<Delivery>map(MailTransport::new)
                .or(() -> production ? Optional.empty() : Optional.of(new MailLog()));
        return new Courier(seal, delivery, requests, Backoff.STANDARD, BATCH_SIZE, LEASE);
    }

    /** Runs one batch on a connection in autocommit, so each claim and mark commits at once. */
    public Batch run(Connection db) throws SQLException {
        if (!db.getAutoCommit()) {
            throw new IllegalStateException("The outbox is claimed in autocommit: a longer transaction would hold "
                    + "its row locks while SMTP is talking");
        }
        if (delivery.isEmpty()) {
            return hold(db);
        }
        return turn(db, false, batchSize).plus(turn(db, true, REQUEST_BATCH_SIZE));
    }

    /** Claims and handles one turn's rows: mail, or requests (V41: a flood of requests takes no mail's place). */
    private Batch turn(Connection db, boolean requests, int limit) throws SQLException {
        long claimedAt = System.nanoTime();
        Batch batch = Batch.NONE;
        for (ClaimedMail mail : rows.claim(db, limit, lease, requests)) {
            boolean leaseRunningShort = System.nanoTime() - claimedAt >= lease.toNanos() / 2;
            batch = batch.plus(leaseRunningShort ? release(db, mail) : deliver(db, delivery.get(), mail));
        }
        return batch;
    }

    /** True in production without SMTP: mail is kept, not sent. */
    public boolean holding() {
        return delivery.isEmpty();
    }

    /** Where mail goes, for the boot log. */
    public String destination() {
        return delivery.map(Object::toString)
                .orElse("nowhere: production without SMTP_HOST keeps every e-mail pending until it is set");
    }

    private Batch deliver(Connection db, Delivery to, ClaimedMail mail) throws SQLException {
        OutgoingMail opened;
        try {
            Optional<QueuedRequest> request = seal.request(mail.id(), mail.sealed());
            if (request.isPresent()) {
                return carryOut(db, request.get(), mail);
            }
            opened = seal.open(mail.id(), mail.sealed());
        } catch (MailRefused refused) {
            // Only a row written around the Outbox fails its checks again, and no retry can fix it.
            return retry(db, mail, "refused: " + refused.reason(), true);
        } catch (TokenNotDecryptable unreadable) {
            return retry(db, mail, "sealed mail not opened: " + unreadable.getMessage(), backoff.exhausted(mail.attempts() + 1));
        }
        try {
            to.deliver(opened);
        } catch (Exception failure) {
            return retry(db, mail, to.describe(failure, opened), backoff.exhausted(mail.attempts() + 1));
        }
        if (!rows.settle(db, mail, to.deliveredStatus())) {
            LOG.warning(() -> "Mail " + mail.id() + " was delivered after its lease ran out; another instance may send it again");
        }
        return Batch.DELIVERED;
    }

    /** A request's failure is noted by its kind and the exception's class: its message may name the address. */
    private Batch carryOut(Connection db, QueuedRequest request, ClaimedMail mail) throws SQLException {
        try {
            requests.carryOut(request);
        } catch (RuntimeException failure) {
            return retry(db, mail, request.kind().slug() + " not carried out: " + failure.getClass().getName(),
                    backoff.exhausted(mail.attempts() + 1));
        }
        if (!rows.settle(db, mail, "sent")) {
            LOG.warning(() -> "Request " + mail.id() + " was carried out after its lease ran out; another instance may"
                    + " carry it out again");
        }
        return Batch.DELIVERED;
    }

    private Batch retry(Connection db, ClaimedMail mail, String note, boolean giveUp) throws SQLException {
        int failures = mail.attempts() + 1;
        Duration wait = backoff.after(failures);
        rows.retryLater(db, mail, wait, giveUp, note);
        Level level = giveUp ? Level.SEVERE : Level.WARNING;
        LOG.log(level, () -> "Mail " + mail.id() + " not accepted (attempt " + failures + "): " + note
                + (giveUp ? "; given up" : "; next attempt in " + wait.toSeconds() + " s"));
        return giveUp ? Batch.FAILED : Batch.RETRIED;
    }

    private Batch release(Connection db, ClaimedMail mail) throws SQLException {
        rows.release(db, mail);
        return Batch.RELEASED;
    }

    private Batch hold(Connection db) throws SQLException {
        int due = rows.countDue(db);
        if (due > 0) {
            LOG.severe(() -> due + " e-mail(s) due but SMTP_HOST is not set in production: they stay pending "
                    + "until SMTP_HOST, SMTP_FROM and the credentials are set");
        }
        return new Batch(0, 0, 0, 0, due);
    }

    /** What one batch did: mail delivered, retried later, given up, released untried, held back. */
    public record Batch(int delivered, int retried, int failed, int released, int held) {

        static final Batch NONE = new Batch(0, 0, 0, 0, 0);
        static final Batch DELIVERED = new Batch(1, 0, 0, 0, 0);
        static final Batch RETRIED = new Batch(0, 1, 0, 0, 0);
        static final Batch FAILED = new Batch(0, 0, 1, 0, 0);
        static final Batch RELEASED = new Batch(0, 0, 0, 1, 0);

        Batch plus(Batch other) {
            return new Batch(delivered + other.delivered, retried + other.retried, failed + other.failed,
                    released + other.released, held + other.held);
        }
    }
}
