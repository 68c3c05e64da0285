package ai.humane.webhooks.boundary;

import ai.humane.crypto.control.FieldEncryption;
import ai.humane.mail.control.Outbox;
import ai.humane.optouts.boundary.EmailLinks;
import ai.humane.webhooks.control.ClaimedDelivery;
import ai.humane.webhooks.control.Dispatch;
import ai.humane.webhooks.control.EndpointGuards;
import ai.humane.webhooks.control.Outcome;
import ai.humane.webhooks.control.Receivers;
import ai.humane.webhooks.control.Sender;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Delivers queued webhook events (W3). Every instance runs its own non-persistent trigger each second and
 * the rows decide who sends what (FOR UPDATE SKIP LOCKED and a lease), so a restart loses nothing: what
 * was pending is still pending, and what a dead instance held comes back when its lease runs out. The
 * trigger only claims; sending runs on a pool of managed threads, in per-endpoint lanes (a Resilience4j
 * bulkhead), so a receiver that hangs for the whole read timeout holds up its own deliveries and nobody else's;
 * an endpoint that keeps failing is left alone for a while by its circuit breaker (Resilience4j too).
 */
@Singleton
@Startup
@DependsOn("StartupChecks")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
// Bean-managed: Payara 6 wraps @Schedule timeouts in a container transaction even under NOT_SUPPORTED,
// which breaks the explicit per-tenant transactions on the raw connection (see MailDispatcher).
@TransactionManagement(TransactionManagementType.BEAN)
public class WebhookDispatcher {

    private static final Logger LOG = Logger.getLogger(WebhookDispatcher.class.getName());
    /**
     * Senders of this instance. A pool of its own, not the default managed executor, whose size is the
     * server's to choose: with a single thread one hanging receiver would stall every delivery again.
     */
    private static final int SENDERS = 16;

    @Resource(lookup = "java:app/jdbc/humane")
    DataSource dataSource;

    @Inject
    Receivers receivers;

    @Inject
    FieldEncryption secrets;

    @Inject
    EmailLinks emailLinks;

    @Inject
    Outbox outbox;

    @Resource
    ManagedThreadFactory threads;

    /** Deliveries in flight to one endpoint at most (WEBHOOKS_ENDPOINT_CONCURRENCY), 1 to {@link #SENDERS}. */
    @Inject
    @ConfigProperty(name = "webhooks.endpoint-concurrency", defaultValue = "2")
    int laneWidth;

    private final AtomicBoolean running = new AtomicBoolean();
    private EndpointGuards guards;
    private Dispatch dispatch;
    private Sender sender;
    private ExecutorService executor;

    @PostConstruct
    void prepare() {
        if (laneWidth > SENDERS) {
            throw new IllegalStateException("WEBHOOKS_ENDPOINT_CONCURRENCY is " + laneWidth + ": at most " + SENDERS
                    + ", the senders of an instance");
        }
        Clock clock = Clock.systemUTC();
        guards = new EndpointGuards(laneWidth, 5, Duration.ofSeconds(30), clock);
        sender = new Sender(receivers.client(), secrets::open, clock);
        dispatch = new Dispatch(clock, emailLinks.links(), outbox.queue());
        executor = Executors.newFixedThreadPool(SENDERS, threads);
    }

    @PreDestroy
    void stop() {
        // Deliveries still in flight are not recorded; their leases run out and they are tried again.
        executor.shutdownNow();
    }

    @Schedule(second = "*", minute = "*", hour = "*", persistent = false, info = "webhook dispatch")
    public void dispatch() {
        // A claim slower than the period is left to finish; the next trigger skips instead of queueing.
        if (!running.compareAndSet(false, true)) {
            return;
        }
        try (Connection db = dataSource.getConnection()) {
            db.setAutoCommit(true);
            long claimedAt = System.nanoTime();
            Set<UUID> skipped = new HashSet<>(guards.full());
            skipped.addAll(guards.open());
            for (ClaimedDelivery delivery : dispatch.claim(db, skipped)) {
                if (guards.enter(delivery.endpointId())) {
                    executor.execute(() -> deliver(delivery, claimedAt));
                } else {
                    dispatch.release(db, delivery);
                }
            }
        } catch (SQLException | RuntimeException e) {
            LOG.log(Level.WARNING, "Webhook dispatch failed; the next trigger tries again", e);
        } finally {
            running.set(false);
        }
    }

    private void deliver(ClaimedDelivery delivery, long claimedAt) {
        Outcome outcome = null;
        try {
            // A delivery that waited in the queue past half its lease goes back untried: another instance
            // may take it over soon, and it must not find this one still sending.
            if (System.nanoTime() - claimedAt >= Dispatch.LEASE.toNanos() / 2) {
                try (Connection db = dataSource.getConnection()) {
                    db.setAutoCommit(true);
                    dispatch.release(db, delivery);
                }
                return;
            }
            outcome = sender.send(delivery);
            try (Connection db = dataSource.getConnection()) {
                db.setAutoCommit(true);
                dispatch.record(db, delivery, outcome);
            }
        } catch (SQLException | RuntimeException e) {
            // The lease runs out and the delivery is claimed again: at least once, never lost.
            LOG.log(Level.WARNING, "Delivery " + delivery.id() + " could not be recorded; it will be tried again", e);
        } finally {
            // The outcome feeds the breaker even when it could not be recorded; untried, the breaker's
            // permission (a half-open breaker's one trial) goes back.
            guards.leave(delivery.endpointId(), outcome);
            // A freed lane claims the endpoint's next due delivery now rather than at the next tick:
            // with two lanes an endpoint would otherwise get about two deliveries a second (measured in
            // bench/webhooks). The claim finds nothing when nothing is due, and the round is skipped
            // while another one runs.
            if (!executor.isShutdown()) {
                executor.execute(this::dispatch);
            }
        }
    }
}
