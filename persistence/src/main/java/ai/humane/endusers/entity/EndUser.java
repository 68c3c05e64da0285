package ai.humane.endusers.entity;

import ai.humane.tenancy.entity.TenantOwned;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.PreUpdate;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** A person on the tenant's side, known to us only by the tenant's external id and traits. */
@Entity
@Table(name = "end_users")
@NamedQuery(name = EndUser.BY_EXTERNAL_ID, query = "SELECT u FROM EndUser u WHERE u.externalId = :externalId")
public class EndUser extends TenantOwned {

    public static final String BY_EXTERNAL_ID = "EndUser.byExternalId";

    @Column(name = "external_id", nullable = false)
    private String externalId;

    /** JSON object, stored as jsonb. */
    @Column(nullable = false)
    private String traits;

    @Column(name = "updated_at", nullable = false)
    private OffsetDateTime updatedAt = OffsetDateTime.now();

    protected EndUser() {
    }

    public EndUser(String externalId, String traits) {
        this.externalId = externalId;
        this.traits = traits;
    }

    public void describe(String traits) {
        this.traits = traits;
    }

    public void reidentify(String externalId) {
        this.externalId = externalId;
    }

    @PreUpdate
    void stampUpdate() {
        updatedAt = OffsetDateTime.now();
    }

    public String externalId() {
        return externalId;
    }

    public String traits() {
        return traits;
    }

    public OffsetDateTime updatedAt() {
        return updatedAt;
    }
}
