package ai.humane.audit.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.humane.tenancy.control.TenantTransactions;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The places for exports of a tenant's audit log are shared by every instance (O6): each connection here is one
 * instance's, a session of its own as the runtime role, as the replicas' pools are. Two holders on two connections
 * exclude a third on a third; a place comes back when given back, or when its holder's lease runs out unrenewed (an
 * instance that died), but not while a batch is read under it, even past its lease, until the reading connection has
 * gone; a holder whose place went to another reads no more. Every statement that could wait is bounded by a statement timeout.
 */
class ExportPlacesTest {

    private final ExportPlaces places = new ExportPlaces();
    private AuditFixtures fixtures;
    private UUID tenant;

    @BeforeEach
    void migrated() throws SQLException {
        fixtures = AuditFixtures.migrated();
        tenant = fixtures.tenant();
    }

    @Test
    void twoHoldersOnTwoInstancesExcludeAThirdButNotAnotherTenant() throws SQLException {
        UUID neighbour = fixtures.tenant();
        try (Connection first = instance(); Connection second = instance(); Connection third = instance()) {
            assertTrue(take(first, tenant, UUID.randomUUID()));
            assertTrue(take(second, tenant, UUID.randomUUID()));
            assertFalse(take(third, tenant, UUID.randomUUID()), "a third export of the tenant, on a third instance");
            assertFalse(take(first, tenant, UUID.randomUUID()), "nor on one that holds a place already");
            assertTrue(take(third, neighbour, UUID.randomUUID()), "another tenant's export is not held back");
        }
        assertEquals("2", fixtures.single("SELECT count(*) FROM audit_export_places WHERE tenant_id = ?", tenant));
    }

    @Test
    void aPlaceGivenBackIsTakenOnAnotherInstance() throws SQLException {
        UUID done = UUID.randomUUID();
        try (Connection first = instance(); Connection second = instance(); Connection third = instance()) {
            assertTrue(take(first, tenant, done));
            assertTrue(take(second, tenant, UUID.randomUUID()));
            TenantTransactions.inTenant(first, tenant, tx -> {
                places.giveBack(tx, done);
                return null;
            });
            assertTrue(take(third, tenant, UUID.randomUUID()));
        }
    }

    @Test
    void aDeadInstancesPlaceIsFreeOnceItsLeaseRunsOutAndNotBefore() throws SQLException {
        UUID dead = UUID.randomUUID();
        try (Connection gone = instance()) {
            assertTrue(take(gone, tenant, dead));
        }
        try (Connection second = instance(); Connection third = instance()) {
            assertTrue(take(second, tenant, UUID.randomUUID()));
            assertFalse(take(third, tenant, UUID.randomUUID()), "the dead instance's lease still runs");
            lapse(dead);
            assertTrue(take(third, tenant, UUID.randomUUID()), "its lease ran out unrenewed");
            assertEquals("0", fixtures.single("SELECT count(*) FROM audit_export_places WHERE holder = ?", dead));
        }
    }

    @Test
    void aRenewedPlaceOutlivesItsFirstLease() throws SQLException {
        UUID alive = UUID.randomUUID();
        try (Connection first = instance(); Connection second = instance(); Connection third = instance()) {
            assertTrue(take(first, tenant, alive));
            assertTrue(take(second, tenant, UUID.randomUUID()));
            lapse(alive);
            assertEquals(1, (int) TenantTransactions.inTenant(first, tenant, tx -> places.renew(tx, List.of(alive))));
            assertFalse(take(third, tenant, UUID.randomUUID()), "the renewal made it the holder's again");
        }
    }

