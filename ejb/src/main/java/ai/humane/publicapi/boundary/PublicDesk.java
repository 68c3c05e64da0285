package ai.humane.publicapi.boundary;

import ai.humane.mail.control.MailKind;
import ai.humane.mail.control.Outbox;
import ai.humane.accounts.control.EmailAddress;
import ai.humane.publicapi.control.Faq;
import ai.humane.publicapi.control.FaqEntry;
import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** What anyone may do without an account. No tenant: these tables are outside row-level security. */
@Stateless
public class PublicDesk {

    @Resource(lookup = "java:app/jdbc/humane")
    DataSource dataSource;

    @Inject
    Outbox outbox;

    @Inject
    @ConfigProperty(name = "support.email", defaultValue = "support@humane.ai")
    String supportAddress;

    public List<FaqEntry> faq(String query) {
        try (Connection db = dataSource.getConnection()) {
            return new Faq().search(db, query);
        } catch (SQLException e) {
            throw new IllegalStateException("The FAQ could not be searched", e);
        }
    }

    /** A second sign-up of the same address changes nothing and says nothing. */
    public void joinWaitlist(String email) {
        update("INSERT INTO waitlist (email) VALUES (?) ON CONFLICT DO NOTHING", EmailAddress.parse("email", email).value());
    }

    /** Stored and e-mailed in one transaction: either both happen or neither. */
    public UUID askSupport(String email, String message) {
        String from = EmailAddress.parse("email", email).value();
        UUID id = UUID.randomUUID();
        update("INSERT INTO support_requests (id, email, message) VALUES (?, ?, ?)", id, from, message);
        outbox.enqueue(MailKind.SUPPORT_REQUEST, supportAddress, "Support request " + id,
                "From: " + from + "\nRequest: " + id + "\n\n" + message);
        return id;
    }

    private void update(String sql, Object... parameters) {
        try (Connection db = dataSource.getConnection(); PreparedStatement statement = db.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("The public request could not be stored", e);
        }
    }
}
