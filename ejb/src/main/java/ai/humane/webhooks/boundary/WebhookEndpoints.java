package ai.humane.webhooks.boundary;

import ai.humane.audit.control.AuditTrail;
import ai.humane.crypto.control.FieldEncryption;
import ai.humane.json.control.JsonP;
import ai.humane.mail.control.SendThrottle;
import ai.humane.paging.control.Listing;
import ai.humane.problems.control.Conflict;
import ai.humane.problems.control.NotFound;
import ai.humane.tenancy.control.TenantCaller;
import ai.humane.tenancy.control.TenantRowLock;
import ai.humane.tenancy.control.TenantScope;
import ai.humane.webhooks.control.EndpointChanges;
import ai.humane.webhooks.control.Receivers;
import ai.humane.webhooks.control.SigningSecret;
import ai.humane.webhooks.control.WebhookEvents;
import ai.humane.webhooks.entity.WebhookEndpoint;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptors;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.security.enterprise.SecurityContext;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

/**
 * A tenant's webhook endpoints (K2, W1, A3): URLs the SSRF guard accepted, at most {@link EndpointsPerTenant} of them,
 * secrets shown once and kept only sealed, rotation with overlap. Every change is audited in its transaction, without
 * the secret.
 */
@Stateless
@Interceptors(TenantScope.class)
public class WebhookEndpoints {

    public static final Duration DEFAULT_OVERLAP = Duration.ofHours(24);

    @PersistenceContext(unitName = "humane")
    EntityManager em;

    @Inject
    AuditTrail audit;

    @Inject
    Receivers receivers;

    @Inject
    FieldEncryption secrets;

    @Inject
    WebhookEvents events;

    @Inject
    SendThrottle throttle;

    @Inject
    SecurityContext security;

    @Inject
    EndpointsPerTenant endpointsPerTenant;

    @Inject
    EndpointNotices notices;

    /**
     * A new endpoint, unless the tenant has its ceiling of them already (409 {@code conflict}, nothing stored or
     * audited). The endpoints are counted under the tenant row's lock, so creates at the same moment take turns and
     * each counts what the one before committed: counted without it, under READ COMMITTED, all of them saw room for one.
     */
    public Created create(String url, String description, String eventTypes) {
        receivers.check(url);
        TenantRowLock.take(em, TenantCaller.of(security).tenantId());
        int ceiling = endpointsPerTenant.ceiling();
        if (em.createQuery("SELECT COUNT(e) FROM WebhookEndpoint e", Long.class).getSingleResult() >= ceiling) {
            throw new Conflict("A tenant has at most " + ceiling + " webhook endpoints; delete one first");
        }
        String secret = SigningSecret.generate();
        WebhookEndpoint endpoint = new WebhookEndpoint(url, description, eventTypes, secrets.seal(secret));
        em.persist(endpoint);
        em.flush();
        audit.record("webhook_endpoint.created", "webhook_endpoint", endpoint.id().toString(), null, audited(endpoint));
        return new Created(endpoint, secret);
    }

    public Listing.Page<WebhookEndpoint> list(int limit, String cursor) {
        return Listing.page(em, WebhookEndpoint.class, null, Map.of(), limit, cursor);
    }

    public WebhookEndpoint find(UUID id) {
        return find(id, LockModeType.NONE);
    }

    private WebhookEndpoint find(UUID id, LockModeType lock) {
        WebhookEndpoint endpoint = em.find(WebhookEndpoint.class, id, lock);
        if (endpoint == null) {
            throw new NotFound("Webhook endpoint " + id);
        }
        return endpoint;
    }

