package ai.humane.tenancy.control;

import ai.humane.tenancy.entity.Role;
import ai.humane.tenancy.entity.Scope;
import jakarta.security.enterprise.CallerPrincipal;
import jakarta.security.enterprise.SecurityContext;
import java.util.Optional;
import java.util.UUID;

/**
 * The authenticated caller: which tenant it acts in, who it is (a user or an API key), its role and,
 * for API keys, its scope. Every tenant-scoped business method reads the tenant from here.
 */
public class TenantCaller extends CallerPrincipal {

    private final UUID tenantId;
    private final UUID actorId;
    private final Kind kind;
    private final Role role;
    private final Scope scope;
    private final boolean verificationPending;
    private final String plan;

    public TenantCaller(UUID tenantId, UUID actorId, Kind kind, Role role, Scope scope) {
        this(tenantId, actorId, kind, role, scope, false);
    }

    /** {@code verificationPending}: a user signed up from a new IP whose e-mail is not verified yet (S7). */
    public TenantCaller(UUID tenantId, UUID actorId, Kind kind, Role role, Scope scope, boolean verificationPending) {
        this(tenantId, actorId, kind, role, scope, verificationPending, null);
    }

    /**
     * {@code plan}: the tenant's plan, read in the same round trip as the credential itself (every credential's lookup
     * runs on every request, so the plan is as current as the credential's standing: A1, V28, V29).
     */
    public TenantCaller(UUID tenantId, UUID actorId, Kind kind, Role role, Scope scope,
            boolean verificationPending, String plan) {
        super(kind.name().toLowerCase(java.util.Locale.ROOT) + ":" + actorId);
        this.tenantId = tenantId;
        this.actorId = actorId;
        this.kind = kind;
        this.role = role;
        this.scope = scope;
        this.verificationPending = verificationPending;
        this.plan = plan;
    }

    public UUID tenantId() {
        return tenantId;
    }

    public UUID actorId() {
        return actorId;
    }

    public Kind kind() {
        return kind;
    }

    public Role role() {
        return role;
    }

    public Scope scope() {
        return scope;
    }

    /** The caller of the current request; fails closed when there is none. */
    public static TenantCaller of(SecurityContext security) {
        return security.getPrincipalsByType(TenantCaller.class).stream()
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("No authenticated tenant caller for a tenant-scoped call"));
    }

    public boolean mayWrite() {
        return scope == Scope.WRITE;
    }

    public boolean verificationPending() {
        return verificationPending;
    }

    /** The tenant's plan as the credential's lookup read it; empty for a caller made without one (tests). */
    public Optional<String> plan() {
        return Optional.ofNullable(plan);
    }

    /** What kind of credential authenticated the caller. */
    public enum Kind {
        USER, API_KEY
    }
}
