package ai.humane.saml.entity;

import ai.humane.tenancy.entity.TenantOwned;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * One signing certificate a connection's IdP publishes; a connection trusts all of its certificates at once,
 * so the IdP can roll its key over. Owners are told once, 30 days before {@code notAfter}.
 */
@Entity
@Table(name = "saml_certificates")
public class SamlCertificate extends TenantOwned {

    @Column(name = "connection_id", nullable = false)
    private UUID connectionId;

    @Column(nullable = false)
    private byte[] der;

    @Column(nullable = false)
    private String sha256;

    @Column(nullable = false)
    private String subject;

    @Column(name = "not_after", nullable = false)
    private OffsetDateTime notAfter;

    @Column(name = "expiry_notified_at", insertable = false, updatable = false)
    private OffsetDateTime expiryNotifiedAt;

    protected SamlCertificate() {
    }

    public SamlCertificate(UUID connectionId, byte[] der, String sha256, String subject, OffsetDateTime notAfter) {
        this.connectionId = connectionId;
        this.der = der.clone();
        this.sha256 = sha256;
        this.subject = subject;
        this.notAfter = notAfter;
    }

    public UUID connectionId() {
        return connectionId;
    }

    public byte[] der() {
        return der.clone();
    }

    public String sha256() {
        return sha256;
    }

    public String subject() {
        return subject;
    }

    public OffsetDateTime notAfter() {
        return notAfter;
    }

    public OffsetDateTime expiryNotifiedAt() {
        return expiryNotifiedAt;
    }
}
