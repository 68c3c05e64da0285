package ai.humane.accounts.entity;

import jakarta.persistence.Cacheable;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A person: one e-mail address, one password, one e-mail verification and one second factor (V27), whatever tenants they are a member of ({@link User} is a
 * membership). Row-level security shows a tenant only its own members. Never in the shared cache: a row read in
 * one tenant must not answer a look-up made in another, where the database would not have shown it.
 */
@Entity
@Cacheable(false)
@Table(name = "people")
public class Person {

    @Id
    private UUID id = UUID.randomUUID();

    @Column(nullable = false, updatable = false)
    private String email;

    @Column(name = "password_hash")
    private String passwordHash;

    /** When the person proved the address (S7), in whatever tenant: it counts in all of them (V27). */
    @Column(name = "email_verified_at")
    private OffsetDateTime emailVerifiedAt;

    @Column(name = "created_at", nullable = false, updatable = false)
    private OffsetDateTime createdAt = OffsetDateTime.now();

    protected Person() {
    }

    public Person(String email, String passwordHash) {
        this.email = email;
        this.passwordHash = passwordHash;
    }

    public void setPasswordHash(String passwordHash) {
        this.passwordHash = passwordHash;
    }

    /** The address is proven; the first proof's moment stays. */
    public void verifyEmail() {
        if (emailVerifiedAt == null) {
            emailVerifiedAt = OffsetDateTime.now();
        }
    }

    public boolean emailVerified() {
        return emailVerifiedAt != null;
    }

    public UUID id() {
        return id;
    }

    public String email() {
        return email;
    }

    public String passwordHash() {
        return passwordHash;
    }
}
