package ai.humane.status.boundary;

import ai.humane.outbound.control.HostResolver;
import ai.humane.outbound.control.OutboundClient;
import ai.humane.outbound.control.OutboundLimits;
import ai.humane.outbound.control.PublicUrlGuard;
import ai.humane.status.control.AppEnvironment;
import ai.humane.status.control.BackupAgeProbe;
import ai.humane.status.control.BacklogProbe;
import ai.humane.status.control.CertificateProbe;
import ai.humane.status.control.CertificateTrust;
import ai.humane.status.control.ConnectionSource;
import ai.humane.status.control.DatabaseProbe;
import ai.humane.status.control.Probe;
import ai.humane.status.control.ProbeSet;
import ai.humane.status.control.SchemaProbe;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Which probes this deployment runs (O2), from its settings: the certificate only when PUBLIC_BASE_URL is
 * https, the backup age only when backups are configured (BACKUP_TARGET).
 */
@ApplicationScoped
public class ProbeSettings {

    /** Slower than this round trip is degraded; no answer within {@link #TIMEOUT} is an outage. */
    static final Duration SLOW = Duration.ofMillis(500);
    static final Duration TIMEOUT = Duration.ofSeconds(5);
    /** The whole certificate exchange, well inside a one-minute round. */
    static final Duration HANDSHAKE = Duration.ofSeconds(10);

    @Inject
    AppEnvironment environment;

    @Inject
    StartupChecks startup;

    @Inject
    @ConfigProperty(name = "db.url")
    String url;

    @Inject
    @ConfigProperty(name = "db.user")
    String user;

    @Inject
    @ConfigProperty(name = "db.password")
    Optional<String> password;

    @Inject
    @ConfigProperty(name = "public.base.url")
    String baseUrl;

    @Inject
    @ConfigProperty(name = "outbound.allowlist")
    Optional<String> allowList;

    @Inject
    @ConfigProperty(name = "backup.target")
    Optional<String> backupTarget;

    ProbeSet probes(DataSource pool) {
        ConnectionSource pooled = pool::getConnection;
        List<Probe> probes = new ArrayList<>();
        probes.add(new DatabaseProbe(DatabaseProbe.direct(url, user, password.orElse(""), TIMEOUT), SLOW, TIMEOUT));
        probes.add(new SchemaProbe(pooled, startup::newestVersion));
        if (baseUrl.toLowerCase(Locale.ROOT).startsWith("https://")) {
            probes.add(certificate());
        }
        probes.add(BacklogProbe.webhooks(pooled));
        probes.add(BacklogProbe.mail(pooled));
        if (backupTarget.filter(target -> !target.isBlank()).isPresent()) {
            probes.add(new BackupAgeProbe(pooled));
        }
        return new ProbeSet(probes);
    }

    private Probe certificate() {
        boolean production = environment.production();
        List<String> allowed = production ? List.of() : allowList.map(value -> Arrays.stream(value.split(","))
                .map(String::strip).filter(entry -> !entry.isEmpty()).toList()).orElse(List.of());
        PublicUrlGuard guard = new PublicUrlGuard(HostResolver.dns(), allowed, production);
        OutboundLimits limits = OutboundLimits.production().withDeadline(HANDSHAKE);
        return new CertificateProbe(baseUrl, () -> new OutboundClient(guard, limits,
                CertificateTrust.forPublicHost(baseUrl, production, allowed)), Clock.systemUTC());
    }
}
