package ai.humane.status.boundary;

import ai.humane.status.control.AppEnvironment;
import ai.humane.status.control.BootCheck;
import ai.humane.status.control.BootRefusals;
import ai.humane.status.control.MetricsToken;
import ai.humane.status.control.SchemaMigrations;
import ai.humane.status.control.SchemaParity;
import ai.humane.tenancy.control.TenancyWalls;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.persistence.descriptors.ClassDescriptor;
import org.eclipse.persistence.sessions.Session;

/**
 * Runs before the application takes traffic. Development migrates the schema as the owner role;
 * production never migrates and refuses to start below the newest migration (O1). Either way the
 * deployment fails unless the database keeps tenants apart on its own (T1), and production refuses to run
 * without its keys or with a test-only switch. Every reason is gathered first and each logged on its own line.
 */
@Singleton
@Startup
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class StartupChecks {

    private static final Logger LOG = Logger.getLogger(StartupChecks.class.getName());

    @Resource(lookup = "java:app/jdbc/humane")
    DataSource dataSource;

    @PersistenceContext(unitName = "humane")
    EntityManager em;

    @Inject
    AppEnvironment environment;

    @Inject
    @ConfigProperty(name = "db.url")
    String url;

    @Inject
    @ConfigProperty(name = "db.user")
    String appRole;

    @Inject
    @ConfigProperty(name = "db.migration.user")
    Optional<String> migrationUser;

    @Inject
    @ConfigProperty(name = "db.migration.password")
    Optional<String> migrationPassword;

    @Inject
    @ConfigProperty(name = "outbound.allowlist")
    Optional<String> outboundAllowList;

    @Inject
    @ConfigProperty(name = "fernet.keys")
    Optional<String> fernetKeys;

    @Inject
    @ConfigProperty(name = "edge.chain", defaultValue = "on")
    String edgeChain;

    @Inject
    @ConfigProperty(name = "analysis", defaultValue = "on")
    String analysis;

    @Inject
    @ConfigProperty(name = "metrics.token")
    Optional<String> metricsToken;

    @Inject
    @Any
    Instance<BootCheck> checks;

    private String newestVersion;

    @PostConstruct
    void check() {
        BootRefusals refusals = new BootRefusals();
        environment.refusal().ifPresent(refusals::add);
        checks.forEach(check -> refusals.check(check::verify));
        newestVersion = production() ? refuseIfBehind(refusals) : migrate();
        try (Connection connection = dataSource.getConnection()) {
            TenancyWalls walls = new TenancyWalls();
            List<String> breaches = new ArrayList<>(walls.breaches(connection));
            breaches.addAll(walls.entityBreaches(connection, mappedTables()));
            breaches.forEach(breach -> refusals.add("tenant isolation (T1) is not enforced by the database: " + breach));
            for (String table : walls.unexplainedTables(connection)) {
                refusals.addOrWarn(production(), "tenant isolation (T1): " + table);
            }
        } catch (SQLException e) {
            refusals.add("the database could not be checked (" + e.getSQLState() + ")");
        }
        if (production()) {
            refusals.addIf(present(outboundAllowList), "OUTBOUND_ALLOWLIST is set; loopback receivers are for tests and the local run (N1)");
            refusals.addIf(!present(fernetKeys), "FERNET_KEYS is missing; secrets at rest cannot be sealed (K3)");
            refusals.addIf(!"on".equals(edgeChain), "EDGE_CHAIN is not on; rate limits, idempotency keys, security headers and the access log are not optional (A1, A2, L2)");
            refusals.addIf(!"on".equals(analysis), "ANALYSIS is not on; messages must be analysed (bench/analysis only)");
        }
        // Metrics are simply closed without a token; one that is set but guessable refuses to start anywhere.
        refusals.check(() -> MetricsToken.from(metricsToken));
        if (!refusals.reasons().isEmpty()) {
            newestVersion = null;
        }
        refusals.enforce();
    }

    private static boolean present(Optional<String> value) {
        return value.filter(v -> !v.isBlank()).isPresent();
    }

    /** Each entity's table and whether EclipseLink filters it by tenant. */
    private Map<String, Boolean> mappedTables() {
        Map<String, Boolean> mapped = new HashMap<>();
        for (ClassDescriptor descriptor : em.unwrap(Session.class).getDescriptors().values()) {
            if (descriptor.getTableName() != null) {
                mapped.merge(descriptor.getTableName(), descriptor.hasMultitenantPolicy(), Boolean::logicalAnd);
            }
        }
        return mapped;
    }

    /** The schema version this release needs, for the readiness check; null when the boot was refused. */
    public String newestVersion() {
        return newestVersion;
    }

    public boolean production() {
        return environment.production();
    }

    private String refuseIfBehind(BootRefusals refusals) {
        SchemaMigrations schema = SchemaMigrations.on(dataSource, appRole);
        SchemaParity parity = schema.parity();
        if (parity.behind()) {
            refusals.add(parity.describe());
        } else {
            LOG.info(parity.describe());
        }
        schema.mismatches().forEach(line -> refusals.add("the database's migration history does not match this"
                + " release's migrations: " + line));
        return parity.newest();
    }

    private String migrate() {
        String owner = migrationUser.filter(u -> !u.isBlank()).orElseThrow(() -> new IllegalStateException(
                "Refusing to start: development migrates at boot as the owner role, but DB_MIGRATION_USER is not set"));
        SchemaMigrations schema = SchemaMigrations.on(url, owner, migrationPassword.orElse(""), appRole);
        int applied = schema.migrate();
        SchemaParity parity = schema.parity();
        LOG.info("Applied " + applied + " migration(s). " + parity.describe());
        return parity.newest();
    }
}
