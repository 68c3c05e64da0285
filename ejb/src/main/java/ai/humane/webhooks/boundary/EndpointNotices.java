package ai.humane.webhooks.boundary;

import ai.humane.grid.control.GridObjects;
import ai.humane.webhooks.control.EndpointChanges;
import com.hazelcast.core.HazelcastInstance;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.UUID;

/**
 * Tells the dispatcher's lanes, on this instance and through the data grid on every other (which a single instance
 * started with --nocluster still runs, as a grid of one: docs/scaling.md), that an endpoint changed (W1, W3): its
 * claimed deliveries are then handed back untried rather than sent with what their claim read ({@link EndpointChanges}).
 */
@ApplicationScoped
public class EndpointNotices {

    @Resource(lookup = "payara/Hazelcast")
    HazelcastInstance grid;

    @Resource
    TransactionSynchronizationRegistry transactions;

    private EndpointChanges changes;

    /**
     * Opens the topic outside the application's invocation ({@link GridObjects}), as the rate counters' map is: Payara
     * would re-enter it around each of the topic's operations, the listener's too. The notices are text.
     */
    @PostConstruct
    void connect() {
        changes = GridObjects.openedOutsideInvocation("humane-endpoint-changes-opening", "The webhook endpoints' topic",
                () -> EndpointChanges.onGrid(grid));
    }

    /** What this instance's lanes ask before each send. */
    public EndpointChanges changes() {
        return changes;
    }

    /**
     * {@code endpoint} has {@code generation} ({@link EndpointChanges#GONE} when deleted) once the caller's transaction
     * commits: told then, never before (a claim made in between would read the old endpoint and not be outdated), and
     * not at all when it rolls back.
     */
    public void onCommit(UUID endpoint, long generation) {
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    changes.committed(endpoint, generation);
                }
            }
        });
    }
}
