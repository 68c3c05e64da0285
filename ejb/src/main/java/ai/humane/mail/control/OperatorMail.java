package ai.humane.mail.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The operators' mailboxes, OPERATOR_EMAILS (comma-separated): where the status probes' alerts (O2) and the nightly
 * backup's reports (O3) go. Each address is checked as a mail recipient when the bean is first used, which the status
 * probes do at boot, so a mistyped list refuses the start rather than losing the first alert.
 */
@ApplicationScoped
public class OperatorMail {

    @Inject
    @ConfigProperty(name = "operator.emails")
    Optional<String> operatorEmails;

    @Inject
    Outbox outbox;

    private List<String> addresses;

    @PostConstruct
    void read() {
        addresses = operatorEmails.map(list -> Arrays.stream(list.split(",")).map(String::strip)
                .filter(address -> !address.isEmpty()).toList()).orElse(List.of());
        addresses.forEach(address -> new OutgoingMail(address, "check", "check"));
    }

    /** The addresses, in the order given; empty when OPERATOR_EMAILS is not set. */
    public List<String> addresses() {
        return addresses;
    }

    /**
     * Queues one mail to every operator on {@code db}, in whatever transaction the caller holds there; the caller tells
     * the dispatcher by {@link Outbox#committed()} once it commits. Answers how many were queued.
     */
    public int tell(Connection db, MailKind kind, String subject, String body) throws SQLException {
        for (String operator : addresses) {
            outbox.queue().queue(db, kind, new OutgoingMail(operator, subject, body));
        }
        return addresses.size();
    }
}
