package ai.humane.webhooks.boundary;

import ai.humane.audit.control.AuditTrail;
import ai.humane.crypto.control.FieldEncryption;
import ai.humane.engines.entity.Engine;
import ai.humane.json.control.JsonP;
import ai.humane.problems.control.NotFound;
import ai.humane.tenancy.control.TenantScope;
import ai.humane.webhooks.control.SigningSecret;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptors;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Issues an engine's inbound secret (W2, K2): shown once, kept sealed; issuing again rotates it, the
 * current secret still accepted for the overlap. Audited without the secret.
 */
@Stateless
@Interceptors(TenantScope.class)
public class InboundSecrets {

    private static final String ISSUE = """
            INSERT INTO inbound_secrets (engine_id, tenant_id, secret) VALUES (?1, humane_current_tenant(), ?2)
            ON CONFLICT (engine_id) DO UPDATE
               SET previous_secret = inbound_secrets.secret, previous_secret_until = ?3,
                   secret = excluded.secret, updated_at = now()""";

    @PersistenceContext(unitName = "humane")
    EntityManager em;

    @Inject
    FieldEncryption secrets;

    @Inject
    AuditTrail audit;

    /** Answers the new secret; a previous one is accepted until {@code now + overlap}. */
    public Issued issue(UUID engineId, Duration overlap) {
        if (em.find(Engine.class, engineId) == null) {
            throw new NotFound("Engine " + engineId);
        }
        String secret = SigningSecret.generate();
        Instant overlapEnds = Instant.now().plus(overlap);
        int written = em.createNativeQuery(ISSUE)
                .setHint("eclipselink.jdbc.allow-native-sql-query", true)
                .setParameter(1, engineId).setParameter(2, secrets.seal(secret))
                .setParameter(3, Timestamp.from(overlapEnds)).executeUpdate();
        if (written != 1) {
            throw new IllegalStateException("The inbound secret of engine " + engineId + " was not written");
        }
        audit.record("engine.inbound_secret_issued", "engine", engineId.toString(), null,
                JsonP.createObjectBuilder().add("previous_accepted_until", overlapEnds.toString()).build());
        return new Issued(engineId, secret, overlapEnds);
    }

    /** The clear secret, this once. */
    public record Issued(UUID engineId, String secret, Instant previousAcceptedUntil) {
    }
}
