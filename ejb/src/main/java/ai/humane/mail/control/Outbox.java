package ai.humane.mail.control;

import ai.humane.crypto.control.KeyRing;
import ai.humane.optouts.boundary.EmailLinks;
import ai.humane.status.control.AppEnvironment;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Queues transactional e-mail, sealed under FERNET_KEYS (K3). The row is written on the JTA data source
 * inside the caller's transaction (the container hands the transaction's own connection back), so the mail
 * exists only if the change that caused it commits: a rolled-back sign-up sends nothing. Outside a
 * transaction the call is refused rather than committed on its own. Production without FERNET_KEYS never
 * gets here (the boot refuses); development without it seals with a key made for this run, so mail still
 * queued at a restart is not opened after it.
 */
@ApplicationScoped
public class Outbox {

    private static final Logger LOG = Logger.getLogger(Outbox.class.getName());

    @Resource(lookup = "java:app/jdbc/humane")
    DataSource dataSource;

    @Inject
    @ConfigProperty(name = "fernet.keys")
    Optional<String> fernetKeys;

    @Inject
    AppEnvironment environment;

    @Inject
    EmailLinks emailLinks;

    @Inject
    Event<MailQueued> queued;

    private MailSeal seal;
    private MailQueue queue;

    public Outbox() {
    }

    Outbox(DataSource dataSource, MailSeal seal, SendKeys keys, Event<MailQueued> queued) {
        this.dataSource = dataSource;
        this.seal = seal;
        this.queue = new MailQueue(seal, keys);
        this.queued = queued;
    }

    @PostConstruct
    void loadKeys() {
        String keys = fernetKeys.filter(k -> !k.isBlank()).orElseGet(() -> {
            if (environment.production()) {
                throw new IllegalStateException("Refusing to queue e-mail: FERNET_KEYS is not set (K3)");
            }
            LOG.warning("FERNET_KEYS is not set: queued e-mails are sealed with a key made for this run only");
            return KeyRing.generateKey();
        });
        seal = new MailSeal(new KeyRing(keys));
        queue = new MailQueue(seal, new SendKeys(emailLinks.keys()));
    }

    /**
     * Queues one plain-text mail; answers its id.
     *
     * @throws MailRefused when the recipient is not one strict address or a header carries a line break
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public UUID enqueue(MailKind kind, String recipient, String subject, String body) {
        OutgoingMail mail = new OutgoingMail(recipient, subject, body);
        try (Connection db = dataSource.getConnection()) {
            UUID id = queue.queue(db, kind, mail);
            announce();
            return id;
        } catch (SQLException e) {
            throw new IllegalStateException("The mail could not be queued", e);
        }
    }

    /**
     * Queues a request about {@code address} for the dispatcher to carry out ({@link MailRequests}), in the
     * caller's transaction like a mail; answers its id.
     *
     * @throws MailRefused when the address is not one strict address
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public UUID enqueueRequest(MailKind kind, String address) {
        try (Connection db = dataSource.getConnection()) {
            return queue.queueRequest(db, kind, address);
        } catch (SQLException e) {
            throw new IllegalStateException("The request could not be queued", e);
        }
    }

    /**
     * Tells the dispatcher, once the caller's transaction commits. Mail only: a request waits for the next trigger, so
     * that the work it stands for (a look-up for any address, and for a known one a link and a mail, S1) never starts
     * while the answer that queued it is still being sent.
     */
    private void announce() {
        queued.fire(new MailQueued());
    }

    /**
     * Queues on a connection the caller holds (the webhook dispatcher's tenant transactions); once that transaction
     * commits, the caller tells the dispatcher by {@link #committed()}.
     */
    public MailQueue queue() {
        return queue;
    }

    /**
     * Tells the dispatcher that mail queued through {@link #queue()} on a connection the caller holds has committed,
     * so that it is sent at once rather than at the next trigger. Outside a container transaction, as on the webhook
     * dispatcher's threads, the dispatcher hears it straight away.
     */
    public void committed() {
        announce();
    }

    /** Opens claimed mail for the sender, and moves it to a new key (K3). */
    public MailSeal seal() {
        return seal;
    }
}