    @Test
    void aPlaceReadUnderIsNotTakenWhileItsHoldersTransactionLasts() throws SQLException {
        UUID reading = UUID.randomUUID();
        try (Connection second = instance(); Connection third = instance()) {
            try (Connection holder = instance()) {
                assertTrue(take(holder, tenant, reading));
                assertTrue(take(second, tenant, UUID.randomUUID()));
                holder.setAutoCommit(false);
                AuditFixtures.enter(holder, tenant);
                assertTrue(places.keep(holder, reading), "a batch is being read under the place");
                // The batch outlasts its lease (done in its own transaction, which holds the row).
                AuditFixtures.update(holder, "UPDATE audit_export_places SET held_until = now() - interval '1 second'"
                        + " WHERE holder = ?", reading);
                assertFalse(take(third, tenant, UUID.randomUUID()), "a lapsed place a batch is read under is skipped");
                assertEquals(0, (int) TenantTransactions.inTenant(second, tenant, tx -> places.renew(tx, List.of(reading))),
                        "the renewal skips it too, without waiting");
            }
            // Its transaction went with its connection (the renewal and the lapse too): the lease taken stands, and
            // once that has run out (the lapse waits for the holder's backend to have ended) the place is free.
            lapse(reading);
            assertTrue(take(third, tenant, UUID.randomUUID()), "the holder's connection went, its row lock with it");
        }
    }

    /**
     * An instance that went away in the middle of a batch leaves its transaction open, idle, holding the place's row:
     * PostgreSQL ends it after the batch's idle timeout (a second here, the lease in the application), and the place,
     * its lease run out, is taken. Without the timeout the row stays held for as long as the connection looks alive.
     */
    @Test
    void aBatchLeftIdleIsEndedByTheServerAndItsPlaceTaken() throws Exception {
        UUID stranded = UUID.randomUUID();
        try (Connection second = instance(); Connection third = instance(); Connection holder = instance()) {
            assertTrue(take(holder, tenant, stranded));
            assertTrue(take(second, tenant, UUID.randomUUID()));
            // Its instance renews nothing more, so the lease runs out; the batch's renewal goes with its transaction.
            lapse(stranded);
            holder.setAutoCommit(false);
            AuditFixtures.enter(holder, tenant);
            assertTrue(new ExportPlaces(Duration.ofSeconds(1)).keep(holder, stranded), "a batch began under the place");
            assertFalse(take(third, tenant, UUID.randomUUID()), "the batch's open transaction holds the place");
            Instant deadline = Instant.now().plusSeconds(10);
            boolean taken = false;
            while (!taken && Instant.now().isBefore(deadline)) {
                Thread.sleep(50);
                taken = take(third, tenant, UUID.randomUUID());
            }
            assertTrue(taken, "the idle batch transaction was never ended");
            assertFalse(holder.isValid(5), "the server ended the idle batch's session");
        }
    }

    @Test
    void aHolderWhosePlaceWentToAnotherReadsNoMore() throws SQLException {
        UUID late = UUID.randomUUID();
        try (Connection first = instance(); Connection second = instance(); Connection third = instance()) {
            assertTrue(take(first, tenant, late));
            assertTrue(take(second, tenant, UUID.randomUUID()));
            lapse(late);
            assertTrue(take(third, tenant, UUID.randomUUID()));
            boolean kept = TenantTransactions.inTenant(first, tenant, tx -> places.keep(tx, late));
            assertFalse(kept, "its next batch finds the place another's");
            assertEquals(0, (int) TenantTransactions.inTenant(first, tenant, tx -> places.renew(tx, List.of(late))),
                    "nor does this instance's renewal win it back");
        }
    }

    /** One instance's connection as the runtime role; no statement of the test waits longer than five seconds. */
    private Connection instance() throws SQLException {
        Connection c = fixtures.app();
        try (Statement settings = c.createStatement()) {
            settings.execute("SET statement_timeout = '5s'");
        }
        return c;
    }

    private boolean take(Connection c, UUID of, UUID holder) throws SQLException {
        return TenantTransactions.inTenant(c, of, tx -> places.take(tx, holder));
    }

    /** The holder's lease ran out: what the clock does to an instance that renews no more. */
    private void lapse(UUID holder) throws SQLException {
        fixtures.tamper("UPDATE audit_export_places SET held_until = now() - interval '1 second' WHERE holder = ?", holder);
    }
}
