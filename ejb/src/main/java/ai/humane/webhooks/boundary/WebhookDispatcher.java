package ai.humane.webhooks.boundary;

import ai.humane.crypto.control.FieldEncryption;
import ai.humane.dispatch.control.Rounds;
import ai.humane.mail.control.Outbox;
import ai.humane.optouts.boundary.EmailLinks;
import ai.humane.outbound.control.OutboundClient;
import ai.humane.outbound.control.OutboundLimits;
import ai.humane.webhooks.control.ClaimedDelivery;
import ai.humane.webhooks.control.Dispatch;
import ai.humane.webhooks.control.EndpointGuards;
import ai.humane.webhooks.control.Lanes;
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
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Delivers queued webhook events (W3). Every instance runs its own non-persistent trigger each second and
 * the rows decide who sends what (FOR UPDATE SKIP LOCKED and a lease), so a restart loses nothing: what
 * was pending is still pending, and what a dead instance held comes back when its lease runs out. The
 * trigger only claims; sending runs on a pool of managed threads, in per-endpoint lanes (a Resilience4j
 * bulkhead), so a receiver that hangs for the whole read timeout holds up its own deliveries and nobody else's;
 * an endpoint that keeps failing is left alone for a while by its circuit breaker (Resilience4j too). One tenant's
 * lanes together take at most its share of the senders ({@code WEBHOOKS_TENANT_CONCURRENCY}), so one tenant's
 * hanging receivers, however many, leave the other tenants' deliveries senders to run on.
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

    /** The senders' widths (WEBHOOKS_ENDPOINT_CONCURRENCY, WEBHOOKS_TENANT_CONCURRENCY), checked at boot. */
    @Inject
    WebhookSenders senders;

    /** Changes of endpoints committed on any instance: a claimed delivery of a changed endpoint goes back untried. */
    @Inject
    EndpointNotices notices;

    private int laneWidth;
    private final Rounds rounds = new Rounds(this::claimRound);
    /** The schedule asked for a round: it claims for every tenant with due deliveries. */
    private final AtomicBoolean everyTenant = new AtomicBoolean();
    /** Lanes that ran dry since the last round: a round asked only by them claims for their tenants alone. */
    private final Set<Lanes.Freed> freedLanes = ConcurrentHashMap.newKeySet();
    private EndpointGuards guards;
    private Dispatch dispatch;
    private Sender sender;
    /** Its own pool, keeping of each answer only the excerpt the try records (the rest is read and counted, W3). */
    private OutboundClient client;
    private ExecutorService executor;
    private Lanes lanes;

    @PostConstruct
    void prepare() {
        laneWidth = senders.endpointWidth();
        Clock clock = Clock.systemUTC();
        guards = new EndpointGuards(laneWidth, 5, Duration.ofSeconds(30), clock, notices.changes());
        client = new OutboundClient(receivers.guard(), OutboundLimits.production().keepingAtMost(Outcome.EXCERPT_BYTES));
        sender = new Sender(client, secrets::open, clock);
        dispatch = new Dispatch(clock, emailLinks.links(), outbox.queue(), notices.changes(), outbox::committed);
        executor = Executors.newFixedThreadPool(WebhookSenders.SENDERS, threads);
        lanes = new Lanes(dispatch, guards, laneWidth, senders.tenantWidth(), sender::send, this::connection, executor,
                notices.changes());
    }

    private Connection connection() throws SQLException {
        Connection db = dataSource.getConnection();
        db.setAutoCommit(true);
        return db;
    }

    @PreDestroy
    void stop() {
        // Deliveries still in flight are not recorded; their leases run out and they are tried again.
        executor.shutdownNow();
        try {
            client.close();
        } catch (IOException e) {
            LOG.log(Level.FINE, "Closing the webhook client failed", e);
        }
    }

    @Schedule(second = "*", minute = "*", hour = "*", persistent = false, info = "webhook dispatch")
    public void dispatch() {
        // One claim round at a time; a trigger that finds a round running asks it for one more (Rounds).
        everyTenant.set(true);
        rounds.ask();
    }

    /**
     * Holds the due deliveries of disabled endpoints that the triggers could not, and puts back those held under enabled
     * ones (Dispatch.holdStrays), once a minute on every instance: sweeps that meet skip each other's rows (SKIP LOCKED), and the next one takes what is left.
     */
    @Schedule(second = "17", minute = "*", hour = "*", persistent = false, info = "webhook strays")
    public void holdStrays() {
        try (Connection db = connection()) {
            int held = dispatch.holdStrays(db);
            if (held > 0) {
                LOG.info(() -> held + " webhook deliveries were held (their endpoint disabled) or put back (enabled)");
            }
        } catch (SQLException | RuntimeException e) {
            LOG.log(Level.WARNING, "Sweeping the deliveries of disabled and enabled endpoints failed; the next sweep tries again", e);
        }
    }

    private void claimRound() {
        try (Connection db = connection()) {
            long claimedAt = System.nanoTime();
            Set<UUID> skipped = new HashSet<>(guards.full());
            skipped.addAll(guards.open());
            // Four deliveries a lane at the endpoint's full width: a claim (a look-up of the tenants with due work and a
            // transaction) per delivery or two was as much work as the deliveries themselves (bench/webhooks).
            int batch = Math.max(Dispatch.BATCH_SIZE, 4 * laneWidth);
            boolean all = everyTenant.getAndSet(false);
            // A lane's endpoint that is full again (a round since took the place it gave up) or open is not claimed for:
            // the claim could only pass over that endpoint's due deliveries (50 of 132 rounds of a drain claimed nothing
            // so, bench/webhooks); the lanes holding the places ask again when they end, the schedule's round once a
            // second for the tenant's other endpoints.
            Set<UUID> freed = new LinkedHashSet<>();
            for (Iterator<Lanes.Freed> taken = freedLanes.iterator(); taken.hasNext(); ) {
                Lanes.Freed lane = taken.next();
                taken.remove();
                if (!skipped.contains(lane.endpoint())) {
                    freed.add(lane.tenant());
                }
            }
            // A tenant running all the lanes it may is not claimed for: nothing claimed could start (its lanes claim
            // again as they end).
            Collection<UUID> tenants = all ? dispatch.dueTenants(db) : freed;
            tenants.removeAll(lanes.fullTenants());
            List<ClaimedDelivery> claimed = dispatch.claim(db, tenants, skipped, batch);
            lanes.start(db, claimed, claimedAt, this::freed);
        } catch (SQLException | RuntimeException e) {
            LOG.log(Level.WARNING, "Webhook dispatch failed; the next trigger tries again", e);
        }
    }

    /**
     * A freed lane claims its tenant's next due deliveries now rather than at the next tick: with two lanes an
     * endpoint would otherwise get about two deliveries a second (measured in bench/webhooks). The claim finds
     * nothing when nothing is due. Only the schedule's rounds look for every tenant with due work (once a second):
     * the other tenants' deliveries wait for it as they did before any lane freed, and their own lanes then go on.
     */
    private void freed(Lanes.Freed lane) {
        if (!executor.isShutdown()) {
            freedLanes.add(lane);
            executor.execute(rounds::ask);
        }
    }
}
