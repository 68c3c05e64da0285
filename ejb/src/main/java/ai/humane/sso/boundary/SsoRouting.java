package ai.humane.sso.boundary;

import ai.humane.accounts.control.EmailAddress;
import ai.humane.sso.control.SsoConnections;
import ai.humane.sso.control.SsoRefused;
import ai.humane.tenancy.control.TenantScope;
import jakarta.ejb.Stateless;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code GET /auth/sso?email=}: the tenant that verified the e-mail's domain, then that tenant's connection, asking
 * each protocol's {@link SsoConnections} in turn. Only the domain is used; nothing is looked up by the address.
 */
@Stateless
public class SsoRouting {

    @PersistenceContext(unitName = "humane")
    EntityManager em;

    @Inject
    @Any
    Instance<SsoConnections> protocols;

    /** Where the browser of {@code typed} begins sign-in; refused as not configured when its domain has no SSO. */
    public String loginPath(String typed) {
        EmailAddress email = EmailAddress.parse("email", typed);
        String domain = email.value().substring(email.value().lastIndexOf('@') + 1);
        @SuppressWarnings("unchecked")
        List<Object> rows = em.createNativeQuery("SELECT sso_domain_tenant(?1)")
                .setHint("eclipselink.jdbc.allow-native-sql-query", true).setParameter(1, domain).getResultList();
        UUID tenant = rows.stream().filter(r -> r != null).findFirst().map(r -> UUID.fromString(r.toString()))
                .orElseThrow(SsoRefused::notConfigured);
        TenantScope.enter(em, tenant);
        return protocols.stream().map(protocol -> protocol.loginPath(em, tenant)).flatMap(Optional::stream).findFirst()
                .orElseThrow(SsoRefused::notConfigured);
    }
}
