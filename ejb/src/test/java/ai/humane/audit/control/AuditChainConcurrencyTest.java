package ai.humane.audit.control;

import static ai.humane.audit.control.AuditFixtures.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** Many writers in one tenant at once: every event gets the next seq and links to the one before. */
class AuditChainConcurrencyTest {

    private static final int WRITERS = 8;
    private static final int EVENTS_EACH = 25;

    @Test
    void concurrentWritersOfOneTenantGetGapFreeSeqsAndAnIntactChain() throws Exception {
        AuditFixtures fixtures = AuditFixtures.migrated();
        UUID tenant = fixtures.tenant();
        UUID neighbour = fixtures.tenant();
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS + 1);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<List<Long>>> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                writers.add(pool.submit(writer(fixtures, tenant, start, EVENTS_EACH)));
            }
            Future<List<Long>> other = pool.submit(writer(fixtures, neighbour, start, EVENTS_EACH));
            start.countDown();
            List<Long> seqs = new ArrayList<>();
            for (Future<List<Long>> writer : writers) {
                seqs.addAll(writer.get(120, TimeUnit.SECONDS));
            }
            seqs.sort(null);
            assertEquals(LongStream.rangeClosed(1, WRITERS * EVENTS_EACH).boxed().toList(), seqs);
            assertEquals(LongStream.rangeClosed(1, EVENTS_EACH).boxed().toList(), other.get(120, TimeUnit.SECONDS));
        } finally {
            pool.shutdownNow();
        }
        assertEquals(new ChainVerification(true, WRITERS * EVENTS_EACH, null), fixtures.verify(tenant));
        assertEquals(new ChainVerification(true, EVENTS_EACH, null), fixtures.verify(neighbour));
    }

    /** One connection, one transaction per event, as concurrent requests of one tenant would write. */
    private static Callable<List<Long>> writer(AuditFixtures fixtures, UUID tenant, CountDownLatch start, int events) {
        return () -> {
            List<Long> seqs = new ArrayList<>();
            try (Connection c = fixtures.app()) {
                c.setAutoCommit(false);
                if (!start.await(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the writers' start was not given within 60 s");
                }
                for (int i = 0; i < events; i++) {
                    AuditFixtures.enter(c, tenant);
                    seqs.add(new AuditChain().append(c, entry("engine.updated", "{\"n\": " + i + "}", "{\"n\": " + (i + 1) + "}")));
                    c.commit();
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            return seqs;
        };
    }
}
