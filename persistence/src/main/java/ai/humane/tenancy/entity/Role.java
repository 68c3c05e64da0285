package ai.humane.tenancy.entity;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Tenant roles (T2), strongest first. A role grants every role below it. */
public enum Role {
    OWNER, ADMIN, MEMBER, VIEWER;

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Role> of(String value) {
        return Arrays.stream(values()).filter(r -> r.value().equals(value)).findFirst();
    }

    /** The role names this role satisfies in {@code @RolesAllowed}. */
    public List<String> granted() {
        return Arrays.stream(values()).filter(r -> r.ordinal() >= ordinal()).map(Role::value).toList();
    }

    public boolean atLeast(Role other) {
        return ordinal() <= other.ordinal();
    }

    /** The weaker of the two: what an API key acts with beside its member's role (api_key_by_prefix). */
    public Role lesser(Role other) {
        return atLeast(other) ? other : this;
    }
}
