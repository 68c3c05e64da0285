package ai.humane.webhooks.control;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.topic.ITopic;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * What the dispatcher's lanes know of changes to endpoints (W1, W3): per endpoint, the newest generation (V45) that a
 * committed change gave it, or {@link #GONE} once it is deleted. A claim carries the generation it read the URL and
 * secrets at; a delivery claimed before a later generation is outdated, and its lane hands it back untried instead of
 * sending it to the old URL or signing it with a secret no longer current ({@link Lanes}), and the endpoint's circuit
 * breaker starts afresh, paying no heed to the outcomes of such claims' tries ({@link EndpointGuards}). Asked before
 * every send and after every try, so it is a map look-up, never the database's.
 *
 * <p>A change committed on this instance is known here as its transaction commits ({@link #committed}), and is told to
 * the other instances through the data grid's topic {@value #TOPIC}, which hears its notices within milliseconds
 * ({@link #onGrid}). A notice is the endpoint and its generation as text: in any order, told twice or echoed back to
 * this instance, it comes to the same newest generation. A notice the grid loses (a member cut off) leaves that
 * instance's claims of the endpoint to the half-lease rule: none is sent later than a minute after its claim.
 *
 * <p>What is remembered is bounded: an endpoint's generation is forgotten a lease after it was heard, when every claim
 * made before it is past half its lease and is never sent; a claim made after it read the change itself.
 */
public final class EndpointChanges {

    /** The data grid's topic of notices, one per committed change of an endpoint. */
    static final String TOPIC = "humane-webhook-endpoint-changes";
    /** The generation of a deleted endpoint: later than any it had. */
    public static final long GONE = Long.MAX_VALUE;

    private static final Logger LOG = Logger.getLogger(EndpointChanges.class.getName());

    private final Map<UUID, Heard> newest = new ConcurrentHashMap<>();
    private final Consumer<String> others;

    /** A generation and when it was heard ({@link System#nanoTime()}). */
    private record Heard(long generation, long at) {
    }

    /** Changes this instance alone knows of: a single instance, or a test. */
    public EndpointChanges() {
        this(notice -> {
        });
    }

    /** Changes told to the other instances by {@code others} (the topic), and heard from them by {@link #heard}. */
    public EndpointChanges(Consumer<String> others) {
        this.others = others;
    }

    /**
     * Changes shared with every member of {@code grid}: this instance's are published on its topic, the others' are
     * heard from it. The topic holds text only, so its listener needs no class of this application.
     */
    public static EndpointChanges onGrid(HazelcastInstance grid) {
        ITopic<String> topic = grid.getTopic(TOPIC);
        EndpointChanges changes = new EndpointChanges(topic::publish);
        topic.addMessageListener(message -> changes.heard(message.getMessageObject()));
        return changes;
    }

    /**
     * A change of {@code endpoint} committed on this instance, which gave it {@code generation} ({@link #GONE}: it was
     * deleted): known here at once, then told to the others. Called after the commit, never before: a claim made in
     * between would read the old endpoint with a generation this one does not exceed.
     */
    public void committed(UUID endpoint, long generation) {
        heard(endpoint, generation);
        try {
            others.accept(notice(endpoint, generation));
        } catch (RuntimeException e) {
            // The change holds here; elsewhere the half-lease rule bounds what the lost notice lets through.
            LOG.warning(() -> "The other instances could not be told that webhook endpoint " + endpoint
                    + " changed; their claims of it end within half a lease: " + e);
        }
    }

    /** A notice of another instance's change (or this one's, echoed by the grid); a malformed one is ignored. */
    public void heard(String notice) {
        int colon = notice == null ? -1 : notice.indexOf(':');
        try {
            heard(UUID.fromString(notice.substring(0, colon)), Long.parseLong(notice.substring(colon + 1)));
        } catch (RuntimeException e) {
            LOG.warning(() -> "A notice of an endpoint change that is not one was ignored: " + notice);
        }
    }

    /** True when {@code delivery} was claimed before a change of its endpoint this instance was told of. */
    public boolean outdated(ClaimedDelivery delivery) {
        Heard heard = newest.get(delivery.endpointId());
        return heard != null && heard.generation() > delivery.generation();
    }

    /**
     * The newest generation of {@code endpoint} this instance was told of, {@link Long#MIN_VALUE} when none (none
     * in the last lease): its breaker is the one of that generation or a later one ({@link EndpointGuards}).
     */
    public long generation(UUID endpoint) {
        Heard heard = newest.get(endpoint);
        return heard == null ? Long.MIN_VALUE : heard.generation();
    }

    static String notice(UUID endpoint, long generation) {
        return endpoint + ":" + generation;
    }

    private void heard(UUID endpoint, long generation) {
        long now = System.nanoTime();
        newest.merge(endpoint, new Heard(generation, now),
                (known, told) -> known.generation() >= told.generation() ? known : told);
        long forgotten = now - Dispatch.LEASE.toNanos();
        newest.values().removeIf(heard -> heard.at() - forgotten < 0);
    }
}
