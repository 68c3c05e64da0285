package ai.humane.sso.boundary;

import ai.humane.sso.control.DnsTxtRecords;
import ai.humane.sso.control.FileTxtRecords;
import ai.humane.sso.control.TxtRecords;
import ai.humane.status.control.AppEnvironment;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Where domain proofs are read: DNS always in production; in development the file SSO_DNS_FILE names when it is
 * set (the tests), so that no test asks real DNS.
 */
@ApplicationScoped
public class DomainProofs {

    @Inject
    AppEnvironment environment;

    @Inject
    @ConfigProperty(name = "sso.dns.file")
    Optional<String> file;

    private TxtRecords records;

    @PostConstruct
    void choose() {
        records = environment.production() || file.filter(f -> !f.isBlank()).isEmpty()
                ? new DnsTxtRecords() : new FileTxtRecords(Path.of(file.get()));
    }

    boolean holds(String name, String value) {
        return records.at(name).stream().anyMatch(value::equals);
    }

    /** Whether any tenant has verified {@code domain} (one exact domain, through a SECURITY DEFINER function). */
    boolean taken(EntityManager em, String domain) {
        Object answer = em.createNativeQuery("SELECT sso_domain_taken(?1)")
                .setHint("eclipselink.jdbc.allow-native-sql-query", true).setParameter(1, domain).getSingleResult();
        return Boolean.TRUE.equals(answer);
    }
}
