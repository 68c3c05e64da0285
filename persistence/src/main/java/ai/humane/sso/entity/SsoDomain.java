package ai.humane.sso.entity;

import ai.humane.tenancy.entity.TenantOwned;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** A mail domain a tenant claims, verified once a DNS TXT record under it holds the token we issued. */
@Entity
@Table(name = "sso_domains")
@NamedQuery(name = SsoDomain.VERIFIED, query = "SELECT d FROM SsoDomain d WHERE d.domain = :domain AND d.verifiedAt IS NOT NULL")
public class SsoDomain extends TenantOwned {

    public static final String VERIFIED = "SsoDomain.verified";
    /** The TXT record's name is this label under the domain. */
    public static final String RECORD_LABEL = "_humane-verification";

    @Column(nullable = false, updatable = false)
    private String domain;

    @Column(nullable = false, updatable = false)
    private String token;

    @Column(name = "verified_at")
    private OffsetDateTime verifiedAt;

    @Column(name = "require_sso", nullable = false)
    private boolean requireSso;

    protected SsoDomain() {
    }

    public SsoDomain(String domain, String token) {
        this.domain = domain;
        this.token = token;
    }

    public void verified(OffsetDateTime at) {
        this.verifiedAt = at;
    }

    /** Whether password sign-in of this domain's people is refused (owners excepted); only a verified domain may. */
    public void requireSso(boolean required) {
        this.requireSso = required;
    }

    public boolean requiresSso() {
        return requireSso;
    }

    public String domain() {
        return domain;
    }

    public String recordName() {
        return RECORD_LABEL + "." + domain;
    }

    public String recordValue() {
        return "humane-verification=" + token;
    }

    public OffsetDateTime verifiedAt() {
        return verifiedAt;
    }
}