    /**
     * Null leaves a field as it is. Disabling holds the endpoint's pending deliveries and enabling puts them back, due
     * as they were (V43's trigger, in this transaction). A new URL or a disabling holds for the deliveries already
     * claimed too: once this commits, the lanes send none of them with what their claim read (EndpointNotices). A new
     * URL or an enabling starts the endpoint's failing spell afresh (V51), and the answer shows it.
     */
    public WebhookEndpoint update(UUID id, String url, String description, String eventTypes, Boolean enabled) {
        WebhookEndpoint endpoint = find(id);
        JsonObject before = audited(endpoint);
        if (url != null) {
            receivers.check(url);
            endpoint.pointAt(url);
        }
        if (description != null) {
            endpoint.describe(description);
        }
        if (eventTypes != null) {
            endpoint.subscribe(eventTypes);
        }
        if (enabled != null) {
            endpoint.enable(enabled, "disabled by the tenant");
        }
        em.flush();
        if (url != null || enabled != null) {
            notices.onCommit(id, generation(id));
            // A new URL or an enabling ends a failing spell (V51's trigger, on a column the entity only reads).
            em.refresh(endpoint);
        }
        audit.record("webhook_endpoint.updated", "webhook_endpoint", id.toString(), before, audited(endpoint));
        return endpoint;
    }

    /** Deletes the endpoint with its deliveries; those already claimed are dropped by the lanes once this commits. */
    public void delete(UUID id) {
        WebhookEndpoint endpoint = find(id);
        JsonObject before = audited(endpoint);
        em.remove(endpoint);
        em.flush();
        notices.onCommit(id, EndpointChanges.GONE);
        audit.record("webhook_endpoint.deleted", "webhook_endpoint", id.toString(), before, null);
    }

    /**
     * A new secret signs from now on; the current one keeps signing beside it for {@code overlap}. The row is read
     * locked: two rotations at once take turns, the second keeping the first one's secret as its previous one. Read
     * unlocked, both kept the secret they had read, so the first one's answered secret never signed anything. Once this
     * commits, no delivery already claimed is signed with the secrets its claim read.
     */
    public Created rotate(UUID id, Duration overlap) {
        WebhookEndpoint endpoint = find(id, LockModeType.PESSIMISTIC_WRITE);
        JsonObject before = audited(endpoint);
        String secret = SigningSecret.generate();
        endpoint.rotate(secrets.seal(secret), OffsetDateTime.now().plus(overlap));
        em.flush();
        notices.onCommit(id, generation(id));
        audit.record("webhook_endpoint.secret_rotated", "webhook_endpoint", id.toString(), before, audited(endpoint));
        return new Created(endpoint, secret);
    }

    /**
     * Queues a {@code webhook.test} event for this endpoint alone; answers the event id. Counted per receiver
     * URL and per tenant, so test events cannot be aimed at somebody's server in bulk (429 past a ceiling).
     */
    public UUID test(UUID id) {
        WebhookEndpoint endpoint = find(id);
        throttle.webhookTestOrRefuse(TenantCaller.of(security).tenantId(), endpoint.url());
        return events.emitTo(endpoint.id(), "webhook.test", JsonP.createObjectBuilder()
                .add("endpoint_id", endpoint.id().toString())
                .add("message", "A test event from Humane").build());
    }

    /** The generation this transaction's change gave the endpoint (V45's trigger, which the entity does not map). */
    private long generation(UUID id) {
        return ((Number) em.createNativeQuery("SELECT generation FROM webhook_endpoints WHERE id = ?1")
                .setHint("eclipselink.jdbc.allow-native-sql-query", true)
                .setParameter(1, id).getSingleResult()).longValue();
    }

    private static JsonObject audited(WebhookEndpoint endpoint) {
        var fields = JsonP.createObjectBuilder()
                .add("url", endpoint.url())
                .add("events", endpoint.events())
                .add("enabled", endpoint.enabled());
        if (endpoint.description() != null) {
            fields.add("description", endpoint.description());
        }
        if (endpoint.previousSecretUntil() != null) {
            fields.add("rotation_overlap_until", endpoint.previousSecretUntil().toInstant().toString());
        }
        return fields.build();
    }

    /** An endpoint with the clear secret it was just given: the only moment the secret exists outside a token. */
    public record Created(WebhookEndpoint endpoint, String secret) {
    }
}
