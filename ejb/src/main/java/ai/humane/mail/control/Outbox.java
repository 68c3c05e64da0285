package ai.humane.mail.control;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Queues transactional e-mail. The row is written on the JTA data source inside the caller's
 * transaction (the container hands the transaction's own connection back), so the mail exists only
 * if the change that caused it commits: a rolled-back sign-up sends nothing. Outside a transaction
 * the call is refused rather than committed on its own.
 */
@ApplicationScoped
public class Outbox {

    @Resource(lookup = "java:app/jdbc/humane")
    DataSource dataSource;

    private final OutboxRows rows = new OutboxRows();

    public Outbox() {
    }

    Outbox(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Queues one plain-text mail; answers its id.
     *
     * @throws MailRefused when the recipient is not one strict address or a header carries a line break
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public UUID enqueue(String recipient, String subject, String body) {
        OutgoingMail mail = new OutgoingMail(recipient, subject, body);
        try (Connection db = dataSource.getConnection()) {
            return rows.insert(db, mail);
        } catch (SQLException e) {
            throw new IllegalStateException("The mail could not be queued", e);
        }
    }
}
