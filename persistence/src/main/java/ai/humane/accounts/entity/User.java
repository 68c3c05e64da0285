package ai.humane.accounts.entity;

import ai.humane.tenancy.entity.Role;
import ai.humane.tenancy.entity.RoleConverter;
import ai.humane.tenancy.entity.TenantOwned;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.util.UUID;

/**
 * A membership: a {@link Person} in one tenant, with the role they hold there. Every tenant table references this
 * row; the address is a copy of the person's that the database keeps equal (V26), the password is the person's.
 */
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

    @Column(name = "person_id", nullable = false, updatable = false)
    private UUID personId;

    @Column(name = "verification_required", nullable = false)
    private boolean verificationRequired;

    protected User() {
    }

    /**
     * A person's first membership. A further one, of a person who is a member elsewhere, is written by the database
     * as it accepts their invitation (V39).
     */
    public User(Person person, String name, Role role) {
        this.personId = person.id();
        this.email = person.email();
        this.name = name;
        this.role = role;
    }

    /** S7: writes wait for the e-mail to be verified. */
    public void requireVerificationBeforeWrites() {
        verificationRequired = true;
    }

    /** The person proved the address ({@link Person#verifyEmail}, V27): this membership's writes wait no more. */
    public void emailProven() {
        verificationRequired = false;
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

    public boolean verificationRequired() {
        return verificationRequired;
    }

    public UUID personId() {
        return personId;
    }
}
