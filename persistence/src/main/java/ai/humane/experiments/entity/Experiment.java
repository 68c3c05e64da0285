package ai.humane.experiments.entity;

import ai.humane.tenancy.entity.TenantOwned;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.PreUpdate;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** An A/B comparison of engines; variants are a JSON array of {name, engine_id, weight}. */
@Entity
@Table(name = "experiments")
public class Experiment extends TenantOwned {


    @Column(nullable = false)
    private String name;

    @Column(nullable = false)
    private String status = "draft";

    @Column(nullable = false)
    private String variants;

    @Column(name = "updated_at", nullable = false)
    private OffsetDateTime updatedAt = OffsetDateTime.now();

    protected Experiment() {
    }

    public Experiment(String name, String variants) {
        this.name = name;
        this.variants = variants;
    }

    public void rename(String name) {
        this.name = name;
    }

    public void moveTo(String status) {
        this.status = status;
    }

    public void redefine(String variants) {
        this.variants = variants;
    }

    @PreUpdate
    void stampUpdate() {
        updatedAt = OffsetDateTime.now();
    }

    public String name() {
        return name;
    }

    public String status() {
        return status;
    }

    public String variants() {
        return variants;
    }

    public OffsetDateTime updatedAt() {
        return updatedAt;
    }
}
