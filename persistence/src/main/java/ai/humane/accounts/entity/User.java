package ai.humane.accounts.entity;

import ai.humane.tenancy.entity.Role;
import ai.humane.tenancy.entity.RoleConverter;
import ai.humane.tenancy.entity.TenantOwned;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/** A person who signs in to a tenant, with one role in it. */
@Entity
@Table(name = "users")
@NamedQuery(name = User.ALL, query = "SELECT u FROM User u ORDER BY u.createdAt, u.id")
public class User extends TenantOwned {

    public static final String ALL = "User.all";

    @Column(nullable = false)
    private String email;

    @Column(nullable = false)
    private String name;

    @Convert(converter = RoleConverter.class)
    @Column(nullable = false)
    private Role role;

    @Column(name = "password_hash")
    private String passwordHash;

    @Column(name = "email_verified", nullable = false)
    private boolean emailVerified;

    @Column(name = "verification_required", nullable = false)
    private boolean verificationRequired;

    protected User() {
    }

    public User(String email, String name, Role role) {
        this.email = email;
        this.name = name;
        this.role = role;
    }

    /** S7: writes wait for the e-mail to be verified. */
    public void requireVerificationBeforeWrites() {
        verificationRequired = true;
    }

    public void verifyEmail() {
        emailVerified = true;
        verificationRequired = false;
    }

    public void setPasswordHash(String passwordHash) {
        this.passwordHash = passwordHash;
    }

    public void assign(Role role) {
        this.role = role;
    }

    public String email() {
        return email;
    }

    public String name() {
        return name;
    }

    public Role role() {
        return role;
    }

    public boolean emailVerified() {
        return emailVerified;
    }

    public boolean verificationRequired() {
        return verificationRequired;
    }

    public String passwordHash() {
        return passwordHash;
    }
}
