package ai.humane.mail.boundary;

import ai.humane.dispatch.control.Rounds;
import ai.humane.mail.control.Courier;
import ai.humane.mail.control.MailQueued;
import ai.humane.mail.control.MailRequests;
import ai.humane.mail.control.Outbox;
import ai.humane.mail.control.SmtpSettings;
import ai.humane.status.control.AppEnvironment;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Sends queued e-mail. The timer is not persistent: on Payara Micro persistent timers live in the data
 * grid and die with the last instance, and none is needed, since every instance runs its own trigger and
 * the rows decide who sends what. Starts after the schema checks, so the table exists; an SMTP_HOST
 * without a valid SMTP_FROM fails the deployment instead of every later mail.
 */
@Singleton
@Startup
@DependsOn("StartupChecks")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
// Bean-managed: Payara 6 wraps @Schedule timeouts in a container transaction even under NOT_SUPPORTED,
// and the connection's autocommit then fails that commit (seen in the HTTP tests). No container
// transaction can be started for a bean-managed bean; each statement commits on its own.
@TransactionManagement(TransactionManagementType.BEAN)
public class MailDispatcher {

    private static final Logger LOG = Logger.getLogger(MailDispatcher.class.getName());

    @Resource(lookup = "java:app/jdbc/humane")
    DataSource dataSource;

    @Inject
    AppEnvironment environment;

    @Inject
    Outbox outbox;

    @Inject
    MailRequests requests;

    @Inject
    @ConfigProperty(name = "smtp.host")
    Optional<String> host;

    @Inject
    @ConfigProperty(name = "smtp.port", defaultValue = "587")
    int port;

    @Inject
    @ConfigProperty(name = "smtp.username")
    Optional<String> username;

    @Inject
    @ConfigProperty(name = "smtp.password")
    Optional<String> password;

    @Inject
    @ConfigProperty(name = "smtp.from")
    Optional<String> from;

    @Inject
    @ConfigProperty(name = "smtp.starttls", defaultValue = "true")
    boolean starttls;

    @Resource
    ManagedExecutorService executor;

    private final Rounds rounds = new Rounds(this::runBatch);
    private Courier courier;

    @PostConstruct
    void chooseDestination() {
        boolean production = environment.production();
        courier = Courier.forEnvironment(production,
                SmtpSettings.of(host, port, username, password, from, starttls), outbox.seal(), requests);
        LOG.log(courier.holding() ? Level.SEVERE : Level.INFO, "Transactional e-mail goes to " + courier.destination());
    }

    /** The trigger: a batch every five seconds, for mail due again after a failure and mail queued elsewhere. */
    @Schedule(second = "*/5", minute = "*", hour = "*", persistent = false, info = "mail dispatch")
    public void dispatch() {
        rounds.ask();
    }

    /**
     * Sends what a committed transaction queued now, on a managed thread, rather than at the next trigger: a sign-in
     * link or an invitation arrives in the time SMTP takes, not up to five seconds later. The request that queued it
     * does not wait for SMTP, and nothing is sent for a transaction that rolled back. Requests (a password reset's) are
     * not announced and wait for the trigger (S1). Without a destination (production without SMTP) there is nothing to
     * send early.
     */
    public void queued(@Observes(during = TransactionPhase.AFTER_SUCCESS) MailQueued queued) {
        if (courier.holding()) {
            return;
        }
        try {
            executor.execute(rounds::ask);
        } catch (RejectedExecutionException stopping) {
            // Undeploying: the next trigger (of this instance or another) sends the mail.
            LOG.log(Level.FINE, "Mail dispatch not started early; the next trigger sends", stopping);
        }
    }

    /**
     * One batch, one at a time ({@link Rounds}): a batch slower than the period is left to finish, and the triggers and
     * queued mail meanwhile make it go round once more.
     */
    private void runBatch() {
        try (Connection db = dataSource.getConnection()) {
            db.setAutoCommit(true);
            courier.run(db);
        } catch (SQLException | RuntimeException e) {
            LOG.log(Level.WARNING, "Mail dispatch failed; the next trigger tries again", e);
        }
    }
}
