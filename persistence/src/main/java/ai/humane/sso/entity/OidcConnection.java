package ai.humane.sso.entity;

import ai.humane.tenancy.entity.Role;
import ai.humane.tenancy.entity.RoleConverter;
import ai.humane.tenancy.entity.TenantOwned;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** A tenant's own OpenID provider (S5): where its people sign in, and the role a first sign-in is given. */
@Entity
@Table(name = "oidc_connections")
public class OidcConnection extends TenantOwned {

    @Column(nullable = false)
    private String name;

    @Column(nullable = false)
    private String issuer;

    @Column(name = "client_id", nullable = false)
    private String clientId;

    /** A Fernet token (K3), never the secret itself; never answered. */
    @Column(name = "client_secret", nullable = false)
    private String sealedClientSecret;

    @Convert(converter = RoleConverter.class)
    @Column(name = "default_role", nullable = false)
    private Role defaultRole;

    @Column(name = "updated_at", nullable = false)
    private OffsetDateTime updatedAt = OffsetDateTime.now();

    protected OidcConnection() {
    }

    public OidcConnection(String name, String issuer, String clientId, String sealedClientSecret, Role defaultRole) {
        this.name = name;
        this.issuer = issuer;
        this.clientId = clientId;
        this.sealedClientSecret = sealedClientSecret;
        this.defaultRole = defaultRole;
    }

    /** Applies the fields given (null: unchanged). */
    public void change(String name, String issuer, String clientId, String sealedClientSecret, Role defaultRole) {
        this.name = name == null ? this.name : name;
        this.issuer = issuer == null ? this.issuer : issuer;
        this.clientId = clientId == null ? this.clientId : clientId;
        this.sealedClientSecret = sealedClientSecret == null ? this.sealedClientSecret : sealedClientSecret;
        this.defaultRole = defaultRole == null ? this.defaultRole : defaultRole;
        this.updatedAt = OffsetDateTime.now();
    }

    public String name() {
        return name;
    }

    public String issuer() {
        return issuer;
    }

    public String clientId() {
        return clientId;
    }

    public Role defaultRole() {
        return defaultRole;
    }

    public OffsetDateTime updatedAt() {
        return updatedAt;
    }
}
