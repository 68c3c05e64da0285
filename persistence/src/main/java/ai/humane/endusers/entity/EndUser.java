package ai.humane.endusers.entity;

import ai.humane.tenancy.entity.TenantOwned;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.PreUpdate;
import jakarta.persistence.Table;
import java.text.Normalizer;
import java.time.OffsetDateTime;
import java.util.regex.Pattern;

/** A person on the tenant's side, known to us only by the tenant's external id and traits. */
@Entity
@Table(name = "end_users")
@NamedQuery(name = EndUser.BY_EXTERNAL_ID, query = "SELECT u FROM EndUser u WHERE u.externalId = :externalId")
public class EndUser extends TenantOwned {

    public static final String BY_EXTERNAL_ID = "EndUser.byExternalId";

    /**
     * What a new external id may be: none of its characters a control or format character (line breaks, escapes,
     * bidirectional overrides, zero-width characters), not starting or ending with a space. They travel into
     * webhooks, exports and the console, where such characters disguise one id as another. And in Unicode's
     * composed form (NFC), so that one id cannot be stored twice in two spellings that look alike ({@code ë} as one
     * character and as {@code e} with a combining diaeresis). Ids stored before the rule keep working: it is asked
     * of an id only when it is given to an end user.
     */
    public static final String EXTERNAL_ID = "[^\\p{Cc}\\p{Cf}\\p{Z}](?:[^\\p{Cc}\\p{Cf}]*[^\\p{Cc}\\p{Cf}\\p{Z}])?";
    public static final String EXTERNAL_ID_RULE = "must be in Unicode's composed form (NFC) and must not start or end"
            + " with a space or hold control or format characters";
    private static final Pattern EXTERNAL_ID_SHAPE = Pattern.compile(EXTERNAL_ID);

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

    /** Whether {@code externalId} may be given to an end user ({@link #EXTERNAL_ID}). */
    public static boolean acceptable(String externalId) {
        return EXTERNAL_ID_SHAPE.matcher(externalId).matches() && Normalizer.isNormalized(externalId, Normalizer.Form.NFC);
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
