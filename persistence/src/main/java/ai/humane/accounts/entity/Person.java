package ai.humane.accounts.entity;

import jakarta.persistence.Cacheable;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A person: one e-mail address and one password, whatever tenants they are a member of ({@link User} is a
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
