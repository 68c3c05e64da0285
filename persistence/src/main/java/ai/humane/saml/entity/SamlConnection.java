package ai.humane.saml.entity;

import ai.humane.tenancy.entity.TenantOwned;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.PreUpdate;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/**
 * One IdP a tenant signs its people in with: what its metadata said (kept as the last good copy, from the
 * XML given or the URL it is refreshed from), the role a first sign-in is given, and whether logins the IdP
 * starts on its own are accepted (off unless turned on).
 */
@Entity
@Table(name = "saml_connections")
public class SamlConnection extends TenantOwned {

    @Column(nullable = false)
    private String name;

    @Column(name = "idp_entity_id", nullable = false)
    private String idpEntityId;

    @Column(name = "idp_sso_url", nullable = false)
    private String idpSsoUrl;

    @Column(name = "idp_wants_signed_requests", nullable = false)
    private boolean idpWantsSignedRequests;

    @Column(name = "metadata_url")
    private String metadataUrl;

    @Column(name = "metadata_xml", nullable = false)
    private String metadataXml;

    @Column(name = "metadata_fetched_at")
    private OffsetDateTime metadataFetchedAt;

    @Column(name = "metadata_error")
    private String metadataError;

    @Column(name = "default_role", nullable = false)
    private String defaultRole = "member";

    @Column(name = "idp_initiated", nullable = false)
    private boolean idpInitiated;

    @Column(nullable = false)
    private boolean enabled = true;

    @Column(name = "updated_at", nullable = false)
    private OffsetDateTime updatedAt = OffsetDateTime.now();

    protected SamlConnection() {
    }

    public SamlConnection(String name, String defaultRole, boolean idpInitiated) {
        this.name = name;
        this.defaultRole = defaultRole;
        this.idpInitiated = idpInitiated;
    }

    /** What the IdP's metadata says; {@code url} is null for metadata given as XML. */
    public void describeIdp(String entityId, String ssoUrl, boolean wantsSignedRequests, String xml, String url,
            OffsetDateTime fetchedAt) {
        this.idpEntityId = entityId;
        this.idpSsoUrl = ssoUrl;
        this.idpWantsSignedRequests = wantsSignedRequests;
        this.metadataXml = xml;
        this.metadataUrl = url;
        this.metadataFetchedAt = fetchedAt;
        this.metadataError = null;
    }

    /** A refresh failed: the last good copy stays in force and the reason is shown. */
    public void refreshFailed(String reason, OffsetDateTime at) {
        this.metadataError = reason;
        this.metadataFetchedAt = at;
    }

    public void rename(String name) {
        this.name = name;
    }

    public void grantOnFirstSignIn(String role) {
        this.defaultRole = role;
    }

    public void allowIdpInitiated(boolean allowed) {
        this.idpInitiated = allowed;
    }

    public void enable(boolean enabled) {
        this.enabled = enabled;
    }

    @PreUpdate
    void stampUpdate() {
        updatedAt = OffsetDateTime.now();
    }

    public String name() {
        return name;
    }

    public String idpEntityId() {
        return idpEntityId;
    }

    public String idpSsoUrl() {
        return idpSsoUrl;
    }

    public boolean idpWantsSignedRequests() {
        return idpWantsSignedRequests;
    }

    public String metadataUrl() {
        return metadataUrl;
    }

    public String metadataXml() {
        return metadataXml;
    }

    public OffsetDateTime metadataFetchedAt() {
        return metadataFetchedAt;
    }

    public String metadataError() {
        return metadataError;
    }

    public String defaultRole() {
        return defaultRole;
    }

    public boolean idpInitiated() {
        return idpInitiated;
    }

    public boolean enabled() {
        return enabled;
    }

    public OffsetDateTime updatedAt() {
        return updatedAt;
    }
}
