package ai.humane.sso.boundary;

import ai.humane.audit.control.AuditTrail;
import ai.humane.crypto.control.OpaqueToken;
import ai.humane.json.control.JsonP;
import ai.humane.paging.control.Listing;
import ai.humane.problems.control.Conflict;
import ai.humane.problems.control.InvalidField;
import ai.humane.problems.control.NotFound;
import ai.humane.sessions.boundary.Sessions;
import ai.humane.sso.control.PublicMailDomains;
import ai.humane.sso.entity.SsoDomain;
import ai.humane.tenancy.control.TenantScope;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptors;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.net.IDN;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The mail domains a tenant claims for SSO (S5, S6): claimed with a token we issue, verified when a TXT record
 * {@code _humane-verification.<domain>} holds {@code humane-verification=<token>}; public mail domains refused;
 * a domain verified by one tenant is refused to every other. Every change is audited (L1).
 */
@Stateless
@Interceptors(TenantScope.class)
public class SsoDomains {

    private static final String SHAPE = "[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+";

    @PersistenceContext(unitName = "humane")
    EntityManager em;

    @Inject
    DomainProofs proofs;

    @Inject
    AuditTrail audit;

    @Inject
    Sessions sessions;

    public SsoDomain claim(String typed) {
        String domain = canonical(typed);
        if (PublicMailDomains.contains(domain)) {
            throw new InvalidField("domain", "is a public mail domain; only an organisation's own domain can be verified");
        }
        if (!em.createQuery("SELECT d FROM SsoDomain d WHERE d.domain = :domain", SsoDomain.class)
                .setParameter("domain", domain).getResultList().isEmpty()) {
            throw new Conflict("The domain " + domain + " is already claimed by this tenant");
        }
        SsoDomain claimed = new SsoDomain(domain, OpaqueToken.generate().value());
        em.persist(claimed);
        em.flush();
        audit.record("sso.domain.claimed", "sso_domain", claimed.id().toString(), null,
                JsonP.createObjectBuilder().add("domain", domain).build());
        return claimed;
    }

    public Listing.Page<SsoDomain> list(int limit, String cursor) {
        return Listing.page(em, SsoDomain.class, null, Map.of(), limit, cursor);
    }

    public SsoDomain find(UUID id) {
        SsoDomain domain = em.find(SsoDomain.class, id);
        if (domain == null) {
            throw new NotFound("Domain " + id);
        }
        return domain;
    }

    /** Looks the TXT record up and marks the domain verified when it holds the token; refused otherwise. */
    public SsoDomain verify(UUID id) {
        SsoDomain domain = find(id);
        if (domain.verifiedAt() != null) {
            return domain;
        }
        if (!proofs.holds(domain.recordName(), domain.recordValue())) {
            throw new Conflict("No TXT record " + domain.recordName() + " holds " + domain.recordValue() + " yet");
        }
        if (proofs.taken(em, domain.domain())) {
            throw new Conflict("The domain " + domain.domain() + " is verified by another tenant");
        }
        domain.verified(OffsetDateTime.now(ZoneOffset.UTC));
        em.flush();
        audit.record("sso.domain.verified", "sso_domain", id.toString(), null,
                JsonP.createObjectBuilder().add("domain", domain.domain()).build());
        return domain;
    }

    /**
     * Requires SSO for the domain's people, or stops requiring it; only for a verified domain. Audited. Requiring it
     * also ends the sessions the domain's people (owners aside, who may break glass) opened here without the tenant's
     * provider, by password or Google: otherwise someone the provider has since removed keeps their sliding session
     * for up to 90 days.
     */
    public SsoDomain requireSso(UUID id, boolean required) {
        SsoDomain domain = find(id);
        if (required && domain.verifiedAt() == null) {
            throw new Conflict("Only a verified domain can require SSO");
        }
        boolean before = domain.requiresSso();
        domain.requireSso(required);
        em.flush();
        int ended = required && !before ? endSessionsOpenedWithoutTheProvider(domain.domain()) : 0;
        audit.record("sso.domain.enforcement_changed", "sso_domain", id.toString(),
                JsonP.createObjectBuilder().add("require_sso", before).build(),
                JsonP.createObjectBuilder().add("require_sso", required).add("sessions_ended", ended).build());
        return domain;
    }

    /** In the tenant in scope: revokes the live password and Google sessions of the domain's non-owners. */
    private int endSessionsOpenedWithoutTheProvider(String domain) {
        return em.createNativeQuery("UPDATE sessions s SET revoked_at = now() FROM users u"
                        + " WHERE u.tenant_id = s.tenant_id AND u.id = s.user_id AND s.revoked_at IS NULL AND s.by_password"
                        + " AND u.role <> 'owner' AND split_part(lower(u.email), '@', 2) = ?1")
                .setHint("eclipselink.jdbc.allow-native-sql-query", true).setParameter(1, domain).executeUpdate();
    }

    /**
     * Deleted; a verified domain takes back what the tenant's connections vouched for under it: the sessions they
     * opened for its people end, and their sign-ins waiting for a code or a confirmation are spent
     * ({@link Sessions#endOpenedForDomain}).
     */
    public void delete(UUID id) {
        SsoDomain domain = find(id);
        audit.record("sso.domain.deleted", "sso_domain", id.toString(),
                JsonP.createObjectBuilder().add("domain", domain.domain()).build(), null);
        boolean verified = domain.verifiedAt() != null;
        em.remove(domain);
        em.flush();
        if (verified) {
            sessions.endOpenedForDomain(domain.domain(), id);
        }
    }

    static String canonical(String typed) {
        String domain;
        try {
            domain = IDN.toASCII(typed.strip(), IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            throw new InvalidField("domain", "is not a domain name");
        }
        if (domain.endsWith(".")) {
            domain = domain.substring(0, domain.length() - 1);
        }
        if (domain.length() > 253 || !domain.matches(SHAPE)) {
            throw new InvalidField("domain", "is not a domain name");
        }
        return domain;
    }
}
