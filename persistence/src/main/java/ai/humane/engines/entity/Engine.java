package ai.humane.engines.entity;

import ai.humane.tenancy.entity.TenantOwned;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.PreUpdate;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** An analysis engine of a tenant: the built-in lexicon, or an LLM provider the tenant points us at. */
@Entity
@Table(name = "engines")
public class Engine extends TenantOwned {


    @Column(nullable = false)
    private String name;

    @Column(nullable = false, updatable = false)
    private String kind;

    /** JSON object, stored as jsonb. */
    @Column(nullable = false)
    private String config;

    @Column(name = "provider_url")
    private String providerUrl;

    /** A Fernet token (K3), never the key itself; never answered. */
    @Column(name = "provider_api_key")
    private String sealedProviderApiKey;

    /** An owner or admin says the provider signed a BAA with them (O6); a new provider URL clears it. */
    @Column(name = "baa_covered", nullable = false)
    private boolean baaCovered;

    @Column(name = "updated_at", nullable = false)
    private OffsetDateTime updatedAt = OffsetDateTime.now();

    protected Engine() {
    }

    public Engine(String name, String kind, String config, String providerUrl) {
        this.name = name;
        this.kind = kind;
        this.config = config;
        this.providerUrl = providerUrl;
    }

    public void rename(String name) {
        this.name = name;
    }

    public void reconfigure(String config) {
        this.config = config;
    }

    public void pointAt(String providerUrl) {
        if (!providerUrl.equals(this.providerUrl)) {
            this.baaCovered = false;
        }
        this.providerUrl = providerUrl;
    }

    /** Keeps the provider key as a Fernet token sealed by the caller (K3). */
    public void keepSealedKey(String token) {
        this.sealedProviderApiKey = token;
    }

    public void coverByBaa(boolean covered) {
        this.baaCovered = covered;
    }

    public boolean baaCovered() {
        return baaCovered;
    }

    public boolean hasProviderApiKey() {
        return sealedProviderApiKey != null;
    }

    @PreUpdate
    void stampUpdate() {
        updatedAt = OffsetDateTime.now();
    }

    public String name() {
        return name;
    }

    public String kind() {
        return kind;
    }

    public String config() {
        return config;
    }

    public String providerUrl() {
        return providerUrl;
    }

    public OffsetDateTime updatedAt() {
        return updatedAt;
    }
}
