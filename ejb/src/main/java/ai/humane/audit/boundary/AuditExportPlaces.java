package ai.humane.audit.boundary;

import ai.humane.audit.control.ExportPlaces;
import ai.humane.tenancy.control.TenantTransactions;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * The places this instance holds for exports of tenants' audit logs (L1, O6): at most {@link ExportPlaces#PER_TENANT}
 * of a tenant's exports at once across every instance, since the places are rows in PostgreSQL ({@link ExportPlaces}).
 * A place is taken when the export's stream starts and given back when it ends, written whole or broken off; this
 * instance renews the places it holds every ten seconds, and an instance that dies stops renewing, so its places
 * are free {@link ExportPlaces#LEASE} after its last renewal. No database work while no export runs here.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
// Bean-managed, as MailDispatcher: each step is a transaction of its own on a plain connection.
@TransactionManagement(TransactionManagementType.BEAN)
public class AuditExportPlaces {

    private static final Logger LOG = Logger.getLogger(AuditExportPlaces.class.getName());

    @Resource(lookup = "java:app/jdbc/humane")
    DataSource dataSource;

    /** Each export's holder id here, with its tenant. */
    private final Map<UUID, UUID> held = new ConcurrentHashMap<>();
    private final AtomicBoolean renewing = new AtomicBoolean();
    private final ExportPlaces places = new ExportPlaces();

    /** A place of the tenant for a new export (its holder id), or empty while all are held. */
    public Optional<UUID> take(UUID tenant) {
        UUID holder = UUID.randomUUID();
        try (Connection db = dataSource.getConnection()) {
            if (!TenantTransactions.inTenant(db, tenant, tx -> places.take(tx, holder))) {
                return Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("An audit export place could not be taken", e);
        }
        held.put(holder, tenant);
        return Optional.of(holder);
    }

    /** Gives the place back (again is nothing); should that fail, its lease runs out unrenewed. */
    public void giveBack(UUID holder) {
        UUID tenant = held.remove(holder);
        if (tenant == null) {
            return;
        }
        try (Connection db = dataSource.getConnection()) {
            TenantTransactions.inTenant(db, tenant, tx -> {
                places.giveBack(tx, holder);
                return null;
            });
        } catch (SQLException | RuntimeException e) {
            LOG.log(Level.WARNING, "An audit export place could not be given back; its lease runs out unrenewed", e);
        }
    }

    /** Every ten seconds ({@link ExportPlaces#RENEWAL}): renews the places held here, tenant by tenant. */
    @Schedule(second = "*/10", minute = "*", hour = "*", persistent = false, info = "audit export places renewed")
    public void renew() {
        if (held.isEmpty() || !renewing.compareAndSet(false, true)) {
            return;
        }
        try (Connection db = dataSource.getConnection()) {
            Map<UUID, List<UUID>> byTenant = held.entrySet().stream().collect(
                    Collectors.groupingBy(Map.Entry::getValue, Collectors.mapping(Map.Entry::getKey, Collectors.toList())));
            for (Map.Entry<UUID, List<UUID>> tenant : byTenant.entrySet()) {
                TenantTransactions.inTenant(db, tenant.getKey(), tx -> places.renew(tx, tenant.getValue()));
            }
        } catch (SQLException | RuntimeException e) {
            LOG.log(Level.WARNING, "Audit export places could not be renewed; the next trigger tries again", e);
        } finally {
            renewing.set(false);
        }
    }
}
